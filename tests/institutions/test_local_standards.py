"""Local service standards (五 总则 (六)): a county's leader raises the national numbers for
the institutions below the county; lower numbers, other roles and other levels are refused
with a message and nothing saved; the standard in force is the nearest unit's newest one
from its day on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.accounts.models import Role
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.uscc import make_uscc
from guanai.institutions.checklist import checklist
from guanai.institutions.models import Institution, Standard
from guanai.institutions.standards import TIGHTENABLE, LocalStandardData, local_standard_add
from guanai.orgs.models import OrgKind
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region, logged_in
from tests.institutions.support import TODAY, home_in

LEASE = "机构-2:min_years"
TITLE = "泸定县残疾人托养服务规范"


def lease_status(institution: Institution) -> tuple[str, str]:
    found = next(v for v in checklist(institution, TODAY).verdicts if v.ref == "机构-2")
    return found.status, str(found.reason)


def eight_years(**changes: object) -> LocalStandardData:
    data = LocalStandardData(title=TITLE, valid_from=TODAY, numbers={LEASE: 8})
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_a_county_standard_of_eight_years_fails_a_six_year_lease_in_the_county_only(
    region: Region,
) -> None:
    leader = factories.user(unit=region.county, role=Role.LEADER)
    home = home_in(region.lengqi, premises="leased", lease_years=6)
    kangding = factories.org_unit(
        parent=region.prefecture, kind=OrgKind.COUNTY, name="康定市", code="513301"
    )
    elsewhere = home_in(
        kangding,
        name="康定市阳光家园",
        code=make_uscc("5", "2", "513301", "MJ0000009"),
        premises="leased",
        lease_years=6,
    )
    assert lease_status(home.institution)[0] == "met"

    standard = local_standard_add(acting_user=leader, unit=region.county, data=eight_years())

    assert standard.org_unit == region.county and standard.version == 1
    assert standard.base is not None and standard.base.code == "national"
    status, reason = lease_status(home.institution)
    assert status == "not_met" and "6" in reason and "8" in reason
    assert checklist(home.institution, TODAY).standard == standard
    # Another county keeps the national standard
    assert lease_status(elsewhere.institution)[0] == "met"


def test_a_standard_is_in_force_from_its_day_and_the_newest_version_wins(
    region: Region,
) -> None:
    home = home_in(region.lengqi, premises="leased", lease_years=6)
    tomorrow = TODAY + timedelta(days=1)
    local_standard_add(
        acting_user=SYSTEM, unit=region.county, data=eight_years(valid_from=tomorrow)
    )
    assert lease_status(home.institution)[0] == "met"
    assert checklist(home.institution, tomorrow).standard.version == 1

    second = local_standard_add(
        acting_user=SYSTEM, unit=region.county, data=eight_years(numbers={LEASE: 6})
    )

    assert second.version == 2
    assert checklist(home.institution, TODAY).standard == second
    assert lease_status(home.institution)[0] == "met"


def test_the_prefectures_standard_applies_below_it_until_the_county_has_its_own(
    region: Region,
) -> None:
    home = home_in(region.lengqi, premises="leased", lease_years=7)
    local_standard_add(acting_user=SYSTEM, unit=region.prefecture, data=eight_years())
    assert lease_status(home.institution)[0] == "not_met"
    county = local_standard_add(
        acting_user=SYSTEM, unit=region.county, data=eight_years(numbers={LEASE: 7})
    )
    assert checklist(home.institution, TODAY).standard == county
    assert lease_status(home.institution)[0] == "met"


@pytest.mark.parametrize(
    ("numbers", "accepted"),
    [
        ({LEASE: 5}, True),
        ({LEASE: 4}, False),
        ({"管理-4:max_average_age": 55}, True),
        ({"管理-4:max_average_age": 56}, False),
        ({"管理-5:months": 6}, True),
        ({"管理-5:months": 13}, False),
        ({"专业-4:min_counsellors": 2}, True),
        ({"专业-4:min_counsellors": 0}, False),
    ],
)
def test_a_local_standard_asks_more_never_less(
    region: Region, numbers: dict[str, int], accepted: bool
) -> None:
    data = eight_years(numbers=numbers)
    if accepted:
        local_standard_add(acting_user=SYSTEM, unit=region.county, data=data)
        assert Standard.objects.filter(org_unit=region.county).count() == 1
        return
    with pytest.raises(ValidationFailed) as refused:
        local_standard_add(acting_user=SYSTEM, unit=region.county, data=data)
    assert refused.value.field == next(iter(numbers))
    assert not Standard.objects.filter(org_unit=region.county).exists()


@pytest.mark.parametrize(
    ("min_age", "max_age", "accepted"),
    [(16, 59, True), (18, 60, True), (15, 59, False), (30, 29, False), (16, 71, False)],
)
def test_the_working_age_is_checked(
    region: Region, min_age: int, max_age: int, accepted: bool
) -> None:
    data = eight_years(min_age=min_age, max_age=max_age)
    if accepted:
        standard = local_standard_add(acting_user=SYSTEM, unit=region.county, data=data)
        assert standard.eligibility == {"min_age": min_age, "max_age": max_age}
        return
    with pytest.raises(ValidationFailed):
        local_standard_add(acting_user=SYSTEM, unit=region.county, data=data)
    assert not Standard.objects.filter(org_unit=region.county).exists()


def test_only_a_leader_of_a_county_or_above_adds_one(region: Region) -> None:
    worker = factories.user(unit=region.county, role=Role.WORKER)
    township_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    with pytest.raises(PermissionRefused):
        local_standard_add(acting_user=worker, unit=region.county, data=eight_years())
    with pytest.raises(PermissionRefused):
        local_standard_add(acting_user=township_leader, unit=region.lengqi, data=eight_years())
    with pytest.raises(ValidationFailed):
        local_standard_add(acting_user=SYSTEM, unit=region.county, data=eight_years(title="  "))
    assert not Standard.objects.exclude(org_unit=None).exists()


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(TIGHTENABLE) - 1), value=st.integers(-5, 120))
def test_any_number_is_accepted_exactly_when_in_bounds_and_not_below_the_national(
    region: Region, index: int, value: int
) -> None:
    spec = TIGHTENABLE[index]
    national = {"min_years": 5, "max_average_age": 55, "months": 12}.get(spec.key, 1)
    expected = spec.low <= value <= spec.high and (value - national) * spec.direction >= 0
    data = eight_years(numbers={f"{spec.ref}:{spec.key}": value})
    try:
        local_standard_add(acting_user=SYSTEM, unit=region.county, data=data)
    except ValidationFailed:
        assert not expected
    else:
        assert expected
    Standard.objects.exclude(org_unit=None).delete()


def test_a_leader_adds_one_through_the_form_and_sees_the_raised_number(region: Region) -> None:
    leader = factories.user(unit=region.county, role=Role.LEADER)
    client = logged_in(leader)
    form = {
        "unit": region.county.pk,
        "title": TITLE,
        "valid_from": TODAY.isoformat(),
        "min_age": 16,
        "max_age": 59,
        **{f"number_{n}": 1 for n in range(len(TIGHTENABLE))},
    }
    form.update(number_0=4, number_1=55, number_2=12)

    refused = client.post("/institutions/standards/new/", form)

    assert refused.status_code == 400
    assert "国家规范要求 5，地方规范只能提高要求，不能降低。" in refused.content.decode()
    assert not Standard.objects.exclude(org_unit=None).exists()

    answer = client.post("/institutions/standards/new/", {**form, "number_0": 8})
    standard = Standard.objects.get(org_unit=region.county)
    assert (
        answer.status_code == 302
        and answer["Location"] == f"/institutions/standards/{standard.pk}/"
    )
    page = client.get(answer["Location"]).content.decode()
    assert 'data-key="min_years" data-value="8"' in page
    listing = client.get("/institutions/standards/").content.decode()
    assert TITLE in listing and 'data-code="national"' in listing


def test_a_helper_opens_no_standard_and_a_worker_adds_none(region: Region) -> None:
    helper = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    worker = factories.user(unit=region.county, role=Role.WORKER)
    assert logged_in(helper).get("/institutions/standards/").status_code == 403
    assert logged_in(worker).get("/institutions/standards/new/").status_code == 403
    listing = logged_in(worker).get("/institutions/standards/").content.decode()
    assert "/institutions/standards/new/" not in listing


def test_the_api_adds_lists_and_refuses_as_the_pages(region: Region) -> None:
    leader = factories.user(unit=region.county, role=Role.LEADER)
    worker = factories.user(unit=region.county, role=Role.WORKER)
    kangding = factories.org_unit(
        parent=region.prefecture, kind=OrgKind.COUNTY, name="康定市", code="513301"
    )
    outsider = factories.user(unit=kangding, role=Role.LEADER)
    body = {"unit_id": region.county.pk, "title": TITLE, "valid_from": TODAY.isoformat()}
    client = Client(headers=bearer(leader))

    lower = client.post(
        "/api/institutions/standards", {**body, "numbers": {LEASE: 4}}, "application/json"
    )
    assert lower.status_code == 400 and lower.json()["field"] == LEASE
    by_worker = Client(headers=bearer(worker)).post(
        "/api/institutions/standards", {**body, "numbers": {LEASE: 8}}, "application/json"
    )
    assert by_worker.status_code == 403
    by_outsider = Client(headers=bearer(outsider)).post(
        "/api/institutions/standards", {**body, "numbers": {LEASE: 8}}, "application/json"
    )
    assert by_outsider.status_code == 404
    assert not Standard.objects.exclude(org_unit=None).exists()

    made = client.post(
        "/api/institutions/standards", {**body, "numbers": {LEASE: 8}}, "application/json"
    )
    assert made.status_code == 201
    lease = next(i for i in made.json()["items"] if i["ref"] == "机构-2")
    assert lease["params"] == {"min_years": 8}
    listed = {s["code"]: s for s in client.get("/api/institutions/standards").json()}
    assert listed[made.json()["code"]]["issued_by"]["name"] == "泸定县"
    assert "national" in listed
    # Another county's leader reads the national standard, not this county's
    theirs = Client(headers=bearer(outsider))
    assert [s["code"] for s in theirs.get("/api/institutions/standards").json()] == ["national"]
    assert theirs.get(f"/api/institutions/standards/{made.json()['id']}").status_code == 404
