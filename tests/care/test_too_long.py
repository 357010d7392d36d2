"""Risk and warnings: over-long text is refused naming the limit, never cut (issue 13, 7)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from guanai.accounts.models import Role, User
from guanai.care import risk
from guanai.care.models import (
    CareKind,
    CareWarning,
    HelperRole,
    PlanDomain,
    RiskAssessment,
    RiskLevel,
    WarningKind,
    WarningStatus,
)
from guanai.care.warnings import services, texts
from guanai.care.warnings.findings import Finding
from guanai.care.warnings.texts import FROM_CALL, FROM_FILE, NONE, make_key
from guanai.core.actors import SYSTEM
from guanai.core.errors import ValidationFailed
from guanai.core.text import column_limit
from guanai.registry.models import Person
from tests import factories
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
            acting_user=SYSTEM,
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


DAY = date(2026, 11, 25)


def _every_key() -> list[str]:
    """Return a key of every kind of warning, with every code its sentence names."""
    day = DAY.isoformat()
    keys = [make_key(WarningKind.NO_CARE, 1, NONE)]
    keys += [make_key(WarningKind.NO_CARE, 1, day, kind) for kind in CareKind.values]
    keys += [make_key(WarningKind.NO_PARENT_CONTACT, 1, NONE)]
    keys += [make_key(WarningKind.NO_PARENT_CONTACT, 1, day, f) for f in (FROM_CALL, FROM_FILE)]
    keys += [make_key(WarningKind.PLAN_UNREVIEWED, 1, 9, day, d) for d in PlanDomain.values]
    keys += [make_key(WarningKind.LOW_MOOD, 1, day, day, day)]
    keys += [make_key(WarningKind.PAIRING_GAP, 1, day, role) for role in HelperRole.values]
    keys += [make_key(WarningKind.HIGH_RISK_UNCONTACTED, 1, day)]
    return keys


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_warning_sentence_fits_its_column_with_the_longest_name(language: str) -> None:
    """Sentences are never cut: with a name as long as a person's may be, each one fits."""
    name = "名" * column_limit(Person, "name")
    with translation.override(language):
        for key, high_risk in itertools.product(_every_key(), (False, True)):
            sentence = texts.explain(key, name=name, today=DAY, high_risk=high_risk)
            assert sentence is not None, key
            assert name in sentence
            assert len(sentence) <= texts.MESSAGE_LENGTH, (key, len(sentence))


def test_a_sentence_too_long_for_its_column_is_refused_not_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long = "长" * (texts.MESSAGE_LENGTH + 1)
    monkeypatch.setattr(texts, "explain", lambda *args, **kwargs: long)
    finding = Finding(
        person_id=1, org_unit_id=1, name="张三", kind=WarningKind.NO_CARE, key="no_care:1:none"
    )

    with pytest.raises(ValidationFailed) as refused:
        finding.message(DAY)

    assert refused.value.field == "message"
    assert str(texts.MESSAGE_LENGTH) in str(refused.value.message)


@pytest.fixture
def open_warning(region: Region, child: Person) -> CareWarning:
    return CareWarning.objects.create(
        org_unit=child.org_unit,
        person=child,
        kind=WarningKind.NO_CARE,
        key=make_key(WarningKind.NO_CARE, child.pk, NONE),
        message="李小花还没有任何关爱记录。",
        raised_on=DAY,
    )


def test_a_long_acknowledgement_note_is_refused_in_chinese_and_the_warning_stays_open(
    region: Region, open_warning: CareWarning
) -> None:
    leader = factories.user(unit=region.lengqi, role=Role.LEADER, username="lengqi_leader")
    limit = column_limit(CareWarning, "note")

    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        services.warning_acknowledge(
            acting_user=leader, warning=open_warning, note="长" * (limit + 1)
        )

    assert refused.value.field == "note"
    assert str(refused.value.message) == f"此处最多填写 {limit} 个字。"
    open_warning.refresh_from_db()
    assert (open_warning.status, open_warning.note) == (WarningStatus.OPEN, "")
    assert open_warning.acknowledged_by is None


def test_the_page_refuses_a_long_acknowledgement_note_and_changes_nothing(
    region: Region, open_warning: CareWarning
) -> None:
    leader = factories.user(unit=region.lengqi, role=Role.LEADER, username="lengqi_leader")
    limit = column_limit(CareWarning, "note")

    page = logged_in(leader).post(
        reverse("care:warning_ack", args=[open_warning.pk]), {"note": "长" * (limit + 1)}
    )

    assert page.status_code == 200
    assert str(limit) in " ".join(page.context["form"].errors["note"])
    open_warning.refresh_from_db()
    assert (open_warning.status, open_warning.note) == (WarningStatus.OPEN, "")
