"""Care records that cannot be true are refused (issue 12 point 10): the same person twice
in one record, a talk before 1900, a follow-up years ahead — by the service, the form and
the API, with nothing saved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from guanai.accounts.models import User
from guanai.care.models import CareRecord
from guanai.core.errors import ValidationFailed
from tests.api.conftest import bearer
from tests.care.log_support import on, pair, pupil, record
from tests.conftest import Region, logged_in

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"on_day": date(1899, 12, 31)}, "occurred_on", "1899-12-31 早于1900年，请核对年份。"),
        (
            {"follow_up_on": date(2205, 11, 30)},
            "follow_up_on",
            "2205-11-30 晚于 2028-11-26，请核对年份。",
        ),
    ],
)
def test_dates_that_cannot_be_true_are_refused(
    region: Region, school_helper: User, values: dict[str, Any], field: str, message: str
) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    values.setdefault("on_day", TODAY)

    with on(TODAY), translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        record(school_helper, [child], **values)

    assert refused.value.field == field
    assert str(refused.value.message) == message
    assert not CareRecord.objects.exists()


def test_a_follow_up_next_year_is_fine(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)

    talk = record(school_helper, [child], on_day=TODAY, follow_up_on=date(2027, 9, 1))

    assert talk.follow_up_on == date(2027, 9, 1)


def test_the_form_refuses_a_person_sent_twice(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    form = {
        "persons": [child.pk, child.pk],
        "kind": "talk",
        "occurred_on": "2026-11-25",
        "summary": "谈心",
    }

    with on(TODAY):
        page = logged_in(school_helper).post(reverse("care:record_new"), form)

    assert page.status_code == 200
    assert "每位对象只需选一次" in page.content.decode()
    assert "persons" in page.context["form"].errors
    assert not CareRecord.objects.exists()


def test_the_api_refuses_a_person_sent_twice(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school, "王小明")
    pair(child, school_helper)
    body = {
        "person_ids": [child.pk, child.pk],
        "kind": "talk",
        "occurred_on": "2026-11-25",
        "summary": "谈了学习",
    }

    with on(TODAY):
        response = Client().post(
            "/api/care/records",
            body,
            content_type="application/json",
            headers={**bearer(school_helper), "accept-language": "zh-hans"},
        )

    assert response.status_code == 400, response.content
    assert response.json() == {
        "detail": "王小明 被选了两次，每位对象只需选一次。",
        "field": "person_ids",
    }
    assert not CareRecord.objects.exists()


def test_the_api_refuses_a_talk_before_1900(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    body = {
        "person_ids": [child.pk],
        "kind": "talk",
        "occurred_on": "1899-12-31",
        "summary": "谈了学习",
    }

    with on(TODAY):
        response = Client().post(
            "/api/care/records",
            body,
            content_type="application/json",
            headers=bearer(school_helper),
        )

    assert response.status_code == 400, response.content
    assert response.json()["field"] == "occurred_on"
    assert not CareRecord.objects.exists()
