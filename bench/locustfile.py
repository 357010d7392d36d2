"""The Locust users of the load test (``load.py`` runs this file headless).

Three kinds of people, as on a county's busy morning (the 14th, when the monthly reports
are due): helpers log talks and open their work lists, clerks browse and search the roster,
open files and fill and submit their township's monthly report, leaders open dashboards and
review pages. Each logs in through the login form (GET, read the CSRF token, POST; django-
axes sees a real login) and sends ``X-CSRFToken`` on API posts.

Every request is named by its *kind* ("worklist", "roster search" …); ``load.py`` reads the
samples this file writes (``LOAD_SAMPLES``: one line per request, ``time kind ms ok
status``) and computes the percentiles itself, per kind and per step of the knee mode.

Environment: ``LOAD_PLAN`` (the JSON of ``load_data.build``), ``LOAD_SAMPLES``, and
``LOAD_KNEE=start,factor,step_seconds,max_users`` for the knee mode (users stepped up by
``factor`` every ``step_seconds``), else ``LOAD_USERS=helpers,clerks,leaders`` (exact).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from locust import LoadTestShape, between, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
SAMPLES = Path(os.environ["LOAD_SAMPLES"]).open("a", encoding="utf-8", buffering=1)  # noqa: SIM115
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SUBMIT = re.compile(r'action="/reports/monthly/report/(\d+)/submit/"')
REPORT_LINK = re.compile(r'href="/reports/monthly/report/(\d+)/"')
SUMMARIES = [
    "谈心：最近学习积极，作业按时完成，鼓励继续保持。",
    "谈心：与同学发生小矛盾，已引导和好。",
    "家访：与奶奶交流孩子在家情况，生活照料较好。",
]
_accounts = {kind: itertools.cycle(PLAN[kind]) for kind in ("helpers", "clerks", "leaders")}


def today() -> date:
    """The server's day (Asia/Shanghai): a record may not be dated in the future."""
    return datetime.now(tz=ZoneInfo("Asia/Shanghai")).date()


@events.request.add_listener
def _sample(name: str, response_time: float, exception: Any, response: Any, **_: Any) -> None:
    status = getattr(response, "status_code", 0) or 0
    SAMPLES.write(
        f"{time.time():.3f}\t{name}\t{response_time:.1f}\t{int(exception is None)}\t{status}\n"
    )


class Person(FastHttpUser):
    """A logged-in person of the county; subclasses say who and what they do."""

    abstract = True
    kind = ""
    token = ""

    def on_start(self) -> None:
        self.account = next(_accounts[self.kind])
        page = self.client.get("/accounts/login/", name="login page")
        self.token = self._token(page.text or "")
        with self.client.post(
            "/accounts/login/",
            data={"username": self.account["username"], "password": PLAN["password"]},
            headers={"X-CSRFToken": self.token, "Referer": self.host + "/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            self._check(response)

    def cookie_token(self) -> str:
        """The ``csrftoken`` cookie, as a page's script sends it on API posts (the token of
        the last form may be older than the login, which rotates it)."""
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken" and cookie.value:
                return str(cookie.value)
        return self.token

    def _token(self, html: str) -> str:
        found = TOKEN.search(html)
        return found.group(1) if found else self.token

    @staticmethod
    def _check(response: Any, expect: str = "") -> None:
        """Fail a response that is an error or landed on the login page (session lost)."""
        url = str(getattr(response, "url", "") or "")
        if response.status_code >= 400:
            response.failure(f"HTTP {response.status_code}")
        elif "/accounts/login/" in url or "/accounts/password/" in url:
            response.failure(f"sent to {url}")
        elif expect and expect not in (response.text or ""):
            response.failure(f"no {expect!r} in the page")
        else:
            response.success()

    def get(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            self._check(response)
            text = response.text or ""
        self.token = self._token(text)
        return text

    def post(self, url: str, name: str, data: dict[str, Any], *, leaves: bool = False) -> str:
        """POST a form; ``leaves``: a saved form redirects away, one refused stays."""
        with self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": self.token},
            headers={"Referer": self.host + url},
            name=name,
            catch_response=True,
        ) as response:
            self._check(response)
            if leaves and str(getattr(response, "url", "")).split("?")[0].endswith(url):
                response.failure("the form was refused")
            text = response.text or ""
        self.token = self._token(text)
        return text


class Helper(Person):
    """A class teacher or paired cadre: the work list, then a talk logged (form or API)."""

    kind = "helpers"
    weight = 300
    wait_time = between(20, 60)

    @task(3)
    def worklist(self) -> None:
        self.get("/care/", "worklist")

    @task(2)
    def log_talk_form(self) -> None:
        person = random.choice(self.account["persons"])
        self.get(f"/care/records/new/?person={person}&kind=talk", "care record form")
        self.post(
            "/care/records/new/",
            "care record save",
            {
                "persons": person,
                "kind": "talk",
                "occurred_on": today().isoformat(),
                "summary": random.choice(SUMMARIES),
                "mood": random.randint(3, 5),
            },
            leaves=True,
        )

    @task(1)
    def log_talk_api(self) -> None:
        person = random.choice(self.account["persons"])
        with self.client.post(
            "/api/care/records",
            json={
                "person_ids": [person],
                "kind": "talk",
                "occurred_on": today().isoformat(),
                "summary": random.choice(SUMMARIES),
                "mood": 4,
            },
            headers={"X-CSRFToken": self.cookie_token(), "Referer": self.host + "/care/"},
            name="care record API",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}: {(response.text or '')[:200]}")
            else:
                response.success()


class Clerk(Person):
    """A township's worker: the roster, pinyin searches, files, the monthly report."""

    kind = "clerks"
    weight = 40
    wait_time = between(5, 15)
    submitted = False

    @task(4)
    def roster(self) -> None:
        self.get(f"/persons/?page={random.randint(1, 5)}", "roster page")

    @task(3)
    def search(self) -> None:
        # Names are 张<n>, pinyin zhang<n>: a prefix of a number finds a handful.
        person = random.choice(self.account["persons"])
        self.get(f"/persons/?q=zhang{person - 1}", "roster search")

    @task(4)
    def person_file(self) -> None:
        self.get(f"/persons/{random.choice(self.account['persons'])}/", "person file")

    @task(1)
    def monthly_report(self) -> None:
        unit, month = self.account["township"], PLAN["month"]
        self.get(f"/reports/monthly/{unit}/{month}/", "report month")
        if self.submitted:
            return
        # Start (or reopen) the draft: the response is the report's page after the redirect.
        page = self.post(f"/reports/monthly/{unit}/{month}/start/", "report start", {})
        found = SUBMIT.search(page)
        version = VERSION.search(page)
        if found and version:
            self.post(
                f"/reports/monthly/report/{found.group(1)}/submit/",
                "report submit",
                {"version": version.group(1)},
            )
            self.submitted = True


class Leader(Person):
    """A county leader: dashboards, the month's reports of the townships, the warnings."""

    kind = "leaders"
    weight = 10
    wait_time = between(10, 30)

    @task(3)
    def dashboard(self) -> None:
        self.get(f"/reports/dashboard/{PLAN['county']}/{PLAN['month']}/", "dashboard")

    @task(2)
    def review(self) -> None:
        page = self.get(f"/reports/monthly/{PLAN['county']}/{PLAN['month']}/", "review month")
        reports = REPORT_LINK.findall(page)
        if reports:
            self.get(f"/reports/monthly/report/{random.choice(reports)}/", "report page")

    @task(1)
    def warnings(self) -> None:
        self.get("/care/warnings/", "warnings")

    @task(1)
    def reports_index(self) -> None:
        self.get("/reports/", "report index")


def _fixed_counts(counts: str) -> None:
    """Exact numbers of each user (Locust would otherwise share them out by weight)."""
    for user, count in zip((Helper, Clerk, Leader), counts.split(","), strict=True):
        user.fixed_count = int(count)


if os.environ.get("LOAD_USERS"):
    _fixed_counts(os.environ["LOAD_USERS"])

if os.environ.get("LOAD_KNEE"):

    class KneeShape(LoadTestShape):
        """Start with ``start`` users, multiply by ``factor`` every ``step`` seconds, stop
        after the step past ``max_users`` (``load.py`` stops earlier once p95 crosses 1 s)."""

        start_users, factor, step, max_users = (
            float(x) for x in os.environ["LOAD_KNEE"].split(",")
        )

        def tick(self) -> tuple[int, float] | None:
            n = int(self.get_run_time() // self.step)
            users = round(self.start_users * self.factor**n)
            if users > self.max_users * self.factor:
                return None
            return users, max(1.0, users / 10)
