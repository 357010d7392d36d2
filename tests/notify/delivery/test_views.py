"""The delivery log page: the security administrator's only, filtered, paginated, with a
fixed number of queries; its failures on the admin's "today" page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from guanai.accounts.models import Role, User
from guanai.notify.models import Channel, Delivery, DeliveryStatus
from guanai.orgs.models import OrgKind
from guanai.today.sources import delivery_failures
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

URL = reverse("notify:deliveries")


def logged(
    key: str,
    recipient: User | None = None,
    *,
    unit: object = None,
    channel: str = Channel.EMAIL,
    status: str = DeliveryStatus.SENT,
    days_ago: int = 0,
    response: str = "250 accepted",
) -> Delivery:
    delivery = Delivery.objects.create(
        key=key,
        channel=channel,
        recipient=recipient,
        unit=unit,  # type: ignore[misc]
        text="x",
        status=status,
        attempts=1,
        response=response,
    )
    if days_ago:
        Delivery.objects.filter(pk=delivery.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
    return delivery


def keys(response: object) -> list[str]:
    page = response.context["page"]  # type: ignore[attr-defined]
    return [d.key for d in page]


@pytest.mark.parametrize(
    "fixture", ["county_sysadmin", "county_auditor", "county_leader", "township_worker"]
)
def test_anyone_but_the_security_admin_is_refused(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    account = request.getfixturevalue(fixture)
    assert logged_in(account).get(URL).status_code == 403


def test_the_security_admin_sees_the_log_with_names_status_and_answers(
    county_secadmin: User, school_helper: User, region: Region
) -> None:
    logged("a", school_helper, status=DeliveryStatus.FAILED, response="LimitExceeded")
    logged("b", unit=region.lengqi, channel=Channel.WEBHOOK)
    answer = logged_in(county_secadmin).get(URL)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert school_helper.full_name in html
    assert "冷碛镇" in html
    assert "LimitExceeded" in html
    assert answer.context["page"].paginator.count == 2


def test_a_security_admin_of_another_county_sees_none_of_it(
    school_helper: User, region: Region
) -> None:
    other_county = factories.org_unit(
        parent=region.prefecture, kind=OrgKind.COUNTY, name="康定市", code="513301"
    )
    other_secadmin = factories.user(unit=other_county, role=Role.SECADMIN)
    logged("a", school_helper)
    assert keys(logged_in(other_secadmin).get(URL)) == []


def test_the_filters_channel_status_and_dates(
    county_secadmin: User, school_helper: User, region: Region
) -> None:
    logged("old-mail", school_helper, days_ago=10)
    logged("failed-sms", school_helper, channel=Channel.SMS, status=DeliveryStatus.FAILED)
    logged("robot", unit=region.lengqi, channel=Channel.WEBHOOK)
    client = logged_in(county_secadmin)
    today = timezone.localdate()

    assert keys(client.get(URL, {"channel": "sms"})) == ["failed-sms"]
    assert keys(client.get(URL, {"status": "failed"})) == ["failed-sms"]
    assert set(keys(client.get(URL, {"since": str(today - timedelta(days=1))}))) == {
        "failed-sms",
        "robot",
    }
    assert keys(client.get(URL, {"until": str(today - timedelta(days=5))})) == ["old-mail"]


def test_a_wrong_date_is_said_and_filters_nothing(
    county_secadmin: User, school_helper: User
) -> None:
    logged("a", school_helper, days_ago=10)
    logged("b", school_helper)
    client = logged_in(county_secadmin)

    answer = client.get(URL, {"since": "2026-13-40", "status": "sent"})
    assert set(keys(answer)) == {"a", "b"}
    message = gettext("Enter a date such as 2026-12-07.")
    assert answer.context["form"].errors["since"] == [message]
    assert message in answer.content.decode()
    today = timezone.localdate()
    backwards = client.get(URL, {"since": str(today), "until": str(today - timedelta(days=20))})
    assert set(keys(backwards)) == {"a", "b"}
    assert backwards.context["form"].errors["until"]


def test_the_page_runs_as_many_queries_for_50_rows_as_for_1(
    county_secadmin: User, school_helper: User, region: Region
) -> None:
    client = logged_in(county_secadmin)
    logged("first", school_helper)
    client.get(URL)
    with count_queries() as one:
        client.get(URL)
    for n in range(49):
        account = factories.user(unit=region.lengqi_school, role=Role.HELPER)
        logged(f"k{n}", account if n % 2 else None, unit=None if n % 2 else region.lengqi)
    with count_queries() as fifty:
        answer = client.get(URL)
    assert len(answer.context["page"]) == 50
    assert_same_query_count(one, fifty)


def test_failures_of_the_week_reach_the_security_admins_today_page(
    county_secadmin: User, county_sysadmin: User, school_helper: User
) -> None:
    logged("recent", school_helper, status=DeliveryStatus.FAILED, response="550 no")
    logged("old", school_helper, status=DeliveryStatus.FAILED, days_ago=8)
    logged("retrying", school_helper, status=DeliveryStatus.RETRYING)
    today = timezone.localdate()

    batch = delivery_failures(county_secadmin, today)
    assert batch.total == 1
    (task,) = batch.tasks
    assert task.subject == school_helper.full_name
    assert task.detail == "550 no"
    assert task.action_url == f"{URL}?status=failed"
    assert delivery_failures(county_sysadmin, today).total == 0
    assert keys(logged_in(county_secadmin).get(task.action_url)) == ["recent", "old"]
