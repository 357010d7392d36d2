"""Early warnings propose a higher risk level; a leader decides, nothing changes by itself."""

from __future__ import annotations

from guanai.accounts.models import User
from guanai.care.models import RiskAssessment, RiskLevel
from guanai.care.risk import AssessmentState, assessment_state
from guanai.care.warnings import detect
from tests.care.warnings_support import TODAY, days_ago, person, record, risk
from tests.conftest import Region


def _low_mood(region: Region, author: User, name: str) -> object:
    someone = person(region.lengqi, name)
    for n in (20, 10, 3):
        record(author, days_ago(n), someone, mood=1)
    return someone


def test_a_low_mood_warning_proposes_high_risk_once(region: Region, township_worker: User) -> None:
    someone = _low_mood(region, township_worker, "张三")
    detect(today=TODAY)
    proposal = RiskAssessment.objects.get(person=someone)
    assert (proposal.level, proposal.source, proposal.current) == (RiskLevel.HIGH, "warning", False)
    assert assessment_state(proposal) == AssessmentState.PENDING
    assert "张三" in proposal.reason
    # Detected again (or raised again after being resolved): still one proposal waiting.
    detect(today=TODAY)
    assert RiskAssessment.objects.filter(person=someone).count() == 1


def test_no_proposal_for_a_person_at_high_risk_already(
    region: Region, township_worker: User
) -> None:
    someone = _low_mood(region, township_worker, "李四")
    risk(someone, RiskLevel.HIGH)
    detect(today=TODAY)
    assert RiskAssessment.objects.filter(person=someone).count() == 1  # the one in force
