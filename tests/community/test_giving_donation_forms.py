"""The donation form (issue 16, point 4): a donation to a person chosen first, the fields
grouped by the destination and the kind that use them (the page hides the others), goods
given as cash refused; volunteers record the donations received on their visit, for the
host unit or its needs only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.community import giving
from guanai.community.models import Volunteer, VolunteerVisit
from guanai.community.models.giving import Donation, DonationMatch
from guanai.community.volunteers import VolunteerData, visit_sign_up, volunteer_add
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, ValidationFailed
from tests import factories
from tests.community.giving_support import OPENED, county_fund, washing_machines
from tests.community.support import Club, club_of, visit
from tests.conftest import Region, logged_in

CASH = {
    "donor_kind": "person",
    "donor_name": "李明",
    "kind": "cash",
    "amount": "200",
    "on": "2026-01-06",
}
GOODS = {
    "donor_kind": "company",
    "donor_name": "泸定县兴达家电商行",
    "kind": "in_kind",
    "item": "大容量洗衣机",
    "quantity": "2",
    "measure": "台",
    "value": "6000",
    "on": "2026-01-06",
}


def _fieldsets(html: str) -> dict[str, set[str]]:
    """Return the names of the inputs in each ``data-for-…`` fieldset of the page."""
    found = {}
    for attr, value, body in re.findall(
        r'<fieldset data-for-(\w+)="(\w+)">(.*?)</fieldset>', html, re.S
    ):
        found[f"{attr}={value}"] = set(re.findall(r'name="(\w+)"', body))
    return found


# --- The form's parts -----------------------------------------------------------------------


def test_each_destination_and_kind_groups_its_own_fields_and_the_script_is_loaded(
    region: Region, county_leader: User
) -> None:
    county_fund(county_leader, region)

    page = logged_in(county_leader).get(reverse("community:donation_new"))

    html = page.content.decode()
    assert _fieldsets(html) == {
        "destination=need": {"need"},
        "destination=unit": {"unit"},
        "destination=fund": {"fund", "campaign"},
        "kind=cash": {"amount"},
        "kind=in_kind": {"item", "quantity", "measure", "value"},
    }
    assert "community/donation_form.js" in html
    # Without a person chosen first, the form offers none
    choices = [v for v, _label in page.context["form"].fields["destination"].choices]
    assert choices == ["", "unit", "need", "fund"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"item": "大米"}, "item"),
        ({"quantity": "3"}, "quantity"),
        ({"measure": "袋"}, "measure"),
        ({"value": "50"}, "value"),
    ],
)
def test_cash_with_a_goods_field_is_refused_and_nothing_is_saved(
    region: Region, county_leader: User, extra: dict[str, str], field: str
) -> None:
    page = logged_in(county_leader).post(
        reverse("community:donation_new"),
        {**CASH, "destination": "unit", "unit": region.lengqi_school.pk, **extra},
    )

    assert page.status_code == 200
    assert page.context["form"].errors[field]
    assert not Donation.objects.exists()


def test_goods_with_an_amount_are_refused(region: Region, county_leader: User) -> None:
    page = logged_in(county_leader).post(
        reverse("community:donation_new"),
        {**GOODS, "destination": "unit", "unit": region.lengqi_school.pk, "amount": "10"},
    )

    assert page.status_code == 200 and page.context["form"].errors["amount"]
    assert not Donation.objects.exists()


def test_the_other_destinations_fields_are_ignored(region: Region, county_leader: User) -> None:
    # Given a fund chosen, then the destination changed to the unit (without the script)
    fund = county_fund(county_leader, region)

    logged_in(county_leader).post(
        reverse("community:donation_new"),
        {**CASH, "destination": "unit", "unit": region.lengqi_school.pk, "fund": fund.pk},
    )

    donation = Donation.objects.get()
    assert (donation.org_unit, donation.fund) == (region.lengqi_school, None)
    fund.refresh_from_db()
    assert fund.balance == 0


# --- A donation to a person -----------------------------------------------------------------


def test_a_worker_chooses_the_person_then_records_the_donation_for_them(
    region: Region, township_worker: User
) -> None:
    child = factories.person(region.lengqi_school, "赵小六")
    stranger = factories.person(region.xinglong_school, "钱小七")
    client = logged_in(township_worker)
    pick_url = reverse("community:donation_person")
    assert pick_url in client.get(reverse("community:donations")).content.decode()

    pick = client.get(pick_url)
    form = client.get(reverse("community:donation_new"), {"person": child.pk})
    url = reverse("community:donation_new") + f"?person={child.pk}"
    saved = client.post(url, {**CASH, "destination": "person"})

    listed = pick.content.decode()
    assert f'data-person="{child.pk}"' in listed and f'data-person="{stranger.pk}"' not in listed
    assert "赵小六" in form.content.decode()
    assert form.context["form"]["destination"].value() == "person"
    assert saved.status_code == 302
    donation = Donation.objects.get()
    assert (donation.person, donation.org_unit, donation.destination) == (
        child,
        region.lengqi_school,
        "person",
    )
    assert donation.amount == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": ""}, "amount"),
        ({"donor_name": "李" * 101}, "donor_name"),
        ({"donor_kind": ""}, "donor_kind"),
        ({"kind": "in_kind", "amount": ""}, "item"),
        ({"destination": "fund"}, "destination"),  # not offered beside a person
    ],
)
def test_a_donation_to_a_person_with_bad_input_is_refused(
    region: Region, township_worker: User, change: dict[str, str], field: str
) -> None:
    child = factories.person(region.lengqi_school, "赵小六")

    page = logged_in(township_worker).post(
        reverse("community:donation_new") + f"?person={child.pk}",
        {**CASH, "destination": "person", **change},
    )

    assert page.status_code == 200
    assert page.context["form"].errors[field]
    assert not Donation.objects.exists()


def test_a_person_outside_the_users_roster_is_404(
    region: Region, township_worker: User, school_helper: User
) -> None:
    stranger = factories.person(region.xinglong_school, "钱小七")
    url = reverse("community:donation_new") + f"?person={stranger.pk}"

    assert logged_in(township_worker).get(url).status_code == 404
    assert (
        logged_in(township_worker).post(url, {**CASH, "destination": "person"}).status_code == 404
    )
    assert logged_in(school_helper).get(reverse("community:donation_person")).status_code == 403
    assert not Donation.objects.exists()


# --- On a volunteer visit -------------------------------------------------------------------


def _signed_up_volunteer(region: Region, club: Club, the_visit: VolunteerVisit) -> User:
    account = factories.user(unit=club.group, role=Role.VOLUNTEER, full_name="志愿者小周")
    own = volunteer_add(
        acting_user=SYSTEM,
        group=club.group,
        data=VolunteerData(name="志愿者小周", joined_on=OPENED, user=account),
    )
    visit_sign_up(acting_user=SYSTEM, visit=the_visit, volunteers=[own])
    return account


@pytest.fixture
def on_visit(region: Region) -> dict[str, Any]:
    club = club_of(region)
    the_visit = visit(region, club)
    return {
        "club": club,
        "visit": the_visit,
        "volunteer": _signed_up_volunteer(region, club, the_visit),
    }


def test_a_volunteer_records_goods_received_for_the_schools_need_on_the_visit(
    region: Region, on_visit: dict[str, Any]
) -> None:
    the_visit = on_visit["visit"]
    need = washing_machines(on_visit["club"].host, region.lengqi_school)
    client = logged_in(on_visit["volunteer"])
    url = reverse("community:visit_donation", args=[the_visit.pk])
    page = client.get(reverse("community:visit_detail", args=[the_visit.pk]))
    assert url in page.content.decode()

    form = client.get(url)
    saved = client.post(url, {**GOODS, "destination": "need", "need": need.pk})

    choices = [v for v, _label in form.context["form"].fields["destination"].choices]
    assert choices == ["", "unit", "need"]
    assert set(_fieldsets(form.content.decode())) == {
        "destination=need",
        "destination=unit",
        "kind=cash",
        "kind=in_kind",
    }
    assert saved.status_code == 302
    assert saved["Location"] == reverse("community:visit_detail", args=[the_visit.pk])
    donation = Donation.objects.get()
    assert (donation.visit, donation.need, donation.recorded_by) == (
        the_visit,
        need,
        on_visit["volunteer"],
    )
    assert list(DonationMatch.objects.values_list("need", "quantity")) == [(need.pk, 2)]


def test_a_volunteer_records_cash_for_the_host_unit_and_nothing_else(
    region: Region, on_visit: dict[str, Any], county_leader: User
) -> None:
    the_visit = on_visit["visit"]
    fund = county_fund(county_leader, region)
    other_need = washing_machines(county_leader, region.xinglong_school)
    client = logged_in(on_visit["volunteer"])
    url = reverse("community:visit_donation", args=[the_visit.pk])

    to_fund = client.post(url, {**CASH, "destination": "fund", "fund": fund.pk})
    to_person = client.post(url, {**CASH, "destination": "person"})
    to_other_unit = client.post(url, {**CASH, "destination": "unit", "unit": region.xinglong.pk})
    to_other_need = client.post(url, {**GOODS, "destination": "need", "need": other_need.pk})
    assert not Donation.objects.exists()
    to_host = client.post(url, {**CASH, "destination": "unit", "unit": region.lengqi_school.pk})

    assert to_fund.context["form"].errors["destination"]
    assert to_person.context["form"].errors["destination"]
    assert to_other_unit.context["form"].errors["unit"]
    assert to_other_need.context["form"].errors["need"]
    assert to_host.status_code == 302
    donation = Donation.objects.get()
    assert (donation.org_unit, donation.visit, donation.amount) == (
        region.lengqi_school,
        the_visit,
        200,
    )


def test_a_volunteer_not_on_the_visit_is_refused_and_one_of_another_group_gets_404(
    region: Region, on_visit: dict[str, Any]
) -> None:
    the_visit = on_visit["visit"]
    club = on_visit["club"]
    idle = factories.user(unit=club.group, role=Role.VOLUNTEER)
    volunteer_add(
        acting_user=SYSTEM,
        group=club.group,
        data=VolunteerData(name="志愿者小李", joined_on=OPENED, user=idle),
    )
    other_group = factories.org_unit(parent=region.county, kind="volunteer_group", name="别的协会")
    stranger = factories.user(unit=other_group, role=Role.VOLUNTEER)
    url = reverse("community:visit_donation", args=[the_visit.pk])
    posted = {**CASH, "destination": "unit", "unit": region.lengqi_school.pk}

    assert logged_in(idle).post(url, posted).status_code == 403
    assert logged_in(stranger).post(url, posted).status_code == 404
    page = logged_in(idle).get(reverse("community:visit_detail", args=[the_visit.pk]))
    assert url not in page.content.decode()
    assert not Donation.objects.exists()


def test_the_hosts_worker_records_on_the_visit_too(
    region: Region, on_visit: dict[str, Any]
) -> None:
    the_visit = on_visit["visit"]
    answer = logged_in(on_visit["club"].host).post(
        reverse("community:visit_donation", args=[the_visit.pk]),
        {**CASH, "destination": "unit", "unit": region.lengqi_school.pk},
    )

    assert answer.status_code == 302
    assert Donation.objects.get().visit == the_visit


def test_the_service_refuses_a_visits_donation_to_a_person_a_fund_or_another_unit(
    region: Region, on_visit: dict[str, Any], county_leader: User
) -> None:
    # The API and the demo call the service directly: the rule is the service's own
    the_visit = on_visit["visit"]
    account = on_visit["volunteer"]
    child = factories.person(region.lengqi_school, "赵小六")
    fund = county_fund(county_leader, region)
    cash = giving.DonationData(
        donor_kind="anonymous", kind="cash", destination="unit", amount="5", on=OPENED
    )

    def record(data: giving.DonationData, to: giving.Destined) -> None:
        to.visit = the_visit
        giving.donation_record(acting_user=account, data=data, to=to)

    with pytest.raises(ValidationFailed):
        record(
            giving.DonationData(**{**cash.__dict__, "destination": "person"}),
            giving.Destined(person=child),
        )
    with pytest.raises(ValidationFailed):
        record(
            giving.DonationData(**{**cash.__dict__, "destination": "fund"}),
            giving.Destined(fund=fund),
        )
    with pytest.raises(ValidationFailed):
        record(cash, giving.Destined(org_unit=region.xinglong_school))
    with pytest.raises(PermissionRefused):  # without the visit, a volunteer records nothing
        giving.donation_record(
            acting_user=account, data=cash, to=giving.Destined(org_unit=region.lengqi_school)
        )
    Volunteer.objects.filter(user=account).update(is_active=False)
    with pytest.raises(PermissionRefused):  # nor once no longer an active volunteer
        record(cash, giving.Destined(org_unit=region.lengqi_school))
    assert not Donation.objects.exists()
