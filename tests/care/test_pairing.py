"""Pairing (结对帮扶): services, who may be paired, what a helper then sees, the pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import Role, User
from guanai.care import pairing, permissions
from guanai.care.models import HelperRole, Pairing
from guanai.care.pairing import coverage as pairing_coverage
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.orgs.models import OrgKind
from guanai.registry import selectors, services
from guanai.registry.models import ArchiveReason, Category
from tests import factories
from tests.care.pairing_support import START, account, other_county, pair, pupil, pupils
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

# --- Starting and ending ----------------------------------------------------------------


def test_worker_pairs_helpers_and_a_study_buddy(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    teacher = account(region.lengqi_school, Role.WORKER, "王老师")

    pair(township_worker, child, school_helper)
    pair(township_worker, child, teacher, HelperRole.CLASS_TEACHER)
    buddy = pairing.pairing_start(
        acting_user=township_worker,
        person=child,
        role=HelperRole.STUDY_BUDDY,
        buddy_name=" 李 小 红 ",
        started_on=START,
    )

    current, ended = pairing.person_pairings(child)
    assert {p.helper or p.buddy_name for p in current} == {school_helper, teacher, "李小红"}
    assert ended == []
    assert buddy.helper is None
    assert buddy.created_by == township_worker


def test_ending_keeps_the_history(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    paired = pair(township_worker, child, school_helper)

    pairing.pairing_end(
        acting_user=township_worker, pairing=paired, ended_on=date(2026, 1, 10), reason="调离本校"
    )

    current, ended = pairing.person_pairings(child)
    assert current == []
    assert [(p.helper, p.ended_on, p.end_reason) for p in ended] == [
        (school_helper, date(2026, 1, 10), "调离本校")
    ]
    # Ended, the same helper may be paired again in the same role.
    pair(township_worker, child, school_helper)
    assert Pairing.objects.filter(person=child).count() == 2


@pytest.mark.parametrize(
    ("ended_on", "reason", "field", "message"),
    [
        (START - timedelta(days=1), "调离", "ended_on", "The end date is before the pairing began"),
        (None, "调离", "ended_on", "The end date is in the future."),
        (START, "  ", "end_reason", "Enter why the pairing ends."),
    ],
)
def test_bad_endings_are_refused_and_change_nothing(
    region: Region,
    township_worker: User,
    school_helper: User,
    ended_on: date | None,
    reason: str,
    field: str,
    message: str,
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    paired = pair(township_worker, child, school_helper)
    when = ended_on or timezone.localdate() + timedelta(days=1)

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        pairing.pairing_end(
            acting_user=township_worker, pairing=paired, ended_on=when, reason=reason
        )

    assert refused.value.field == field
    assert str(refused.value.message).startswith(message)
    paired.refresh_from_db()
    assert paired.ended_on is None


def test_ending_twice_is_refused(
    region: Region, township_worker: User, school_helper: User
) -> None:
    paired = pair(
        township_worker, pupil(township_worker, region.lengqi_school, "张小明"), school_helper
    )
    pairing.pairing_end(acting_user=township_worker, pairing=paired, ended_on=START, reason="毕业")

    with translation.override("en"), pytest.raises(ValidationFailed, match="ended already"):
        pairing.pairing_end(
            acting_user=township_worker, pairing=paired, ended_on=START, reason="再次"
        )


def test_pairing_the_same_helper_twice_in_a_role_is_refused_by_name(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    pair(township_worker, child, school_helper)

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        pair(township_worker, child, school_helper)

    assert refused.value.field == "helper"
    assert str(refused.value.message) == (
        "测试用户 is paired with 张小明 as Subject teacher already."
    )
    assert Pairing.objects.filter(person=child).count() == 1
    # Another role of the same helper is another pairing.
    pair(township_worker, child, school_helper, HelperRole.SURROGATE_PARENT)
    assert Pairing.objects.filter(person=child).count() == 2


def test_a_study_buddy_named_twice_is_refused(region: Region, township_worker: User) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    values = {"person": child, "role": HelperRole.STUDY_BUDDY, "started_on": START}
    pairing.pairing_start(acting_user=township_worker, buddy_name="李小红", **values)  # type: ignore[arg-type]

    with pytest.raises(ValidationFailed):
        pairing.pairing_start(acting_user=township_worker, buddy_name="李小红", **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("role", "helper", "buddy_name", "field", "message"),
    [
        (HelperRole.STUDY_BUDDY, False, "", "buddy_name", "Choose the study buddy's account"),
        (HelperRole.SUBJECT_TEACHER, False, "", "helper", "Choose the helper."),
        (HelperRole.SUBJECT_TEACHER, False, "李小红", "buddy_name", "Only a study buddy"),
        (HelperRole.STUDY_BUDDY, True, "李小红", "buddy_name", "Choose the study buddy's"),
        ("godparent", True, "", "role", "Choose the helper's role."),
        (HelperRole.STUDY_BUDDY, False, "李" * 51, "buddy_name", "Write at most 50 characters"),
    ],
)
def test_bad_pairings_are_refused_and_change_nothing(
    region: Region,
    township_worker: User,
    school_helper: User,
    role: str,
    helper: bool,
    buddy_name: str,
    field: str,
    message: str,
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        pairing.pairing_start(
            acting_user=township_worker,
            person=child,
            role=role,
            helper=school_helper if helper else None,
            buddy_name=buddy_name,
            started_on=START,
        )

    assert refused.value.field == field
    assert str(refused.value.message).startswith(message)
    assert not Pairing.objects.exists()


def test_a_start_in_the_future_is_refused(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    with pytest.raises(ValidationFailed) as refused:
        pairing.pairing_start(
            acting_user=township_worker,
            person=child,
            helper=school_helper,
            role=HelperRole.SUBJECT_TEACHER,
            started_on=timezone.localdate() + timedelta(days=1),
        )
    assert refused.value.field == "started_on"


def test_an_archived_file_gets_no_new_helper(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    services.person_archive(
        acting_user=township_worker, person=child, reason=ArchiveReason.GRADUATED, note=""
    )
    with translation.override("en"), pytest.raises(ValidationFailed, match="archived"):
        pair(township_worker, child, school_helper)


# --- Who may be paired, and who pairs ----------------------------------------------------


def test_helper_of_another_county_may_not_be_paired(region: Region, township_worker: User) -> None:
    _county, far_school = other_county(region)
    far_teacher = account(far_school, Role.HELPER, "康定老师")
    child = pupil(township_worker, region.lengqi_school, "张小明")

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        pair(township_worker, child, far_teacher)

    assert refused.value.field == "helper"
    assert str(refused.value.message) == (
        "康定老师 does not work in 泸定县 and cannot be paired with 张小明."
    )
    assert not Pairing.objects.exists()


def test_county_volunteers_and_cadres_above_may_be_paired(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    group = factories.org_unit(
        parent=region.county, kind=OrgKind.VOLUNTEER_GROUP, name="志愿者协会"
    )
    volunteer = account(group, Role.VOLUNTEER, "志愿者甲")
    cadre = account(region.office, Role.WORKER, "民政干部")
    prefecture_worker = account(region.prefecture, Role.WORKER, "州干部")
    xinglong_teacher = account(region.xinglong_school, Role.HELPER, "兴隆老师")
    child = pupil(township_worker, region.lengqi_school, "张小明")

    for helper in (volunteer, cadre, prefecture_worker, xinglong_teacher):
        pair(township_worker, child, helper, HelperRole.VOLUNTEER)

    eligible = set(pairing.helpers_eligible(pairing.pairing_areas([child.org_unit]).values()))
    assert {volunteer, cadre, prefecture_worker, xinglong_teacher, township_worker} <= eligible
    # A supervising viewer reads reports; it is not a caring role.
    assert prefecture_viewer not in eligible
    with pytest.raises(ValidationFailed):
        pair(township_worker, child, prefecture_viewer)


def test_the_pairing_area_is_the_county_else_the_prefecture(region: Region) -> None:
    special_school = factories.org_unit(
        parent=region.prefecture, kind=OrgKind.SCHOOL, name="州特殊教育学校"
    )
    areas = pairing.pairing_areas([region.lengqi_school, region.county, special_school])
    assert areas[region.lengqi_school.pk] == region.county
    assert areas[region.county.pk] == region.county
    assert areas[special_school.pk] == region.prefecture


@pytest.mark.parametrize("who", ["school_helper", "other_township_worker", "prefecture_viewer"])
def test_only_roster_keepers_of_the_unit_pair(
    request: pytest.FixtureRequest, region: Region, township_worker: User, who: str
) -> None:
    acting: User = request.getfixturevalue(who)
    child = pupil(township_worker, region.lengqi_school, "张小明")
    helper = account(region.lengqi_school, Role.HELPER, "李老师")

    with pytest.raises(PermissionRefused):
        pair(acting, child, helper)
    paired = pair(township_worker, child, helper)
    with pytest.raises(PermissionRefused):
        pairing.pairing_end(acting_user=acting, pairing=paired, ended_on=START, reason="x")
    assert Pairing.objects.get().ended_on is None


def test_county_leader_pairs_in_a_township(
    region: Region, township_worker: User, county_leader: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    assert pair(county_leader, child, school_helper).created_by == county_leader


def test_bulk_pairing_is_all_or_nothing(
    region: Region, township_worker: User, school_helper: User
) -> None:
    group = pupils(township_worker, region.lengqi_school, 3)
    pair(township_worker, group[1], school_helper)

    with translation.override("en"), pytest.raises(ValidationFailed, match="学生1"):
        pairing.pairings_start_bulk(
            acting_user=township_worker,
            persons=group,
            helper=school_helper,
            role=HelperRole.SUBJECT_TEACHER,
            started_on=START,
        )
    assert Pairing.objects.count() == 1

    made = pairing.pairings_start_bulk(
        acting_user=township_worker,
        persons=[group[0], group[2], group[0]],
        helper=school_helper,
        role=HelperRole.SUBJECT_TEACHER,
        started_on=START,
    )
    assert {p.person for p in made} == {group[0], group[2]}
    with pytest.raises(ValidationFailed):
        pairing.pairings_start_bulk(
            acting_user=township_worker,
            persons=[],
            helper=school_helper,
            role=HelperRole.SUBJECT_TEACHER,
            started_on=START,
        )


# --- What a helper sees (accounts.scoping.persons_q) --------------------------------------


def test_helper_sees_only_the_persons_paired_now(
    region: Region, township_worker: User, school_helper: User
) -> None:
    paired_child, other_child = pupils(township_worker, region.lengqi_school, 2)
    paired = pair(township_worker, paired_child, school_helper)
    client = logged_in(school_helper)

    # Given a pairing, the helper opens the paired child's file and nothing else.
    assert client.get(reverse("registry:person_detail", args=[paired_child.pk])).status_code == 200
    assert client.get(reverse("registry:person_detail", args=[other_child.pk])).status_code == 404
    assert list(selectors.persons_search(school_helper, selectors.PersonFilter())) == [paired_child]
    assert [p["name"] for p in client.get("/api/persons").json()["items"]] == ["学生0"]
    assert client.get(reverse("care:person_pairings", args=[paired_child.pk])).status_code == 200
    assert client.get(reverse("care:person_pairings", args=[other_child.pk])).status_code == 404

    # When the pairing ends, the helper sees nothing.
    pairing.pairing_end(acting_user=township_worker, pairing=paired, ended_on=START, reason="调离")
    assert client.get(reverse("registry:person_detail", args=[paired_child.pk])).status_code == 404
    assert not selectors.persons_search(school_helper, selectors.PersonFilter()).exists()
    assert client.get("/api/persons").json()["items"] == []
    assert client.get(reverse("care:person_pairings", args=[paired_child.pk])).status_code == 404


def test_other_township_sees_no_pairing_page(
    region: Region, township_worker: User, other_township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    paired = pair(township_worker, child, school_helper)
    client = logged_in(other_township_worker)

    for url in (
        reverse("care:person_pairings", args=[child.pk]),
        reverse("care:pairing_new") + f"?person={child.pk}",
        reverse("care:pairing_end", args=[paired.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("care:pairing_end", args=[paired.pk]), {}).status_code == 404
    assert Pairing.objects.get().ended_on is None


# --- permissions.py -----------------------------------------------------------------------


def test_permissions_answer_for_keepers_and_paired_helpers(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    school_helper: User,
    county_leader: User,
    prefecture_viewer: User,
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")

    assert permissions.can_care_for(township_worker, child)
    assert permissions.can_care_for(county_leader, child)
    for outsider in (other_township_worker, school_helper, prefecture_viewer):
        assert not permissions.can_care_for(outsider, child)
    with pytest.raises(PermissionRefused):
        permissions.require_can_care_for(school_helper, child)

    paired = pair(township_worker, child, school_helper)
    assert permissions.can_care_for(school_helper, child)
    permissions.require_can_care_for(school_helper, child)
    assert list(permissions.care_persons(school_helper)) == [child]

    pairing.pairing_end(acting_user=township_worker, pairing=paired, ended_on=START, reason="调离")
    assert not permissions.can_care_for(school_helper, child)
    assert not permissions.care_persons(school_helper).exists()

    assert permissions.is_leader_of(county_leader, region.lengqi_school)
    assert not permissions.is_leader_of(county_leader, region.prefecture)
    assert not permissions.is_leader_of(township_worker, region.lengqi)


# --- Pages ---------------------------------------------------------------------------------


def test_person_page_lists_current_and_ended_pairings(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    ended = pair(township_worker, child, account(region.lengqi_school, Role.HELPER, "李老师"))
    pairing.pairing_end(
        acting_user=township_worker, pairing=ended, ended_on=START, reason="调离本校"
    )
    pair(township_worker, child, school_helper)

    page = logged_in(township_worker).get(reverse("care:person_pairings", args=[child.pk]))

    html = page.content.decode()
    current, _sep, past = html.partition('data-testid="pairings-ended"')
    assert "测试用户" in current and "李老师" not in current
    assert "李老师" in past and "调离本校" in past
    assert reverse("care:pairing_new") + f"?person={child.pk}" in html


def test_pairing_page_pairs_and_shows_errors_next_to_the_field(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    client = logged_in(township_worker)
    url = reverse("care:pairing_new") + f"?person={child.pk}"
    form = {"role": HelperRole.SUBJECT_TEACHER, "started_on": "2025-09-01", "note": "数学"}

    assert "测试用户" in client.get(url).content.decode()
    done = client.post(url, {**form, "helper": school_helper.pk})
    assert done.status_code == 302
    assert done["Location"] == reverse("care:person_pairings", args=[child.pk])

    with translation.override("en"):
        again = client.post(url, {**form, "helper": school_helper.pk}, HTTP_ACCEPT_LANGUAGE="en")
        buddy = client.post(url, {**form, "role": HelperRole.STUDY_BUDDY})
    assert "is paired with 张小明 as Subject teacher already." in again.content.decode()
    assert "is-invalid" in buddy.content.decode()
    assert Pairing.objects.filter(person=child).count() == 1


def test_helpers_and_viewers_get_no_pairing_forms(
    region: Region, township_worker: User, school_helper: User, prefecture_viewer: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    paired = pair(township_worker, child, school_helper)
    for user in (school_helper, prefecture_viewer):
        client = logged_in(user)
        assert client.get(reverse("care:pairing_new") + f"?person={child.pk}").status_code == 404
        assert client.get(reverse("care:pairing_end", args=[paired.pk])).status_code == 404
        assert client.get(reverse("care:pairing_bulk")).status_code == 403
        assert client.get(reverse("care:pairing_suggest")).status_code == 403
    assert logged_in(township_worker).get(reverse("care:pairing_new")).status_code == 404


def test_end_page_ends_with_a_reason(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    paired = pair(township_worker, child, school_helper)
    client = logged_in(township_worker)
    url = reverse("care:pairing_end", args=[paired.pk])

    with translation.override("en"):
        missing = client.post(
            url, {"ended_on": "2026-01-10", "end_reason": ""}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert "Enter why the pairing ends." in missing.content.decode()
    assert client.post(url, {"ended_on": "2026-01-10", "end_reason": "调离"}).status_code == 302

    paired.refresh_from_db()
    assert (paired.ended_on, paired.end_reason) == (date(2026, 1, 10), "调离")


def test_bulk_page_pairs_the_ticked_persons_of_a_filtered_list(
    region: Region, township_worker: User, school_helper: User
) -> None:
    orphans = [
        pupil(township_worker, region.lengqi_school, f"孤儿{n}", categories=(Category.ORPHAN,))
        for n in range(2)
    ]
    pupil(township_worker, region.lengqi_school, "留守儿童甲")
    client = logged_in(township_worker)
    url = (
        reverse("care:pairing_bulk") + f"?category={Category.ORPHAN}&unit={region.lengqi_school.pk}"
    )

    listed = client.get(url).content.decode()
    assert "孤儿0" in listed and "孤儿1" in listed and "留守儿童甲" not in listed

    done = client.post(
        url,
        {
            "helper": school_helper.pk,
            "role": HelperRole.SURROGATE_PARENT,
            "started_on": "2025-09-01",
            "persons": [p.pk for p in orphans],
        },
    )
    assert done.status_code == 302
    assert {p.person for p in Pairing.objects.filter(helper=school_helper)} == set(orphans)
    assert "测试用户 · " in client.get(url).content.decode()


def test_bulk_page_refuses_persons_of_another_township(
    region: Region, township_worker: User, other_township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    response = logged_in(other_township_worker).post(
        reverse("care:pairing_bulk"),
        {
            "helper": school_helper.pk,
            "role": HelperRole.SUBJECT_TEACHER,
            "started_on": "2025-09-01",
            "persons": [child.pk],
        },
    )
    assert response.status_code == 404
    assert not Pairing.objects.exists()


def test_bulk_list_runs_as_many_queries_for_50_persons_as_for_1(
    region: Region, township_worker: User, school_helper: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("care:pairing_bulk")
    first = pupil(township_worker, region.lengqi_school, "首个")
    pair(township_worker, first, school_helper)
    client.get(url)
    with count_queries() as small:
        client.get(url)
    for person in pupils(township_worker, region.lengqi_school, 49):
        pair(township_worker, person, school_helper)
    with count_queries() as large:
        page = client.get(url)
    assert page.content.decode().count('name="persons"') == 50
    assert_same_query_count(small, large)


# --- Coverage ------------------------------------------------------------------------------


def test_coverage_counts_persons_pairings_and_loads(
    region: Region, township_worker: User, school_helper: User
) -> None:
    paired_child, *_unpaired = pupils(township_worker, region.lengqi_school, 3)
    ended_child = pupil(township_worker, region.lengqi, "镇上儿童", categories=(Category.ORPHAN,))
    pair(township_worker, paired_child, school_helper)
    pair(township_worker, paired_child, account(region.lengqi_school, Role.WORKER, "王老师"))
    ended = pair(township_worker, ended_child, school_helper)
    pairing.pairing_end(acting_user=township_worker, pairing=ended, ended_on=START, reason="调离")
    idle = account(region.lengqi_school, Role.HELPER, "赵老师")

    everything = pairing_coverage.CoverageFilter()
    totals = pairing_coverage.coverage_totals(township_worker, everything)
    assert (totals.persons, totals.paired, totals.unpaired) == (4, 1, 3)
    assert totals.open_pairings == 2
    assert totals.percent == 25.0
    unpaired_now = pairing_coverage.persons_unpaired(township_worker, everything)
    assert {p.name for p in unpaired_now} == {"学生1", "学生2", "镇上儿童"}
    assert next(p for p in unpaired_now if p.name == "镇上儿童").last_ended_on == START

    school = pairing_coverage.CoverageFilter(unit=region.lengqi_school)
    assert pairing_coverage.coverage_totals(township_worker, school).persons == 3
    orphans = pairing_coverage.CoverageFilter(category=Category.ORPHAN)
    assert pairing_coverage.coverage_totals(township_worker, orphans).persons == 1

    teacher = User.objects.get(full_name="王老师")
    loads = {
        h: (h.load_here, h.load) for h in pairing_coverage.helper_loads(township_worker, school)
    }
    assert loads == {school_helper: (1, 1), teacher: (1, 1), idle: (0, 0)}


def test_coverage_page_shows_totals_lists_and_scoping(
    region: Region, township_worker: User, other_township_worker: User, school_helper: User
) -> None:
    paired_child, _unpaired = pupils(township_worker, region.lengqi_school, 2)
    pair(township_worker, paired_child, school_helper)

    page = logged_in(township_worker).get(reverse("care:coverage")).content.decode()
    assert "50.0%" in page
    assert "学生1" in page and "学生0" not in page
    helpers = logged_in(township_worker).get(reverse("care:coverage"), {"show": "helpers"})
    assert "测试用户" in helpers.content.decode()

    other = logged_in(other_township_worker)
    elsewhere = other.get(reverse("care:coverage")).content.decode()
    assert "学生1" not in elsewhere
    foreign_unit = other.get(reverse("care:coverage"), {"unit": region.lengqi_school.pk})
    assert "学生1" not in foreign_unit.content.decode()
    assert logged_in(school_helper).get(reverse("care:coverage")).status_code == 403


@pytest.mark.parametrize("show", ["persons", "helpers"])
def test_coverage_runs_as_many_queries_for_50_persons_as_for_1(
    region: Region, township_worker: User, show: str
) -> None:
    client = logged_in(township_worker)
    url = reverse("care:coverage") + f"?show={show}&unit={region.lengqi_school.pk}"
    first = pupil(township_worker, region.lengqi_school, "首个")
    pair(township_worker, first, account(region.lengqi_school, Role.HELPER, "老师"))
    pupil(township_worker, region.lengqi_school, "未结对")
    client.get(url)
    with count_queries() as small:
        client.get(url)
    for n, person in enumerate(pupils(township_worker, region.lengqi_school, 49)):
        if n % 2:
            pair(township_worker, person, account(region.lengqi_school, Role.HELPER, f"老师{n}"))
    with count_queries() as large:
        client.get(url)
    assert_same_query_count(small, large)


# --- Proposals ------------------------------------------------------------------------------


def _suggestion_school(region: Region, worker: User) -> dict[str, object]:
    """A school with a class teacher (load 1), two helpers (loads 0 and 2) and five pupils.

    Hand-counted: 1班 has no class teacher, so its pupils (in pinyin order 二号, 三号,
    一号) go to the least loaded — 二号 → B (0→1), 三号 → A (tie at 1, A first by name;
    1→2), 一号 → B (1→2); C (2) is never the least loaded. 2班's class teacher is A, so
    both its unpaired pupils go to A (2→3→4). The pupil with no category is not proposed.
    """
    school = region.lengqi_school
    teacher_a = account(school, Role.WORKER, "A老师")
    helper_b = account(school, Role.HELPER, "B老师")
    helper_c = account(school, Role.HELPER, "C老师")
    classmate = pupil(worker, school, "甲同学", class_name="2班")
    pair(worker, classmate, teacher_a, HelperRole.CLASS_TEACHER)
    for n in range(2):
        village_child = pupil(worker, region.ganlusi, f"村里{n}", class_name="")
        pair(worker, village_child, helper_c, HelperRole.PAIRED_CADRE)
    class_one = [pupil(worker, school, name, class_name="1班") for name in ("一号", "二号", "三号")]
    class_two = [pupil(worker, school, name, class_name="2班") for name in ("四号", "五号")]
    pupil(worker, school, "普通学生", class_name="1班", categories=())
    return {"a": teacher_a, "b": helper_b, "c": helper_c, "one": class_one, "two": class_two}


def test_proposals_prefer_the_class_teacher_then_balance_loads(
    region: Region, township_worker: User
) -> None:
    school = _suggestion_school(region, township_worker)
    a, b = school["a"], school["b"]

    proposals = pairing_coverage.pairing_suggestions(township_worker, region.lengqi_school)

    assert [(p.person.name, p.helper, p.role, p.load_after) for p in proposals] == [
        ("二号", b, HelperRole.SUBJECT_TEACHER, 1),
        ("三号", a, HelperRole.SUBJECT_TEACHER, 2),
        ("一号", b, HelperRole.SUBJECT_TEACHER, 2),
        ("四号", a, HelperRole.CLASS_TEACHER, 3),
        ("五号", a, HelperRole.CLASS_TEACHER, 4),
    ]
    assert [p.by_class for p in proposals] == [False, False, False, True, True]


def test_accepting_some_proposals_pairs_them_and_proposes_the_rest_again(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    school = _suggestion_school(region, township_worker)
    client = logged_in(township_worker)
    url = reverse("care:pairing_suggest") + f"?unit={region.lengqi_school.pk}&role=subject_teacher"
    page = client.get(url).content.decode()
    assert page.count('name="accept"') == 5
    first, *_rest = pairing_coverage.pairing_suggestions(township_worker, region.lengqi_school)
    last = _rest[-1]

    done = client.post(
        url,
        {"accept": [f"{p.person.pk}-{p.helper.pk}-{p.role}" for p in (first, last)]},
    )

    assert done.status_code == 302
    accepted = Pairing.objects.filter(person__in=[first.person, last.person])
    assert {(p.person, p.helper, p.role) for p in accepted} == {
        (first.person, first.helper, first.role),
        (last.person, last.helper, last.role),
    }
    assert {
        p.person.name
        for p in pairing_coverage.pairing_suggestions(township_worker, region.lengqi_school)
    } == {p.name for p in school["one"] + school["two"]} - {first.person.name, last.person.name}
    with pytest.raises(PermissionRefused):
        pairing_coverage.pairing_suggestions(other_township_worker, region.lengqi_school)


def test_proposal_page_runs_as_many_queries_for_50_pupils_as_for_1(
    region: Region, township_worker: User
) -> None:
    account(region.lengqi_school, Role.HELPER, "老师")
    client = logged_in(township_worker)
    url = reverse("care:pairing_suggest") + f"?unit={region.lengqi_school.pk}"
    pupil(township_worker, region.lengqi_school, "首个")
    client.get(url)
    with count_queries() as small:
        client.get(url)
    pupils(township_worker, region.lengqi_school, 49)
    with count_queries() as large:
        page = client.get(url)
    assert page.content.decode().count('name="accept"') == 50
    assert_same_query_count(small, large)
