"""The charity fund's page forms (issue 16, point 5): opening a fund, moving its charity day,
opening the charity day's campaign, a grant to a person chosen first; each decision of a
grant written in the access log. Good input saves; bad input comes back beside its field
and saves nothing; other units are 404, roles that may not are 403."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.community import giving
from guanai.community.models.giving import Campaign, CharityFund, Grant, GrantStatus
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.community.giving_support import OPENED, county_fund, volunteer
from tests.conftest import Region, logged_in

FUND = {
    "name": "冷碛镇慈善救助基金",
    "opened_on": "2026-01-05",
    "charity_month": "11",
    "charity_day": "19",
}


# --- Opening a fund -------------------------------------------------------------------------


def test_a_leader_opens_the_townships_fund_on_the_page(region: Region, county_leader: User) -> None:
    client = logged_in(county_leader)
    assert reverse("community:fund_new") in client.get(reverse("community:funds")).content.decode()

    saved = client.post(
        reverse("community:fund_new"), {**FUND, "unit": region.lengqi.pk, "charity_month": "９"}
    )

    fund = CharityFund.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == reverse("community:fund_detail", args=[fund.pk])
    assert (fund.org_unit, fund.name, fund.opened_on) == (region.lengqi, FUND["name"], OPENED)
    assert (fund.charity_month, fund.charity_day, fund.balance) == (9, 19, Decimal("0.00"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"charity_month": "2", "charity_day": "30"}, "charity_day"),
        ({"charity_month": "13"}, "charity_day"),
        ({"charity_day": "-1"}, "charity_day"),
        ({"charity_day": ""}, "charity_day"),
        ({"charity_day": "1e1"}, "charity_day"),
        ({"name": ""}, "name"),
        ({"name": "基" * 101}, "name"),
        ({"unit": "school"}, "unit"),
        ({"unit": ""}, "unit"),
        ({"opened_on": "2026-02-30"}, "opened_on"),
    ],
)
def test_a_fund_with_bad_input_comes_back_with_its_message_and_nothing_is_opened(
    region: Region, county_leader: User, change: dict[str, str], field: str
) -> None:
    posted = {**FUND, "unit": region.lengqi.pk, **change}
    if posted["unit"] == "school":
        posted["unit"] = region.lengqi_school.pk  # a school keeps no fund: not offered

    page = logged_in(county_leader).post(reverse("community:fund_new"), posted)

    assert page.status_code == 200
    assert page.context["form"].errors[field]
    assert not CharityFund.objects.exists()


def test_a_unit_with_a_fund_is_not_offered_again(region: Region, county_leader: User) -> None:
    client = logged_in(county_leader)
    client.post(reverse("community:fund_new"), {**FUND, "unit": region.lengqi.pk})

    again = client.post(reverse("community:fund_new"), {**FUND, "unit": region.lengqi.pk})

    assert again.status_code == 200 and again.context["form"].errors["unit"]
    assert CharityFund.objects.count() == 1
    offered = again.context["form"].fields["unit"].queryset
    assert region.lengqi not in offered and region.county in offered


def test_only_a_leader_opens_a_fund(
    region: Region, township_worker: User, school_helper: User
) -> None:
    worker = logged_in(township_worker)
    assert (
        reverse("community:fund_new") not in worker.get(reverse("community:funds")).content.decode()
    )
    assert worker.get(reverse("community:fund_new")).status_code == 403
    assert (
        worker.post(reverse("community:fund_new"), {**FUND, "unit": region.lengqi.pk}).status_code
        == 403
    )
    assert logged_in(school_helper).get(reverse("community:fund_new")).status_code == 403
    assert logged_in(volunteer(region)).get(reverse("community:fund_new")).status_code == 403
    assert not CharityFund.objects.exists()


def test_a_township_leader_is_offered_only_the_units_under_them(region: Region) -> None:
    leader = factories.user(unit=region.xinglong, role=Role.LEADER)

    page = logged_in(leader).get(reverse("community:fund_new"))
    answer = logged_in(leader).post(
        reverse("community:fund_new"), {**FUND, "unit": region.lengqi.pk}
    )

    assert list(page.context["form"].fields["unit"].queryset) == [region.xinglong]
    assert answer.status_code == 200 and answer.context["form"].errors["unit"]
    assert not CharityFund.objects.exists()


# --- The charity day ------------------------------------------------------------------------


def test_a_leader_moves_the_charity_day_and_a_bad_day_is_refused(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region)
    client = logged_in(county_leader)
    url = reverse("community:fund_charity_day", args=[fund.pk])
    assert url in client.get(reverse("community:fund_detail", args=[fund.pk])).content.decode()

    refused = client.post(url, {"version": fund.version, "charity_month": "2", "charity_day": "30"})
    fund.refresh_from_db()
    assert refused.status_code == 200 and refused.context["form"].errors["charity_day"]
    assert (fund.charity_month, fund.charity_day) == (11, 19)

    moved = client.post(url, {"version": fund.version, "charity_month": "9", "charity_day": "5"})
    fund.refresh_from_db()
    assert moved.status_code == 302
    assert (fund.charity_month, fund.charity_day) == (9, 5)
    page = client.get(reverse("community:fund_detail", args=[fund.pk]))
    assert 'data-day="9-5"' in page.content.decode()


def test_a_charity_day_form_opened_before_anothers_change_is_refused(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region)
    opened_at = fund.version
    giving.fund_set_charity_day(
        acting_user=county_leader, fund=fund, version=opened_at, month=10, day=1
    )

    page = logged_in(county_leader).post(
        reverse("community:fund_charity_day", args=[fund.pk]),
        {"version": opened_at, "charity_month": "9", "charity_day": "5"},
    )

    fund.refresh_from_db()
    assert page.status_code == 200 and page.context["form"].non_field_errors()
    assert (fund.charity_month, fund.charity_day) == (10, 1)


def test_a_worker_may_not_move_the_charity_day_and_another_township_sees_no_fund(
    region: Region, county_leader: User, township_worker: User
) -> None:
    fund = giving.fund_open(
        acting_user=county_leader, org_unit=region.lengqi, name="冷碛镇慈善基金", opened_on=OPENED
    )
    url = reverse("community:fund_charity_day", args=[fund.pk])
    posted = {"version": fund.version, "charity_month": "9", "charity_day": "5"}
    other_leader = factories.user(unit=region.xinglong, role=Role.LEADER)

    assert logged_in(township_worker).post(url, posted).status_code == 403
    assert logged_in(other_leader).post(url, posted).status_code == 404
    fund.refresh_from_db()
    assert (fund.charity_month, fund.charity_day) == (11, 19)


# --- The charity day's campaign -------------------------------------------------------------


def test_the_campaign_form_fills_in_this_years_charity_day_and_opens_it_once(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region)
    client = logged_in(county_leader)
    url = reverse("community:campaign_new", args=[fund.pk])
    this_year = timezone.localdate().year

    form = client.get(url)
    opened = client.post(url, {"year": str(this_year)})
    again = client.post(url, {"year": str(this_year)})
    bad = client.post(url, {"year": "abc"})

    assert form.context["form"]["year"].value() == this_year
    assert f'data-day="{this_year}-11-19"' in form.content.decode()
    assert opened.status_code == 302
    assert [c.on for c in Campaign.objects.all()] == [date(this_year, 11, 19)]
    assert again.status_code == 200 and again.context["form"].errors["year"]
    assert bad.status_code == 200 and bad.context["form"].errors["year"]
    assert Campaign.objects.count() == 1


def test_a_viewer_opens_no_campaign_and_another_township_gets_404(
    region: Region, county_leader: User, other_township_worker: User
) -> None:
    fund = giving.fund_open(
        acting_user=county_leader, org_unit=region.lengqi, name="冷碛镇慈善基金", opened_on=OPENED
    )
    url = reverse("community:campaign_new", args=[fund.pk])
    viewer = factories.user(unit=region.lengqi, role=Role.VIEWER)

    assert logged_in(viewer).post(url, {"year": "2026"}).status_code == 403
    assert logged_in(other_township_worker).post(url, {"year": "2026"}).status_code == 404
    assert not Campaign.objects.exists()


# --- A grant to a person --------------------------------------------------------------------


def _township_fund(leader: User, region: Region, balance: str) -> CharityFund:
    fund = giving.fund_open(
        acting_user=leader, org_unit=region.lengqi, name="冷碛镇慈善基金", opened_on=OPENED
    )
    giving.donation_record(
        acting_user=leader,
        data=giving.DonationData(
            donor_kind="anonymous", kind="cash", destination="fund", amount=balance, on=OPENED
        ),
        to=giving.Destined(fund=fund),
    )
    fund.refresh_from_db()
    return fund


def test_a_leader_picks_a_person_of_the_fund_and_grants_at_once_written_in_the_log(
    region: Region, county_leader: User
) -> None:
    fund = _township_fund(county_leader, region, "1000")
    child = factories.person(region.lengqi_school, "赵小六")
    stranger = factories.person(region.xinglong_school, "钱小七")
    client = logged_in(county_leader)
    url = reverse("community:grant_person", args=[fund.pk])
    assert url in client.get(reverse("community:fund_detail", args=[fund.pk])).content.decode()

    pick = client.get(url)
    found = client.get(url, {"q": "zxl"})
    form = client.get(url, {"person": child.pk})
    made = client.post(
        f"{url}?person={child.pk}", {"amount": "300", "reason": "助学", "on": "2026-01-06"}
    )

    listed = pick.content.decode()
    assert f'data-person="{child.pk}"' in listed and f'data-person="{stranger.pk}"' not in listed
    assert [p.pk for p in found.context["page"]] == [child.pk]
    assert "赵小六" in form.content.decode()
    assert made.status_code == 302
    grant = Grant.objects.get()
    assert (grant.person, grant.org_unit, grant.status) == (child, None, GrantStatus.APPROVED)
    fund.refresh_from_db()
    assert fund.balance == Decimal("700.00")
    log = AccessLog.objects.get(action=AuditAction.GRANT_DECIDE)
    assert (log.user, log.object_id) == (county_leader, str(grant.pk))
    assert log.detail["status"] == "approved" and log.detail["person"] == child.pk


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({"amount": "-5", "reason": "助学"}, "amount"),
        ({"amount": "", "reason": "助学"}, "amount"),
        ({"amount": "5000", "reason": "助学"}, "amount"),  # more than the balance
        ({"amount": "5", "reason": ""}, "reason"),
        ({"amount": "5", "reason": "助" * 501}, "reason"),
        ({"amount": "5", "reason": "助学", "on": "2025-12-31"}, "on"),  # before the fund
    ],
)
def test_a_grant_with_bad_input_comes_back_and_nothing_moves(
    region: Region, county_leader: User, posted: dict[str, str], field: str
) -> None:
    fund = _township_fund(county_leader, region, "1000")
    child = factories.person(region.lengqi_school, "赵小六")

    page = logged_in(county_leader).post(
        reverse("community:grant_person", args=[fund.pk]) + f"?person={child.pk}", posted
    )

    assert page.status_code == 200
    assert page.context["form"].errors[field]
    assert not Grant.objects.exists()
    assert not AccessLog.objects.filter(action=AuditAction.GRANT_DECIDE).exists()
    fund.refresh_from_db()
    assert fund.balance == Decimal("1000.00")


def test_a_person_outside_the_funds_unit_is_refused_and_one_out_of_scope_is_404(
    region: Region, county_leader: User, township_worker: User
) -> None:
    fund = _township_fund(county_leader, region, "1000")
    stranger = factories.person(region.xinglong_school, "钱小七")
    url = reverse("community:grant_person", args=[fund.pk]) + f"?person={stranger.pk}"
    posted = {"amount": "5", "reason": "助学"}

    # The county leader reads 兴隆镇's roster, but 冷碛镇's fund is not for its persons
    refused = logged_in(county_leader).post(url, posted)
    # 冷碛镇's worker does not read 兴隆镇's roster at all
    hidden = logged_in(township_worker).post(url, posted)

    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert hidden.status_code == 404
    assert not Grant.objects.exists()


def test_a_workers_request_waits_and_the_leaders_decision_is_logged_once(
    region: Region, county_leader: User, township_worker: User
) -> None:
    fund = _township_fund(county_leader, region, "100")
    child = factories.person(region.lengqi_school, "赵小六")
    logged_in(township_worker).post(
        reverse("community:grant_person", args=[fund.pk]) + f"?person={child.pk}",
        {"amount": "80", "reason": "助学"},
    )
    first, second = (
        giving.grant_request(
            acting_user=township_worker, fund=fund, amount=amount, reason="救助", person=child
        )
        for amount in ("10", "50")
    )
    asked = Grant.objects.exclude(pk__in=[first.pk, second.pk]).get()
    assert asked.status == GrantStatus.REQUESTED
    assert not AccessLog.objects.filter(action=AuditAction.GRANT_DECIDE).exists()

    client = logged_in(county_leader)
    for grant, decision in ((asked, "approve"), (first, "refuse"), (second, "approve")):
        client.post(
            reverse("community:grant_decide", args=[grant.pk]),
            {"decision": decision, "version": grant.version, "note": "经领导小组研究"},
        )

    # The third is more than is left (100 − 80 = 20): refused by the ledger, and not logged
    logs = AccessLog.objects.filter(action=AuditAction.GRANT_DECIDE).order_by("pk")
    assert [(log.object_id, log.detail["status"]) for log in logs] == [
        (str(asked.pk), "approved"),
        (str(first.pk), "refused"),
    ]
    second.refresh_from_db()
    assert second.status == GrantStatus.REQUESTED
    fund.refresh_from_db()
    assert fund.balance == Decimal("20.00")
