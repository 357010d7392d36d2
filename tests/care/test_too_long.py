"""Risk and warnings: over-long text is refused naming the limit, never cut (issue 13, 7)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from guanai.accounts.models import User
from guanai.care import risk
from guanai.care.models import CareWarning, RiskAssessment, RiskLevel
from guanai.care.warnings import texts
from guanai.core.errors import ValidationFailed
from guanai.core.text import column_limit
from guanai.registry.models import Person
from tests.care.log_support import pair, pupil
from tests.conftest import Region, logged_in


@pytest.fixture
def child(region: Region, school_helper: User) -> Person:
    person = pupil(region.lengqi_school, "李小花")
    pair(person, school_helper)
    return person


def test_a_long_reason_is_refused_in_chinese_naming_the_columns_limit(
    school_helper: User, child: Person
) -> None:
    limit = column_limit(RiskAssessment, "reason")
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        risk.risk_propose(
            acting_user=school_helper, person=child, level=RiskLevel.HIGH, reason="长" * (limit + 1)
        )

    assert refused.value.field == "reason"
    assert str(refused.value.message) == f"此处最多填写 {limit} 个字。"
    assert not RiskAssessment.objects.exists()
    kept = risk.risk_propose(
        acting_user=school_helper, person=child, level=RiskLevel.HIGH, reason="满" * limit
    )
    assert kept.reason == "满" * limit


def test_the_page_refuses_a_long_reason_and_stores_nothing(
    school_helper: User, child: Person
) -> None:
    limit = column_limit(RiskAssessment, "reason")
    page = logged_in(school_helper).post(
        reverse("care:risk_propose", args=[child.pk]),
        {"level": "high", "reason": "长" * (limit + 1)},
    )

    assert page.status_code == 200
    assert str(limit) in " ".join(page.context["form"].errors["reason"])
    assert not RiskAssessment.objects.exists()


def test_an_unknown_source_is_a_programming_error_not_cut(child: Person) -> None:
    with pytest.raises(ValueError, match="source"):
        risk.risk_propose(
            acting_user=None,
            person=child,
            level=RiskLevel.HIGH,
            reason="60天未联系家长",
            source="an early warning",
        )
    assert not RiskAssessment.objects.exists()


def test_a_warnings_sentence_fits_the_reason_of_the_proposal_it_makes() -> None:
    """Detection stores a warning's sentence as a proposal's reason whole: it must fit."""
    assert column_limit(CareWarning, "message") == texts.MESSAGE_LENGTH
    assert column_limit(RiskAssessment, "reason") >= texts.MESSAGE_LENGTH
