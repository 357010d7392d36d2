"""Risk levels: a helper proposes with a reason, a leader confirms or refuses, history kept."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from guanai.accounts.models import Role, User
from guanai.care import risk
from guanai.care.models import RiskAssessment, RiskLevel
from guanai.care.risk import AssessmentState
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.registry.models import Person
from tests import factories
from tests.care.log_support import pair, pupil, zh
from tests.conftest import Region, logged_in


@pytest.fixture
def child(region: Region, school_helper: User) -> Person:
    person = pupil(region.lengqi_school, "李小花")
    pair(person, school_helper)
    return person


def _propose(user: User, person: Person, level: str = RiskLevel.HIGH) -> RiskAssessment:
    return risk.risk_propose(
        acting_user=user, person=person, level=level, reason="连续三次情绪低落"
    )


def test_a_proposal_waits_for_a_leader_and_a_confirmation_puts_it_in_force(
    school_helper: User, county_leader: User, child: Person
) -> None:
    proposal = _propose(school_helper, child)

    assert risk.assessment_state(proposal) == AssessmentState.PENDING
    assert risk.current_risk(child) is None
    risk.risk_decide(acting_user=county_leader, assessment=proposal, confirm=True)

    proposal.refresh_from_db()
    assert risk.assessment_state(proposal) == AssessmentState.CURRENT
    assert (proposal.confirmed_by, proposal.set_by) == (county_leader, school_helper)
    assert risk.current_risk(child) == proposal


def test_a_new_confirmed_level_replaces_the_old_and_the_history_stays(
    school_helper: User, county_leader: User, child: Person
) -> None:
    first = _propose(school_helper, child, RiskLevel.HIGH)
    risk.risk_decide(acting_user=county_leader, assessment=first, confirm=True)
    second = _propose(school_helper, child, RiskLevel.MEDIUM)
    refused = _propose(school_helper, child, RiskLevel.LOW)

    risk.risk_decide(acting_user=county_leader, assessment=second, confirm=True)
    risk.risk_decide(acting_user=county_leader, assessment=refused, confirm=False)

    states = {a.level: risk.assessment_state(a) for a in risk.risk_history(child)}
    assert states == {
        RiskLevel.HIGH: AssessmentState.SUPERSEDED,
        RiskLevel.MEDIUM: AssessmentState.CURRENT,
        RiskLevel.LOW: AssessmentState.REJECTED,
    }
    assert RiskAssessment.objects.filter(person=child, current=True).get() == second


def test_a_decided_proposal_is_not_decided_again(
    school_helper: User, county_leader: User, child: Person
) -> None:
    proposal = _propose(school_helper, child)
    risk.risk_decide(acting_user=county_leader, assessment=proposal, confirm=False)

    with pytest.raises(ValidationFailed):
        risk.risk_decide(acting_user=county_leader, assessment=proposal, confirm=True)

    assert risk.current_risk(child) is None


def test_only_a_leader_above_the_person_decides(
    region: Region, school_helper: User, township_worker: User, child: Person
) -> None:
    proposal = _propose(school_helper, child)
    other_leader = factories.user(unit=region.xinglong, role=Role.LEADER)
    principal = factories.user(unit=region.lengqi_school, role=Role.LEADER)

    for user in (school_helper, township_worker, other_leader):
        with pytest.raises(PermissionRefused):
            risk.risk_decide(acting_user=user, assessment=proposal, confirm=True)
    risk.risk_decide(acting_user=principal, assessment=proposal, confirm=True)

    assert risk.current_risk(child) == proposal


def test_a_helper_not_paired_may_not_propose(
    region: Region, school_helper: User, other_township_worker: User
) -> None:
    stranger = pupil(region.lengqi_school, "王小明")

    with pytest.raises(PermissionRefused):
        _propose(school_helper, stranger)
    with pytest.raises(PermissionRefused):
        _propose(other_township_worker, stranger)
    page = logged_in(school_helper).get(reverse("care:risk_propose", args=[stranger.pk]))

    assert page.status_code == 404
    assert not RiskAssessment.objects.exists()


def test_an_early_warning_proposes_without_an_account(child: Person) -> None:
    proposal = risk.risk_propose(
        acting_user=SYSTEM,
        person=child,
        level=RiskLevel.HIGH,
        reason="60天未联系家长",
        source="warning",
    )

    assert (proposal.set_by, proposal.source) == (None, "warning")


def test_a_proposal_naming_no_one_acting_is_refused(child: Person) -> None:
    with pytest.raises(PermissionRefused):
        risk.risk_propose(
            acting_user=None,  # type: ignore[arg-type]
            person=child,
            level=RiskLevel.HIGH,
            reason="60天未联系家长",
            source="warning",
        )

    assert not RiskAssessment.objects.exists()


@pytest.mark.parametrize(
    ("level", "reason", "field"),
    [
        ("extreme", "原因", "level"),
        (RiskLevel.HIGH, "   ", "reason"),
        (RiskLevel.HIGH, "长" * 301, "reason"),
    ],
)
def test_bad_proposals_are_refused(
    school_helper: User, child: Person, level: str, reason: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        risk.risk_propose(acting_user=school_helper, person=child, level=level, reason=reason)

    assert refused.value.field == field
    assert not RiskAssessment.objects.exists()


# --- Pages ------------------------------------------------------------------------------


def test_a_helper_proposes_on_the_page_and_the_leader_confirms_it(
    school_helper: User, county_leader: User, child: Person
) -> None:
    helper = logged_in(school_helper)
    response = helper.post(
        reverse("care:risk_propose", args=[child.pk]),
        {"level": "high", "reason": "父母离异后情绪低落"},
    )
    proposal = RiskAssessment.objects.get()
    leader = logged_in(county_leader)
    care_page = leader.get(reverse("care:person_care", args=[child.pk])).content.decode()

    confirmed = leader.post(reverse("care:risk_decide", args=[proposal.pk, "confirm"]), follow=True)

    assert response.status_code == 302
    assert reverse("care:risk_decide", args=[proposal.pk, "confirm"]) in care_page
    assert zh("The risk level was confirmed.") in confirmed.content.decode()
    assert zh("Risk: %(level)s", level=zh("High")) in confirmed.content.decode()
    proposal.refresh_from_db()
    assert proposal.current


def test_a_helper_gets_no_confirm_button_and_a_posted_decision_is_refused(
    school_helper: User, child: Person
) -> None:
    proposal = _propose(school_helper, child)
    helper = logged_in(school_helper)

    care_page = helper.get(reverse("care:person_care", args=[child.pk])).content.decode()
    refused = helper.post(reverse("care:risk_decide", args=[proposal.pk, "confirm"]), follow=True)

    assert reverse("care:risk_decide", args=[proposal.pk, "confirm"]) not in care_page
    message = "Only a leader of the person's unit may confirm a risk level."
    assert escape(zh(message)) in refused.content.decode()
    proposal.refresh_from_db()
    assert not proposal.current


def test_a_proposal_without_a_reason_is_shown_in_chinese(
    school_helper: User, child: Person
) -> None:
    page = logged_in(school_helper).post(
        reverse("care:risk_propose", args=[child.pk]), {"level": "high", "reason": " "}
    )

    assert page.status_code == 200
    assert "reason" in page.context["form"].errors
    assert not RiskAssessment.objects.exists()


def test_a_decision_about_a_person_out_of_sight_is_not_found(
    school_helper: User, other_township_worker: User, child: Person
) -> None:
    proposal = _propose(school_helper, child)

    response = logged_in(other_township_worker).post(
        reverse("care:risk_decide", args=[proposal.pk, "confirm"])
    )
    unknown = logged_in(school_helper).post(
        reverse("care:risk_decide", args=[proposal.pk, "maybe"])
    )

    assert (response.status_code, unknown.status_code) == (404, 404)
