"""Annual assessment: automatic and manual scores, ranking, finalising, copying, reading."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.reports import assessment, kpis
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of
from guanai.reports.models import (
    AssessmentItem,
    AssessmentScore,
    AssessmentSheet,
    Fact,
    ItemKind,
    SheetStatus,
)
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region
from tests.reports.conftest import TODAY

EVIDENCE = "查阅台账12本，走访3户"


@pytest.fixture
def county_worker(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.WORKER, username="county_worker")


def add(
    user: User,
    sheet: AssessmentSheet,
    name: str,
    weight: str,
    kind: str = ItemKind.MANUAL,
    kpi: str = "",
) -> AssessmentItem:
    sheet.refresh_from_db()
    return assessment.item_add(
        acting_user=user,
        sheet=sheet,
        version=sheet.version,
        name=name,
        weight=weight,
        kind=kind,
        kpi=kpi,
    )


@pytest.fixture
def sheet(region: Region, county_worker: User) -> AssessmentSheet:
    """泸定县's 2026 sheet: three items from KPIs (60 points), one by hand (40)."""
    with on(TODAY):
        made = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
        add(county_worker, made, "结对帮扶覆盖", "30", ItemKind.AUTOMATIC, "pairing_coverage")
        add(county_worker, made, "谈心谈话", "20", ItemKind.AUTOMATIC, "talk_coverage")
        add(county_worker, made, "残疾人走访", "10", ItemKind.AUTOMATIC, "visit_coverage")
        add(county_worker, made, "工作台账", "40")
    made.refresh_from_db()
    return made


def scores(results: assessment.Results) -> dict[str, tuple[int, list[Decimal | None], Decimal]]:
    return {
        row.unit.name: (row.rank, [c.score for c in row.cells], row.total) for row in results.rows
    }


def enter(
    user: User, sheet: AssessmentSheet, unit: OrgUnit, score: str, evidence: str = EVIDENCE
) -> AssessmentScore:
    item = sheet.items.get(kind=ItemKind.MANUAL)
    with on(TODAY):
        return assessment.score_enter(
            acting_user=user, item=item, unit=unit, score=score, evidence=evidence
        )


def test_automatic_items_score_weight_times_attainment_of_the_latest_month(
    region: Region, october: dict[str, Person], sheet: AssessmentSheet, county_worker: User
) -> None:
    # Given October's facts (the latest month of 2026 with facts: November is not
    # refreshed, December has not come):
    facts_refresh(month_of("2026-10", today=TODAY))
    enter(county_worker, sheet, region.lengqi, "36")
    enter(county_worker, sheet, region.xinglong, "36")

    results = assessment.results_of(sheet)

    assert results.facts_month == date(2026, 10, 1)
    assert results.weights == Decimal(100)
    # 冷碛镇: pairing 2/4 = 50 % → 15; talks 1/4 = 25 % → 5; no disabled person on file
    # on 31 October (丁 archived) → no value, 0; by hand 36. Total 56.
    # 兴隆镇: pairing 0 % → 0; talks 1/1 → 20; no value → 0; by hand 36. Total 56.
    # Equal totals share the rank.
    assert scores(results) == {
        "冷碛镇": (1, [Decimal("15.0"), Decimal("5.0"), Decimal(0), Decimal(36)], Decimal(56)),
        "兴隆镇": (1, [Decimal("0.0"), Decimal("20.0"), Decimal(0), Decimal(36)], Decimal(56)),
    }
    lengqi = next(r for r in results.rows if r.unit == region.lengqi)
    assert [c.no_value for c in lengqi.cells] == [False, False, True, False]

    enter(county_worker, sheet, region.xinglong, "30")
    assert [(r.rank, r.unit.name, r.total) for r in assessment.results_of(sheet).rows] == [
        (1, "冷碛镇", Decimal(56)),
        (2, "兴隆镇", Decimal(50)),
    ]


def test_a_unit_target_changes_the_attainment(
    region: Region, october: dict[str, Person], sheet: AssessmentSheet, county_leader: User
) -> None:
    facts_refresh(month_of("2026-10", today=TODAY))
    # The county sets 冷碛镇's pairing target to 50 %: its 50 % now earns all 30 points.
    kpis.target_set(
        acting_user=county_leader, unit=region.lengqi, kpi="pairing_coverage", target=50
    )

    lengqi = next(r for r in assessment.results_of(sheet).rows if r.unit == region.lengqi)

    assert lengqi.cells[0].score == Decimal("30.0")
    assert lengqi.cells[0].kpi_target == Decimal("50.0")


def test_the_score_formula() -> None:
    assert assessment.automatic_score(Decimal(30), Decimal("45.0"), Decimal(40)) == Decimal("30.0")
    assert assessment.automatic_score(Decimal(30), Decimal("20.0"), Decimal(40)) == Decimal("15.0")
    assert assessment.automatic_score(Decimal(30), None, Decimal(40)) == Decimal(0)
    # No target: measured against 100 %.
    assert assessment.automatic_score(Decimal(10), Decimal("33.3"), None) == Decimal("3.3")


def test_december_is_used_and_otherwise_the_latest_month_of_the_year(region: Region) -> None:
    def fact(month: date) -> None:
        Fact.objects.create(
            org_unit=region.county,
            month=month,
            indicator="persons_total",
            value=1,
            refreshed_at=timezone.now(),
        )

    assert assessment.facts_month_of(region.county, 2025) is None
    fact(date(2025, 6, 1))
    fact(date(2025, 9, 1))
    fact(date(2026, 1, 1))  # another year
    assert assessment.facts_month_of(region.county, 2025) == date(2025, 9, 1)
    fact(date(2025, 12, 1))
    assert assessment.facts_month_of(region.county, 2025) == date(2025, 12, 1)


def test_without_facts_every_automatic_item_scores_zero(
    region: Region, sheet: AssessmentSheet
) -> None:
    results = assessment.results_of(sheet)
    assert results.facts_month is None
    for row in results.rows:
        assert [c.score for c in row.cells[:3]] == [0, 0, 0]
        assert all(c.no_value for c in row.cells[:3])


def test_manual_scores_need_evidence_and_stay_within_the_points(
    region: Region, sheet: AssessmentSheet, county_worker: User, township_worker: User
) -> None:
    for score, evidence, field in [
        ("41", EVIDENCE, "score"),
        ("-1", EVIDENCE, "score"),
        ("abc", EVIDENCE, "score"),
        ("12.25", EVIDENCE, "score"),
        ("30", "   ", "evidence"),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            enter(county_worker, sheet, region.lengqi, score, evidence)
        assert refused.value.field == field
    # Only the units reporting to the county are scored; only its staff score them.
    with pytest.raises(ValidationFailed):
        enter(county_worker, sheet, region.ganlusi, "30")
    with pytest.raises(ValidationFailed):
        enter(county_worker, sheet, region.office, "30")
    with pytest.raises(PermissionRefused):
        enter(township_worker, sheet, region.lengqi, "40")
    automatic = sheet.items.filter(kind=ItemKind.AUTOMATIC)[0]
    with pytest.raises(ValidationFailed):
        assessment.score_enter(
            acting_user=county_worker, item=automatic, unit=region.lengqi, score="1", evidence="x"
        )
    assert not AssessmentScore.objects.exists()

    entry = enter(county_worker, sheet, region.lengqi, "38.5")
    entry = enter(county_worker, sheet, region.lengqi, "39")  # corrected, not doubled
    assert AssessmentScore.objects.count() == 1
    assert (entry.score, entry.evidence, entry.entered_by) == (Decimal(39), EVIDENCE, county_worker)


def test_items_are_checked(region: Region, county_worker: User, sheet: AssessmentSheet) -> None:
    for weight, kind, kpi, field in [
        ("0", ItemKind.MANUAL, "", "weight"),
        ("101", ItemKind.MANUAL, "", "weight"),
        ("x", ItemKind.MANUAL, "", "weight"),
        ("10", ItemKind.AUTOMATIC, "", "kpi"),
        ("10", ItemKind.AUTOMATIC, "benefits_paid", "kpi"),  # an amount, not a rate
        ("10", "other", "", "kind"),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            add(county_worker, sheet, "项目", weight, kind, kpi)
        assert refused.value.field == field
    with pytest.raises(ValidationFailed) as refused:
        add(county_worker, sheet, "  ", "10")
    assert refused.value.field == "name"
    with pytest.raises(StaleEdit):
        assessment.item_add(
            acting_user=county_worker,
            sheet=sheet,
            version=sheet.version - 1,
            name="迟到",
            weight="5",
            kind=ItemKind.MANUAL,
        )
    assert sheet.items.count() == 4


def test_finalising_needs_100_points_all_scores_and_a_leader(
    region: Region,
    october: dict[str, Person],
    sheet: AssessmentSheet,
    county_worker: User,
    county_leader: User,
    township_worker: User,
) -> None:
    facts_refresh(month_of("2026-10", today=TODAY))

    def finalise(user: User) -> AssessmentSheet:
        sheet.refresh_from_db()
        with on(TODAY):
            return assessment.sheet_finalise(acting_user=user, sheet=sheet, version=sheet.version)

    # Scores missing:
    with pytest.raises(ValidationFailed) as refused:
        finalise(county_leader)
    assert "冷碛镇·工作台账" in str(refused.value.message)
    enter(county_worker, sheet, region.lengqi, "36")
    enter(county_worker, sheet, region.xinglong, "30")
    # 110 points:
    extra = add(county_worker, sheet, "宣传报道", "10")
    with pytest.raises(ValidationFailed) as refused:
        finalise(county_leader)
    assert "110" in str(refused.value.message)
    sheet.refresh_from_db()
    assessment.item_remove(acting_user=county_worker, item=extra, version=sheet.version)
    # A worker does not finalise; a township worker does not even read the draft.
    with pytest.raises(PermissionRefused):
        finalise(county_worker)
    with pytest.raises(Http404):
        assessment.access_sheet(township_worker, sheet.pk)

    finalised = finalise(county_leader)

    assert finalised.status == SheetStatus.FINALISED
    assert finalised.facts_month == date(2026, 10, 1)
    assert assessment.access_sheet(township_worker, sheet.pk) == finalised
    before = scores(assessment.results_of(finalised))
    assert before["冷碛镇"] == (
        1,
        [Decimal(15), Decimal(5), Decimal(0), Decimal(36)],
        Decimal(56),
    )
    # The scores cannot change any more, nor the items …
    with pytest.raises(ValidationFailed):
        enter(county_worker, sheet, region.lengqi, "40")
    with pytest.raises(ValidationFailed):
        add(county_worker, finalised, "补充", "1")
    # … and a later refresh of the facts changes nothing: the scores are frozen.
    helper = factories.user(unit=region.xinglong_school, role=Role.HELPER)
    with on(TODAY):
        pairing_start(
            acting_user=county_leader,
            person=october["g"],
            role=HelperRole.CLASS_TEACHER,
            helper=helper,
            started_on=date(2026, 10, 2),
        )
    facts_refresh(month_of("2026-10", today=TODAY))
    assert Fact.objects.filter(
        org_unit=region.xinglong, month=date(2026, 10, 1), indicator="persons_paired"
    ).exists()
    assert scores(assessment.results_of(finalised)) == before
    lengqi = next(r for r in assessment.results_of(finalised).rows if r.unit == region.lengqi)
    assert lengqi.cells[2].no_value  # the frozen KPI value is kept: none


def test_a_sheet_is_made_by_a_parent_unit_once_a_year(
    region: Region, county_worker: User, township_worker: User
) -> None:
    with on(TODAY):
        assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
        with pytest.raises(ValidationFailed) as refused:
            assessment.sheet_create(acting_user=county_worker, unit=region.county, year="2026")
        assert refused.value.field == "year"
        with pytest.raises(ValidationFailed):
            assessment.sheet_create(acting_user=township_worker, unit=region.lengqi, year=2026)
        with pytest.raises(PermissionRefused):
            assessment.sheet_create(acting_user=township_worker, unit=region.county, year=2027)
        with pytest.raises(ValidationFailed):
            assessment.sheet_create(acting_user=county_worker, unit=region.county, year="明年")


def test_copy_a_previous_years_sheet(
    region: Region, sheet: AssessmentSheet, county_worker: User
) -> None:
    enter(county_worker, sheet, region.lengqi, "36")
    with on(TODAY):
        copy = assessment.sheet_copy(
            acting_user=county_worker, source=sheet, unit=region.county, year=2027
        )
    assert copy.status == SheetStatus.DRAFT
    assert [(i.name, i.weight, i.kind, i.kpi) for i in copy.items.all()] == [
        (i.name, i.weight, i.kind, i.kpi) for i in sheet.items.all()
    ]
    assert not AssessmentScore.objects.filter(item__sheet=copy).exists()
    assert AssessmentSheet.objects.count() == 2
