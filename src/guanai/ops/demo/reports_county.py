"""The county's side of the reporting demo: its bulletin, the townships' information
reports it publishes, and this year's score sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from guanai.accounts.models import User
from guanai.core.months import add_months
from guanai.ops.demo.benefits_data import WORKERS
from guanai.ops.demo.reports_data import REVIEWER, TOWNSHIP_KEYS, local_time
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.reports import assessment, bulletins, monthly
from guanai.reports import info as info_reports
from guanai.reports.models import (
    AssessmentSheet,
    Bulletin,
    InfoKind,
    InfoReport,
    InfoStatus,
    ItemKind,
)

BULLETIN_CLOSING = (
    "请各乡镇对照本通报查漏补缺，严格落实每月15日前报送制度，确保数据准确、报送及时。"
)


@dataclass(frozen=True)
class InfoPlan:
    """An information report or story: whose, what, and when (days before today)."""

    township: str
    kind: str
    title: str
    text: str
    event_back: int
    submitted_back: int
    published_back: int | None  # None: still awaiting review


INFO = (
    InfoPlan(
        "lengqi",
        InfoKind.REPORT,
        "冷碛镇开展“亲情电话进校园”活动",
        "冷碛镇中心小学在每个班级设立亲情电话角，班主任每周安排留守儿童与在外务工的父母通话，"
        "并在谈心记录中跟踪孩子的情绪变化。活动开展以来，全校留守儿童均已与父母通话，"
        "多名家长表示将更多关心孩子的学习和生活。",
        40,
        39,
        37,
    ),
    InfoPlan(
        "luqiao",
        InfoKind.STORY,
        "“代家长”杨老师：把留守孩子当自家孩子",
        "泸桥镇中心小学杨老师担任5名留守儿童的“代家长”已三年。她每周与孩子们谈心，"
        "周末带他们读书、做饭，孩子生病时陪同就医。在她的帮助下，结对的孩子学习成绩稳步提高，"
        "性格也开朗了许多。杨老师说：“孩子们的父母不在身边，我们就要多给他们一份爱。”",
        25,
        24,
        20,
    ),
    InfoPlan(
        "xinglong",
        InfoKind.REPORT,
        "兴隆镇完成特困供养人员入户走访",
        "兴隆镇组织镇村干部对辖区特困供养人员逐户走访，核实生活、住房和就医情况，"
        "对走访中发现的2户住房安全隐患已报请县民政局纳入危房改造计划。",
        9,
        3,
        None,
    ),
)


def bulletin_month(units: dict[str, OrgUnit], now: datetime) -> date:
    """Return the latest month whose township reports are due: last month after its
    deadline, else the month before."""
    last = add_months(timezone.localdate(now).replace(day=1), -1)
    deadline = monthly.deadline_of(last, monthly.deadline_day(units["lengqi"]))
    return last if timezone.localdate(now) > deadline else add_months(last, -1)


def bulletin_publish(
    units: dict[str, OrgUnit], users: dict[str, User], month: date, *, now: datetime
) -> Bulletin:
    """The county drafts its bulletin of ``month`` (highlights from the accepted reports),
    writes the text and publishes it three days after the deadline."""
    county, leader = units["luding"], users[REVIEWER]
    overview = monthly.subunit_overview(county, month)
    text = [
        f"{month.year}年{month.month}月，全县{overview.expected}个乡镇应报关爱帮扶月报"
        f"{overview.expected}份，实报{overview.submitted}份，报送率{overview.completeness}%。"
    ]
    on_time = [r.unit.name for r in overview.rows if r.timeliness is monthly.Timeliness.ON_TIME]
    late = [r.unit.name for r in overview.rows if r.timeliness is monthly.Timeliness.LATE]
    missing = [r.unit.name for r in overview.rows if r.timeliness is monthly.Timeliness.MISSING]
    if on_time:
        text.append(f"按时报送：{'、'.join(on_time)}。")
    if late:
        text.append(f"逾期报送：{'、'.join(late)}。")
    if missing:
        text.append(f"未报送：{'、'.join(missing)}。")
    text.append(BULLETIN_CLOSING)
    bulletin = bulletins.bulletin_open(acting_user=leader, unit=county, month=month)
    bulletin = bulletins.bulletin_save(
        acting_user=leader,
        bulletin=bulletin,
        version=bulletin.version,
        title=bulletin.title,
        text="\n".join(text),
        highlights=bulletin.highlights,
    )
    bulletin = bulletins.bulletin_publish(
        acting_user=leader, bulletin=bulletin, version=bulletin.version
    )
    due = monthly.deadline_of(month, monthly.deadline_day(units["lengqi"]))
    published = min(local_time(due + timedelta(days=3), 10), now)
    Bulletin.objects.filter(pk=bulletin.pk).update(published_at=published)
    return bulletin


def info_reports_send(units: dict[str, OrgUnit], users: dict[str, User], *, now: datetime) -> None:
    """The townships send their reports and stories; the county publishes two."""
    today = timezone.localdate(now)
    for plan in INFO:
        event = today - timedelta(days=plan.event_back)
        report = info_reports.info_submit(
            acting_user=users[WORKERS[plan.township]],
            unit=units[plan.township],
            kind=plan.kind,
            title=plan.title,
            event_date=event,
            text=plan.text,
        )
        sent = min(local_time(today - timedelta(days=plan.submitted_back), 16, 30), now)
        timely = (timezone.localdate(sent) - event).days <= info_reports.TIMELY_DAYS
        InfoReport.objects.filter(pk=report.pk).update(
            first_submitted_at=sent, submitted_at=sent, timely=timely
        )
        if plan.published_back is None:
            continue
        report.refresh_from_db()
        report = info_reports.info_publish(
            acting_user=users[REVIEWER], report=report, version=report.version
        )
        published = min(local_time(today - timedelta(days=plan.published_back), 11), now)
        InfoReport.objects.filter(pk=report.pk).update(
            reviewed_at=published, published_at=published
        )


# (name, points, KPI code or "" for a manual item, how it is scored)
ITEMS = (
    ("建档率", "20", "registration_rate", "在册人数 ÷ 摸底排查人数，达到100%得满分"),
    ("结对帮扶覆盖率", "20", "pairing_coverage", "结对帮扶人数 ÷ 在册人数"),
    ("留守儿童谈心覆盖率", "15", "talk_coverage", "本月谈心学生数 ÷ 在校特殊群体学生数"),
    ("残疾人走访率", "15", "visit_coverage", "本年走访残疾人数 ÷ 在册残疾人数"),
    ("月报按时报送", "15", "timeliness", "按时得满分，迟报得一半，缺报不得分（自动）"),
    ("信息报送与典型宣传", "15", "", "报送信息得6分，每篇被县采用加4分，待审核每篇加2分"),
)


def _info_score(unit: OrgUnit, year: int, points: Decimal) -> tuple[Decimal, str]:
    sent = InfoReport.objects.filter(
        subtree_q([unit], field="org_unit__path"), first_submitted_at__year=year
    )
    published = sent.filter(status=InfoStatus.PUBLISHED).count()
    waiting = sent.filter(status=InfoStatus.SUBMITTED).count()
    total = sent.count()
    score = min(points, Decimal(6 if total else 0) + 4 * published + 2 * waiting)
    return (
        score,
        f"本年报送信息{total}篇，县级采用{published}篇，待审核{waiting}篇（信息报送记录）。",
    )


def assessment_sheet(
    units: dict[str, OrgUnit], users: dict[str, User], *, now: datetime
) -> AssessmentSheet:
    """The county's score sheet of this year: four items from the KPIs, two scored by
    hand from the townships' reports. Left a draft: the year is not over."""
    county, leader = units["luding"], users[REVIEWER]
    today = timezone.localdate(now)
    sheet = assessment.sheet_create(acting_user=leader, unit=county, year=today.year)
    items = []
    for name, points, kpi, criteria in ITEMS:
        items.append(
            assessment.item_add(
                acting_user=leader,
                sheet=sheet,
                version=sheet.version,
                name=name,
                weight=points,
                kind=ItemKind.TIMELINESS
                if kpi == "timeliness"
                else (ItemKind.AUTOMATIC if kpi else ItemKind.MANUAL),
                kpi="" if kpi == "timeliness" else kpi,
                criteria=criteria,
            )
        )
        sheet.refresh_from_db()
    # 月报按时报送 is scored from the reports' recorded timeliness; only the last by hand.
    info_item = items[-1]
    for key in TOWNSHIP_KEYS:
        unit = units[key]
        score, evidence = _info_score(unit, today.year, info_item.weight)
        assessment.score_enter(
            acting_user=leader, item=info_item, unit=unit, score=score, evidence=evidence
        )
    return sheet
