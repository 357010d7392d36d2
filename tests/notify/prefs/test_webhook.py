"""A unit's WeChat Work group robot: set by a leader of the unit, tested against a robot of
our own (a local HTTP server answering as WeChat Work does)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.notify.models import UnitWebhook
from guanai.notify.prefs import robots
from tests import factories
from tests.conftest import Region, logged_in

REAL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2sifa1234"


class Robot(ThreadingHTTPServer):
    answer: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}
    received: list[dict[str, Any]]


class _Handler(BaseHTTPRequestHandler):
    server: Robot

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(json.loads(body))
        raw = json.dumps(self.server.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def robot(settings: Any) -> Iterator[tuple[Robot, str]]:
    settings.GUANAI_WEBHOOK_ANY_HOST = True
    server = Robot(("127.0.0.1", 0), _Handler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield (
        server,
        f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send?key=test-key-9876",
    )
    server.shutdown()
    server.server_close()


@pytest.fixture
def leader(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.LEADER)


def _url(region: Region) -> str:
    return reverse("notify:webhook", args=[region.lengqi.pk])


def test_a_leader_sets_the_robot_and_it_is_shown_masked(
    region: Region, leader: User, robot: tuple[Robot, str], test_kinds: object
) -> None:
    _server, url = robot
    client = logged_in(leader)
    assert client.get(_url(region)).status_code == 200
    answer = client.post(
        _url(region),
        {"action": "save", "url": url, "kinds": ["t_warnings", "t_bulletin"], "active": "on"},
    )
    assert answer.status_code == 302
    row = UnitWebhook.objects.get(unit=region.lengqi)
    assert (row.url, row.kinds, row.initials, row.active) == (
        url,
        ["t_warnings", "t_bulletin"],
        False,
        True,
    )
    assert row.created_by == leader and row.verified_at is None
    html = client.get(_url(region)).content.decode()
    assert "key=****9876" in html
    assert "test-key-9876" not in html
    # Saved again without an address: the address is kept.
    client.post(_url(region), {"action": "save", "url": "", "kinds": [], "initials": "on"})
    row.refresh_from_db()
    assert (row.url, row.kinds, row.initials, row.active) == (url, [], True, False)
    entry = LogEntry.objects.filter(actor=leader).latest("pk")
    assert entry.additional_data == {"event": "notify.webhook_saved"}
    assert "url" not in entry.changes_dict


def test_the_test_message_marks_the_robot_tested(
    region: Region, leader: User, robot: tuple[Robot, str]
) -> None:
    server, url = robot
    client = logged_in(leader)
    client.post(_url(region), {"action": "save", "url": url, "active": "on"})
    answer = client.post(_url(region), {"action": "test"})
    assert answer.status_code == 302
    assert server.received == [{"msgtype": "text", "text": {"content": "关爱系统测试消息"}}]
    assert UnitWebhook.objects.get().verified_at is not None
    # A new address must be tested again.
    client.post(_url(region), {"action": "save", "url": url + "x", "active": "on"})
    assert UnitWebhook.objects.get().verified_at is None


def test_a_refusing_robot_shows_its_answer_and_stays_untested(
    region: Region, leader: User, robot: tuple[Robot, str]
) -> None:
    server, url = robot
    client = logged_in(leader)
    client.post(_url(region), {"action": "save", "url": url, "active": "on"})
    server.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    try:
        answer = client.post(_url(region), {"action": "test"})
    finally:
        server.answer = Robot.answer
    assert answer.status_code == 400
    assert "invalid webhook url" in answer.content.decode()
    assert UnitWebhook.objects.get().verified_at is None


def test_only_a_wechat_work_robot_is_taken_in_production(
    region: Region, leader: User, settings: Any
) -> None:
    settings.DEBUG = False
    settings.GUANAI_WEBHOOK_ANY_HOST = False
    client = logged_in(leader)
    for bad in (
        "http://127.0.0.1:8000/hook",
        "https://example.org/cgi-bin/webhook/send?key=abcdefgh",
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdefgh",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc def gh",
        "",
    ):
        answer = client.post(_url(region), {"action": "save", "url": bad, "active": "on"})
        assert answer.status_code == 400, bad
        assert "alert-danger" in answer.content.decode()
    assert not UnitWebhook.objects.exists()
    assert client.post(_url(region), {"action": "save", "url": REAL}).status_code == 302
    assert robots.parse_robot_url(REAL) == REAL


def test_bad_input_changes_nothing(
    region: Region, leader: User, robot: tuple[Robot, str], test_kinds: object
) -> None:
    _server, url = robot
    client = logged_in(leader)
    client.post(_url(region), {"action": "save", "url": url, "kinds": ["t_bulletin"]})
    for data in (
        {"action": "save", "url": "ftp://127.0.0.1/x", "kinds": ["t_warnings"]},
        {"action": "save", "url": "not an address", "kinds": ["t_warnings"]},
        {"action": "save", "url": url, "kinds": ["no_such_kind"]},
        {"action": "explode"},
    ):
        assert client.post(_url(region), data).status_code == 400, data
    row = UnitWebhook.objects.get()
    assert (row.url, row.kinds) == (url, ["t_bulletin"])


def test_testing_before_saving_is_refused(region: Region, leader: User) -> None:
    answer = logged_in(leader).post(_url(region), {"action": "test"})
    assert answer.status_code == 400
    assert not UnitWebhook.objects.exists()


def test_the_robot_is_a_leaders_of_the_unit_or_above(
    region: Region, robot: tuple[Robot, str]
) -> None:
    county_leader = factories.user(unit=region.county, role=Role.LEADER)
    assert logged_in(county_leader).get(_url(region)).status_code == 200
    for outsider in (
        factories.user(unit=region.xinglong, role=Role.LEADER),
        factories.user(unit=region.lengqi, role=Role.WORKER),
        factories.user(unit=region.lengqi_school, role=Role.LEADER),  # below the township
    ):
        client = logged_in(outsider)
        assert client.get(_url(region)).status_code == 404
        assert client.post(_url(region), {"action": "save", "url": robot[1]}).status_code == 404
    missing = reverse("notify:webhook", args=[region.lengqi.pk + 10_000])
    assert logged_in(county_leader).get(missing).status_code == 404
    assert not UnitWebhook.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(
    region: Region, leader: User, robot: tuple[Robot, str]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    answer = client.post(_url(region), {"action": "save", "url": robot[1]})
    assert answer.status_code == 403
    assert not UnitWebhook.objects.exists()
