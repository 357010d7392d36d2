"""Chinese conventions in one place (issue 14, point 7): dates on pages through the
locale's formats (2026年11月30日), ISO where a machine reads them, and drop-downs that
open on a prompt rather than Django's "---------"."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

import guanai
from guanai.accounts.models import User
from guanai.core.forms import CHOOSE
from guanai.registry.models import Category
from tests import factories
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.conftest import Region, logged_in

DASHES = "---------"
SHANGHAI = ZoneInfo("Asia/Shanghai")
BORN = date(2016, 11, 30)
SINCE = date(2026, 11, 30)


def _render(text: str, **context: object) -> str:
    return Template(text).render(Context(context))


@pytest.mark.parametrize(
    ("language", "day", "month", "month_day", "moment", "seconds"),
    [
        (
            "zh-hans",
            "2026年11月30日",
            "2026年11月",
            "11月30日",
            "2026年11月30日 14:05",
            "2026年11月30日 14:05:09",
        ),
        (
            "en",
            "30 Nov 2026",
            "November 2026",
            "30 Nov",
            "30 Nov 2026 14:05",
            "30 Nov 2026 14:05:09",
        ),
    ],
)
def test_the_named_formats_read_as_the_language_writes_dates(
    language: str, day: str, month: str, month_day: str, moment: str, seconds: str
) -> None:
    at = datetime(2026, 11, 30, 14, 5, 9, tzinfo=SHANGHAI)
    with translation.override(language):
        assert _render("{{ d|date }}", d=SINCE) == day
        assert _render('{{ d|date:"YEAR_MONTH_FORMAT" }}', d=SINCE) == month
        assert _render('{{ d|date:"MONTH_DAY_FORMAT" }}', d=SINCE) == month_day
        assert _render('{{ t|date:"DATETIME_FORMAT" }}', t=at) == moment
        assert _render("{% load dates %}{{ t|moment }}", t=at) == seconds
        # A missing date is blank, so that ``|default:"—"`` still shows a dash.
        assert _render('{{ d|date|default:"—" }}', d=None) == "—"


def test_a_moment_is_shown_in_shanghai_time() -> None:
    utc = datetime(2026, 11, 30, 6, 5, 9, tzinfo=ZoneInfo("UTC"))
    with translation.override("zh-hans"):
        assert _render("{% load dates %}{{ t|moment }}", t=utc) == "2026年11月30日 14:05:09"


def _person_file(region: Region, worker: User) -> tuple[Client, str]:
    with on(date(2026, 12, 6)):
        person = factories.person(
            region.lengqi, "王小芳", born=BORN, categories=(Category.ORPHAN,), since=SINCE
        )
    return logged_in(worker), reverse("registry:person_detail", args=[person.pk])


def test_a_person_file_shows_dates_in_the_chinese_style(
    region: Region, township_worker: User
) -> None:
    client, url = _person_file(region, township_worker)

    basic = client.get(url).content.decode()
    categories = client.get(url, {"tab": "categories"}).content.decode()

    assert "2016年11月30日" in basic
    assert "2026年11月30日" in categories
    assert "2016-11-30" not in basic
    assert "2026-11-30" not in categories


def test_a_person_file_shows_dates_in_the_english_style(
    region: Region, township_worker: User
) -> None:
    client, url = _person_file(region, township_worker)

    page = client.get(url, {"tab": "categories"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    with translation.override("en"):
        assert date_format(SINCE) in page
    assert "30 Nov 2026" in page


def test_a_date_input_keeps_iso_which_the_browser_reads(
    region: Region, township_worker: User
) -> None:
    client, url = _person_file(region, township_worker)
    person_pk = url.rstrip("/").rsplit("/", 1)[-1]

    form = client.get(reverse("registry:person_edit", args=[person_pk])).content.decode()

    assert 'value="2016-11-30"' in form
    assert "2016/11/30" not in form


def test_the_api_keeps_iso_dates(region: Region, township_worker: User) -> None:
    _client, url = _person_file(region, township_worker)
    person_pk = url.rstrip("/").rsplit("/", 1)[-1]

    answer = Client().get(
        f"/api/persons/{person_pk}",
        headers={**bearer(township_worker), "Accept-Language": "zh-hans"},
    )

    assert answer.status_code == 200
    assert answer.json()["birth_date"] == "2016-11-30"


def test_a_month_page_names_the_month_in_the_chinese_style_and_links_in_iso(
    region: Region, county_leader: User
) -> None:
    page = logged_in(county_leader).get(
        reverse("reports:month", args=[region.county.pk, "2026-11"])
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "2026年11月" in text
    assert "2026年10月" in text  # the link to the month before, as it reads
    assert reverse("reports:month", args=[region.county.pk, "2026-10"]) in text  # and its URL


# --- No "---------" ---------------------------------------------------------------------


def _all_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(guanai.__path__, "guanai."):
        name = module.name
        if ".migrations" in name or name in {"guanai.settings", "guanai.wsgi"}:
            continue
        importlib.import_module(name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[forms.BaseForm]] = [forms.Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("guanai."):
                found.append(sub)
    return found


def _dashes_in(field: forms.Field) -> bool:
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == DASHES:
        return True
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return any(str(label) == DASHES for _value, label in field.choices)
    return False


def test_no_form_of_the_app_offers_dashes() -> None:
    classes = _all_form_classes()
    assert len(classes) > 40  # every app's forms were found

    offending = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if _dashes_in(field)
    ]

    assert offending == []


def test_an_empty_choice_reads_choose(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)

    page = client.get(reverse("registry:person_create")).content.decode()

    with translation.override("zh-hans"):
        prompt = str(CHOOSE)  # 请选择… once the catalogue has it
    assert DASHES not in page
    assert f">{prompt}</option>" in page


@pytest.mark.parametrize(
    ("route", "who"),
    [
        ("registry:person_create", "township_worker"),
        ("registry:person_list", "township_worker"),
        ("accounts:role_approvals", "county_leader"),
        ("accounts:user_create", "county_sysadmin"),
        ("care:plan_list", "township_worker"),
        ("care:coverage", "township_worker"),
        ("benefits:index", "county_leader"),
        ("benefits:claim_list", "county_leader"),
        ("registry:roster_import", "township_worker"),
    ],
)
def test_a_form_page_shows_no_dashes(
    request: pytest.FixtureRequest, region: Region, route: str, who: str
) -> None:
    account: User = request.getfixturevalue(who)

    page = logged_in(account).get(reverse(route))

    assert page.status_code == 200
    assert DASHES not in page.content.decode()
