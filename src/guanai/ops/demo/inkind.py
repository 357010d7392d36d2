"""The assistance-in-kind demo (issue 19): devices delivered last year and this year, a child
with cerebral palsy in rehabilitation, three renovations of dangerous houses (two under way,
one accepted) and the county's targets with last year's progress.

泸定县 promised in 2025 to end the dangerous houses of its scattered 五保 persons within
three years (篇八) and to fit the disabled persons who need them with wheelchairs. Last
year's wheelchairs and hearing aids were delivered and followed up; this year a few more,
and some elders still qualify and wait (the not-served list has work on it). Everything
goes through the services, as the system, once.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, QuerySet

from guanai.core.actors import SYSTEM
from guanai.inkind.applications import (
    application_assess,
    application_create,
    application_decide,
    application_deliver,
    followup_add,
    stage_record,
)
from guanai.inkind.coverage import TargetData, target_create
from guanai.inkind.eligibility import eligible_q, served_q
from guanai.inkind.models import (
    Application,
    ApplicationSource,
    Measure,
    Service,
    Stage,
    UseStatus,
)
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Category, HouseCondition, Person
from guanai.registry.services import house_condition_set

SUPPLIER = "甘孜州残疾人辅助器具服务中心"
BUILDER = "泸定县安居建筑队"
REHABILITATION = "甘孜州残疾人康复中心"


def _eligible(unit: OrgUnit, code: str, on: date) -> QuerySet[Person]:
    service = Service.objects.get(code=code)
    return (
        Person.objects.filter(
            subtree_q([unit], field="org_unit__path"), eligible_q(service.rules, on)
        )
        .exclude(served_q(service))
        .select_related("org_unit")
        # The elders first (篇八: devices for disabled elders over 60).
        .order_by(F("birth_date").asc(nulls_last=True), "pk")
    )


def _approved(person: Person, code: str, asked: date, note: str) -> Application:
    application = application_create(
        SYSTEM,
        person=person,
        service=Service.objects.get(code=code),
        source=ApplicationSource.OFFICE,
        reason=note,
        requested_on=asked,
    )
    application = application_assess(
        SYSTEM,
        application,
        version=application.version,
        assessment=note,
        on=asked + timedelta(days=5),
    )
    return application_decide(
        SYSTEM,
        application,
        version=application.version,
        approve=True,
        on=asked + timedelta(days=10),
    )


def _devices(unit: OrgUnit, code: str, count: int, year: int, today: date, serial: str) -> None:
    """Deliver ``count`` devices of ``code`` to the first eligible persons, in ``year``."""
    asked = date(year, 3, 10)
    for n, person in enumerate(_eligible(unit, code, today)[:count]):
        application = _approved(person, code, asked + timedelta(days=n), "入户评估：需要适配")
        delivered = min(asked + timedelta(days=30 + n), today)
        application = application_deliver(
            SYSTEM,
            application,
            version=application.version,
            on=delivered,
            supplier=SUPPLIER,
            cost="1280.00" if code == "wheelchair" else "2600.00",
            serial_number=f"{serial}-{year}-{n + 1:03d}",
        )
        if delivered + timedelta(days=90) <= today:
            unused = n % 4 == 3
            followup_add(
                SYSTEM,
                application,
                status=UseStatus.UNUSED if unused else UseStatus.IN_USE,
                reason="家中道路不平，轮椅难以推行" if unused else "",
                on=delivered + timedelta(days=90),
            )


def _cp_child(units: dict[str, OrgUnit], today: date) -> None:
    """Start the rehabilitation of the first poor disabled child of the roster who qualifies
    (a child with cerebral palsy, the assessment says)."""
    child = _eligible(units["luding"], "rehab_cp_child", today).first()
    if child is None:
        return
    application = _approved(
        child,
        "rehab_cp_child",
        today - timedelta(days=120),
        "脑性瘫痪（痉挛型双瘫），适合在州康复中心进行康复训练并适配矫形器，为期一年",
    )
    started = today - timedelta(days=90)
    application = application_deliver(
        SYSTEM,
        application,
        version=application.version,
        on=started,
        supplier=REHABILITATION,
        cost="18000.00",
        delivery_note="康复训练开始，每周五次，为期一年；矫形器已适配",
    )
    followup_add(
        SYSTEM,
        application,
        status=UseStatus.IN_USE,
        reason="",
        on=started + timedelta(days=60),
    )


def _renovations(units: dict[str, OrgUnit], today: date) -> None:
    """Three scattered 五保 persons' dangerous houses: one accepted, two under way."""
    service = Service.objects.get(code="housing_renovation")
    scattered = (
        Person.objects.filter(
            subtree_q([units["luding"]], field="org_unit__path"),
            archived_at__isnull=True,
            categories__category=Category.TEKUN,
            categories__details__support="scattered",
            categories__ended_on__isnull=True,
        )
        .order_by("name_sort", "pk")
        .distinct()
    )
    persons = list(scattered[:5])
    conditions = [HouseCondition.D_GRADE, HouseCondition.C_GRADE] * 3
    for person, condition in zip(persons, conditions[: len(persons)], strict=True):
        house_condition_set(acting_user=SYSTEM, person=person, condition=condition)
    plans = [
        (date(today.year - 1, 4, 1), len(Stage.values)),  # accepted last year
        (today - timedelta(days=150), 4),  # works under way
        (today - timedelta(days=60), 2),  # plan made
    ]
    for person, (asked, stages) in zip(persons, plans, strict=False):
        application = _approved(person, service.code, asked, "房屋鉴定为危房，需加固改造")
        day = asked + timedelta(days=15)
        for stage in Stage.values[:stages]:
            application.refresh_from_db()
            stage_record(
                SYSTEM,
                application,
                version=application.version,
                stage=stage,
                on=min(day, today),
                note=STAGE_NOTES[stage],
                amount="20000.00" if stage == Stage.FUNDING else None,
            )
            day += timedelta(days=20)


STAGE_NOTES: dict[str, str] = {
    Stage.SURVEY: "住建部门入户勘查，鉴定为危房",
    Stage.PLAN: "原址加固：更换屋面、加固墙体",
    Stage.FUNDING: "县级危房改造补助资金到位",
    Stage.WORKS: f"{BUILDER}施工",
    Stage.ACCEPTANCE: "竣工验收合格，住房安全",
}


@transaction.atomic
def demo_inkind(units: dict[str, OrgUnit], today: date) -> int:
    """Make the demo's requests once; return how many there are."""
    if Application.objects.exists():
        return 0
    county = units["luding"]
    _devices(county, "wheelchair", 6, today.year - 1, today, "LY")
    _devices(county, "hearing_aid", 3, today.year - 1, today, "ZT")
    _devices(county, "wheelchair", 3, today.year, today, "LY")
    _cp_child(units, today)
    _renovations(units, today)
    _targets(county, today)
    return Application.objects.count()


def _targets(county: OrgUnit, today: date) -> None:
    """The county's three-year targets, set at the start of last year."""
    start = today.year - 1
    for code, title, measure, goal in (
        ("housing_renovation", "三年内消除散居五保户危房", Measure.ALL_SERVED, None),
        ("wheelchair", "三年为残疾人适配轮椅30台", Measure.COUNT, 30),
        ("hearing_aid", "三年为听力残疾人适配助听器15台", Measure.COUNT, 15),
    ):
        target_create(
            SYSTEM,
            unit=county,
            data=TargetData(
                service=Service.objects.get(code=code),
                title=title,
                start_year=start,
                end_year=start + 2,
                measure=measure,
                goal=goal,
                note="县民政局、县残联联合制定（篇八）",
            ),
        )
