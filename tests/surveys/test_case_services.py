"""Cases: assignment in bulk, a person not reached and back, persons found and registered."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.utils import timezone, translation

from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.models import Category, Person
from guanai.registry.services import DuplicatePerson, PersonData
from guanai.surveys.models import Case, CaseStatus, Response
from guanai.surveys.rounds import (
    case_found_add,
    case_pending,
    case_register,
    case_unreachable,
    cases_assign,
    cases_unassign,
    my_tasks,
    round_close,
)
from tests.surveys.support import World, saved_at, small_form, world
from tests.surveys.support_rounds import made_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return world()


def _ids(cases: object) -> list[int]:
    return [c.pk for c in cases]  # type: ignore[attr-defined]


def test_a_worker_assigns_cases_to_a_helper_who_sees_them_as_tasks(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    school_cases = list(round_.cases.filter(org_unit=w.school))

    changed = cases_assign(
        acting_user=w.township_worker,
        round_=round_,
        case_ids=_ids(school_cases),
        assignee=w.helper,
    )

    assert changed == 2
    assert set(my_tasks(w.helper).values_list("name", flat=True)) == {"张小明", "李小红"}
    assert LogEntry.objects.filter(object_pk__in=[str(c.pk) for c in school_cases]).count() >= 2
    assert AccessLog.objects.filter(action=AuditAction.SURVEY_CASE).count() == 1
    # Taken back: no task left.
    assert (
        cases_unassign(acting_user=w.township_worker, round_=round_, case_ids=_ids(school_cases))
        == 2
    )
    assert not my_tasks(w.helper).exists()


def test_a_helper_gets_no_case_outside_their_unit(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    village_case = round_.cases.get(org_unit=w.village)

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        cases_assign(
            acting_user=w.township_worker,
            round_=round_,
            case_ids=[village_case.pk],
            assignee=w.helper,
        )
    assert str(refused.value.message) == "王老师 holds no role over 甘露寺村, where 王小刚 is."
    assert Case.objects.get(pk=village_case.pk).assigned_to is None


def test_only_a_runner_of_each_case_s_unit_assigns_it(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    other_case = round_.cases.get(org_unit=w.other_township)
    own_case = round_.cases.get(org_unit=w.school, name="张小明")

    for actor in (w.township_worker, w.helper):
        with pytest.raises(PermissionRefused):
            cases_assign(
                acting_user=actor,
                round_=round_,
                case_ids=[own_case.pk, other_case.pk],
                assignee=w.county_worker,
            )
    assert not Case.objects.filter(assigned_to__isnull=False).exists()


def test_assigning_refuses_no_cases_foreign_cases_and_a_closed_round(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    other = made_round(w.county_worker, w.county, small_form(), title="另一轮")
    with translation.override("en"):
        with pytest.raises(ValidationFailed, match=r"Tick at least one person\."):
            cases_assign(acting_user=w.county_worker, round_=round_, case_ids=[], assignee=w.helper)
        with pytest.raises(ValidationFailed, match=r"Some ticked persons are not in this round\."):
            cases_assign(
                acting_user=w.county_worker,
                round_=round_,
                case_ids=_ids(other.cases.all()[:1]),
                assignee=w.helper,
            )
        round_close(acting_user=w.county_worker, round_=round_)
        round_.refresh_from_db()
        with pytest.raises(ValidationFailed, match=r"The round is closed; reopen it first\."):
            cases_assign(
                acting_user=w.county_worker,
                round_=round_,
                case_ids=_ids(round_.cases.filter(org_unit=w.school)),
                assignee=w.helper,
            )
    assert not Case.objects.filter(assigned_to__isnull=False).exists()


def test_a_person_not_reached_needs_a_reason_and_can_be_put_back(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    case = round_.cases.get(name="王小刚")
    with translation.override("en"):
        with pytest.raises(ValidationFailed, match=r"Say why the person could not be reached\."):
            case_unreachable(acting_user=w.township_worker, case=case, reason="  ")
        with pytest.raises(ValidationFailed, match=r"Write at most 200 characters here\."):
            case_unreachable(acting_user=w.township_worker, case=case, reason="远" * 201)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.PENDING

    marked = case_unreachable(
        acting_user=w.township_worker, case=case, reason="外出务工联系不上", version=case.version
    )
    assert (marked.status, marked.unreachable_reason) == (
        CaseStatus.UNREACHABLE,
        "外出务工联系不上",
    )
    assert AccessLog.objects.filter(action=AuditAction.SURVEY_CASE, object_id=str(case.pk)).exists()

    back = case_pending(acting_user=w.township_worker, case=marked)
    assert (back.status, back.unreachable_reason) == (CaseStatus.PENDING, "")


def test_a_done_case_is_not_marked_unreachable_and_only_fillers_mark(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    case = round_.cases.get(name="张小明")
    with pytest.raises(PermissionRefused):
        case_unreachable(acting_user=w.helper, case=case, reason="已搬离")  # not theirs
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DONE)
    with translation.override("en"), pytest.raises(ValidationFailed, match="answered already"):
        case_unreachable(acting_user=w.township_worker, case=case, reason="已搬离")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DONE


def test_a_found_person_is_added_checked_and_listed(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    with translation.override("en"):
        with pytest.raises(ValidationFailed, match="Choose one of the groups"):
            case_found_add(
                acting_user=w.township_worker,
                round_=round_,
                unit=w.village,
                name="黄小新",
                category=Category.DISABLED,
            )
        with pytest.raises(ValidationFailed, match=r"Write the person's name\."):
            case_found_add(
                acting_user=w.township_worker,
                round_=round_,
                unit=w.village,
                name=" ",
                category=Category.LEFT_BEHIND,
            )
    with pytest.raises(PermissionRefused):
        case_found_add(
            acting_user=w.other_worker,
            round_=round_,
            unit=w.village,
            name="黄小新",
            category=Category.LEFT_BEHIND,
        )
    assert not Case.objects.filter(found=True).exists()

    found = case_found_add(
        acting_user=w.helper,
        round_=round_,
        unit=w.school,
        name="黄小新",
        category=Category.LEFT_BEHIND,
        birth_date=date(2016, 1, 2),
        where="冷碛镇中心小学",
    )
    assert found.found and found.person is None
    assert found.assigned_to == w.helper  # a helper answers for whom they found


def test_registering_a_found_person_takes_the_answers_along(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    found = case_found_add(
        acting_user=w.township_worker,
        round_=round_,
        unit=w.village,
        name="黄小新",
        category=Category.LEFT_BEHIND,
    )
    Response.objects.create(
        case=found,
        form=round_.form,
        answers={"guardian": "none", "contact": "rarely"},
        complete=True,
        client_saved_at=saved_at(timezone.localdate()),
    )

    person = case_register(
        acting_user=w.township_worker, case=found, data=PersonData(name="黄小新", gender="male")
    )

    assert person.org_unit == w.village
    held = list(person.categories.values_list("category", "started_on"))
    assert held == [(Category.LEFT_BEHIND, round_.starts_on)]
    answers = Response.objects.get(case__person=person).answers
    assert answers["guardian"] == "none"
    assert person.survey_cases.get().round == round_
    # Registered once: a second time is refused.
    with translation.override("en"), pytest.raises(ValidationFailed, match="on file already"):
        case_register(acting_user=w.township_worker, case=found, data=PersonData(name="黄小新"))
    assert Person.objects.filter(name="黄小新").count() == 1


def test_a_duplicate_id_number_is_refused_by_the_registry(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    found = case_found_add(
        acting_user=w.township_worker,
        round_=round_,
        unit=w.village,
        name="张小明",
        category=Category.LEFT_BEHIND,
    )
    existing = w.children[0]
    with translation.override("en"), pytest.raises(DuplicatePerson) as refused:
        case_register(
            acting_user=w.township_worker,
            case=found,
            data=PersonData(name="张小明", id_number=existing.id_number),
        )
    assert str(refused.value.message) == "This ID number is registered already."
    assert Case.objects.get(pk=found.pk).person is None


def test_a_helper_registers_nobody(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    found = case_found_add(
        acting_user=w.helper, round_=round_, unit=w.school, name="黄小新", category="left_behind"
    )
    with pytest.raises(PermissionRefused):
        case_register(acting_user=w.helper, case=found, data=PersonData(name="黄小新"))
    assert Case.objects.get(pk=found.pk).person is None
