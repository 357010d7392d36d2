"""Data that cannot be true is refused, with a Chinese message, and nothing is stored
(issue 12 point 10): an ID number of no region, a note of a million characters, a name with
hidden characters, dates before 1900 or years ahead — in the services, the person form, the
API and the roster import alike."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import User
from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import make_id
from guanai.registry import services
from guanai.registry.details import details_clean
from guanai.registry.importing import roster_import
from guanai.registry.models import Category, Contact, ContactKind, Person
from tests.api.conftest import bearer
from tests.conftest import Region, logged_in

NO_REGION = make_id("000000", date(2015, 3, 4), 123)  # a valid check digit, no region
NO_PROVINCE = make_id("993322", date(2015, 3, 4), 125)
GOOD = make_id("513322", date(2015, 3, 4), 127)
RLO_NAME = "张\u202e三"  # RIGHT-TO-LEFT OVERRIDE inside
ZW_NAME = "李\u200b四"  # ZERO WIDTH SPACE inside
HUGE_NOTE = "备" * 1_000_000


def _register(worker: User, region: Region, **values: Any) -> Person:
    values.setdefault("name", "王五")
    return services.person_register(
        acting_user=worker, org_unit=region.lengqi, data=services.PersonData(**values)
    )


def _refused(worker: User, region: Region, **values: Any) -> ValidationFailed:
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        _register(worker, region, **values)
    assert not Person.objects.exists()
    return refused.value


# --- Services ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [NO_REGION, NO_PROVINCE])
def test_an_id_number_of_no_region_is_refused(
    region: Region, township_worker: User, number: str
) -> None:
    refused = _refused(township_worker, region, id_number=number)

    assert refused.field == "id_number"
    assert f"地区码 {number[:6]} 不存在" in str(refused.message)


def test_a_note_of_a_million_characters_is_refused_not_cut(
    region: Region, township_worker: User
) -> None:
    refused = _refused(township_worker, region, note=HUGE_NOTE)

    assert refused.field == "note"
    assert str(refused.message) == "备注最多 4000 个字符，现有 1000000 个字符。"
    assert _register(township_worker, region, note="备" * 4000).note == "备" * 4000


@pytest.mark.parametrize("name", [RLO_NAME, ZW_NAME])
def test_a_name_with_hidden_characters_is_refused(
    region: Region, township_worker: User, name: str
) -> None:
    refused = _refused(township_worker, region, name=name)

    assert refused.field == "name"
    assert "看不见的字符" in str(refused.message)


def test_a_contact_name_with_hidden_characters_is_refused(
    region: Region, township_worker: User
) -> None:
    person = _register(township_worker, region)

    with pytest.raises(ValidationFailed) as refused:
        services.contact_add(
            acting_user=township_worker, person=person, kind=ContactKind.GUARDIAN, name=RLO_NAME
        )

    assert refused.value.field == "name"
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"birth_date": date(1899, 12, 31)}, "birth_date", "早于1900年"),
        ({"birth_date": date(2099, 1, 1)}, "birth_date", ""),
        ({"schooling_since": date(1850, 9, 1)}, "schooling_since", "早于1900年"),
        ({"schooling_since": date(2205, 9, 1)}, "schooling_since", "请核对年份"),
        (
            {"birth_date": date(2015, 3, 4), "schooling_since": date(2014, 9, 1)},
            "schooling_since",
            "不能早于出生日期",
        ),
    ],
)
def test_dates_that_cannot_be_true_are_refused(
    region: Region, township_worker: User, values: dict[str, Any], field: str, words: str
) -> None:
    refused = _refused(township_worker, region, **values)

    assert refused.field == field
    assert words in str(refused.message)


def test_schooling_recorded_for_the_next_term_is_accepted(
    region: Region, township_worker: User
) -> None:
    next_term = timezone.localdate() + timedelta(days=200)

    person = _register(township_worker, region, id_number=GOOD, schooling_since=next_term)

    assert person.schooling_since == next_term


# --- The person form -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"id_number": NO_REGION}, "地区码 000000 不存在"),
        ({"name": RLO_NAME}, "看不见的字符"),
        ({"note": HUGE_NOTE}, "1000000"),
        ({"birth_date": "1899-12-31"}, "早于1900年"),
    ],
)
def test_the_person_form_shows_the_refusal_and_stores_nothing(
    region: Region, township_worker: User, values: dict[str, str], message: str
) -> None:
    form = {"org_unit": region.lengqi.pk, "name": "李四", "health": "healthy", **values}

    response = logged_in(township_worker).post(reverse("registry:person_create"), form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "is-invalid" in page
    assert message in page
    assert not Person.objects.exists()


# --- The API ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"id_number": NO_REGION}, "id_number", "地区码 000000 不存在"),
        ({"name": RLO_NAME}, "name", "看不见的字符"),
        ({"note": HUGE_NOTE}, "note", "备注最多 4000 个字符"),
        ({"birth_date": "1899-12-31"}, "birth_date", "早于1900年"),
        ({"schooling_since": "2205-09-01"}, "schooling_since", "请核对年份"),
    ],
)
def test_the_api_refuses_with_400_and_the_field(
    region: Region, township_worker: User, values: dict[str, Any], field: str, words: str
) -> None:
    body = {"org_unit_id": region.lengqi.pk, "name": "王五", **values}

    response = Client().post(
        "/api/persons",
        body,
        content_type="application/json",
        headers={**bearer(township_worker), "accept-language": "zh-hans"},
    )

    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert words in response.json()["detail"]
    assert not Person.objects.exists()


def test_the_api_refuses_a_hidden_name_on_update(region: Region, township_worker: User) -> None:
    person = _register(township_worker, region, id_number=GOOD)

    response = Client().patch(
        f"/api/persons/{person.pk}",
        {"version": person.version, "name": ZW_NAME},
        content_type="application/json",
        headers=bearer(township_worker),
    )

    assert response.status_code == 400, response.content
    assert response.json()["field"] == "name"
    person.refresh_from_db()
    assert person.name == "王五"


# --- The roster import -----------------------------------------------------------------------


def test_the_import_refuses_such_rows_with_their_reason(
    region: Region, township_worker: User, tmp_path: Path
) -> None:
    rows = [
        ("姓名", "身份证号"),
        ("王五", GOOD),
        ("赵六", NO_REGION),
        (RLO_NAME, make_id("513322", date(2014, 1, 2), 129)),
    ]
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8-sig")

    with translation.override("zh-hans"):
        report = roster_import(path, acting_user=township_worker, org_unit=region.lengqi)

    assert report.counts()["created"] == 1
    reasons = {(error.row, error.column): error.reason for error in report.errors}
    assert "地区码 000000 不存在" in reasons[3, "身份证号"]
    assert "看不见的字符" in reasons[4, "姓名"]
    assert list(Person.objects.values_list("name", flat=True)) == ["王五"]


# --- Category details ------------------------------------------------------------------------


def test_a_detail_date_before_1900_is_refused() -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        details_clean(Category.MAJOR_ILLNESS, {"diagnosed_on": "1899-06-01"})

    assert refused.value.field == "diagnosed_on"
    assert str(refused.value.message) == "1899-06-01 早于1900年，请核对年份。"
