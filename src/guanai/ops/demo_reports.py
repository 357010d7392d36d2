"""The reporting demo (issue 6): six months of monthly reports, the county's bulletin, its
score sheet and a few information reports.

For every township of 泸定县 the six months before the current one have a monthly report,
made as the township's worker makes it — opened (the figures fill themselves from the
data), a narrative written, submitted — and reviewed by the county leader through the
report services. The story is honest rather than perfect (``PLAN``): most reports come
in by the 15th, some after it, one township misses one month altogether, one report is
returned with a comment and accepted once fixed, and one figure is changed by hand with
its reason. Each month the county then sends its own report, built from the accepted
ones, to the prefecture: on the 15th, or after the last township it waited for.

Before the reports the demo dates the roster: the roster is written in bulk when the
demo loads, so every file would look opened today and the months before would count
nobody. A file is dated from the first thing on record about the person (a category, a
pairing, a care record), the day a clerk would have opened it. Then each township
enters the count of its survey (摸底排查, the denominator of the registration rate), the
fact table is refreshed for the twelve months a dashboard's trend shows and the current
one, the county publishes its bulletin of the latest month whose reports are due,
keeps this year's score sheet (automatic items from the KPIs, manual ones scored with
evidence drawn from the reports above), and three information reports come in from the
townships: two published, one awaiting review.

Dates count back from the day the demo is loaded, as the other demo modules' do; each
step is stamped at its planned time after the service call (the services stamp "now"),
and a step planned for later than now is not taken: early in a month, last month's
reports are still drafts, as they would be. It runs once: when any monthly report is on
file it changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.accounts.services import user_create
from guanai.care.models import CareRecordPerson, Pairing
from guanai.core.actors import SYSTEM
from guanai.ops.demo_benefits import LUQIAO_WORKER, WORKERS, add_months
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person, PersonCategory
from guanai.reports import assessment, bulletins, kpis, monthly
from guanai.reports import info as info_reports
from guanai.reports.dashboard import TREND_MONTHS
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_starting
from guanai.reports.models import (
    AssessmentSheet,
    Bulletin,
    InfoKind,
    InfoReport,
    InfoStatus,
    ItemKind,
    MonthlyReport,
    ReportStatus,
)

MONTHS = 6
TOWNSHIP_KEYS = ("luqiao", "lengqi", "xinglong")
REVIEWER = "county_leader"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Persons the survey found beyond those on file (not registered yet), per township: the
# registration rate of 冷碛镇 is 100 %, the others' a little under.
SURVEY_EXTRA = {"luqiao": 9, "lengqi": 0, "xinglong": 17}


@dataclass(frozen=True)
class Filing:
    """How one township's report of one month went up.

    ``day`` and ``hour``: when it was first submitted, in the following month (None: it
    never was). ``change``: a figure changed by hand (figure, amount added, reason).
    ``returned``: the county's comment when it returned the report; the clerk adds
    ``fix`` to the narrative and submits again two days later.
    """

    day: int | None
    hour: int = 10
    note: str = ""
    change: tuple[str, int, str] | None = None
    returned: str = ""
    fix: str = ""


# Months back → township → how its report went.
PLAN: dict[int, dict[str, Filing]] = {
    6: {"luqiao": Filing(10), "lengqi": Filing(12, 15), "xinglong": Filing(14, 9)},
    5: {
        "luqiao": Filing(9, 16),
        "lengqi": Filing(18, 11, note="因镇村干部集中参加业务培训，本月月报延迟报送。"),
        "xinglong": Filing(13),
    },
    4: {
        "luqiao": Filing(11),
        "lengqi": Filing(
            8,
            returned="叙述中未写明入户走访发现的问题及处理情况，请补充后重新报送。",
            fix="走访中发现2户留守儿童家庭住房漏雨，已报镇民政办协调维修，并由结对干部跟踪落实。",
        ),
        "xinglong": Filing(
            20, 15, note="因负责月报的工作人员岗位调整，交接期间延迟报送，已指定专人负责。"
        ),
    },
    3: {
        "luqiao": Filing(
            12,
            change=(
                "visits",
                3,
                "咱里村3次入户走访记在村里的纸质走访本上，尚未补录系统，按实际走访次数上报。",
            ),
        ),
        "lengqi": Filing(14, 17),
        "xinglong": Filing(None),
    },
    2: {
        "luqiao": Filing(15, 17),
        "lengqi": Filing(10),
        "xinglong": Filing(16, 9, note="因村级数据核对未完成，延迟一天报送。"),
    },
    1: {"luqiao": Filing(9), "lengqi": Filing(11, 15), "xinglong": Filing(13)},
}
# The first line of a narrative is the highlight the county's bulletin quotes.
HIGHLIGHTS = {
    "luqiao": [
        "泸桥镇中心小学开展“亲情电话周”，留守儿童每周与在外务工的父母通话一次。",
        "安乐社区组织志愿者为三无人员、特困老人上门理发、打扫卫生。",
        "泸定县第二小学为随迁子女开设课后辅导班，由学科教师轮流值守。",
        "咱里村“代家长”逐户上门，核对留守儿童监护人联系方式。",
        "镇关爱志愿者与泸定县幼儿园联合开展亲子阅读活动。",
        "镇民政办对低保对象开展入户核查，更新家庭收入情况。",
    ],
    "lengqi": [
        "冷碛镇中心小学为本月过生日的留守儿童集体过生日。",
        "甘露寺村结对干部为残疾人家庭送去轮椅等辅助器具。",
        "团结村组织留守儿童开展“写给爸爸妈妈的一封信”活动。",
        "镇里对特困供养人员开展逐户走访，了解生活和就医需求。",
        "冷碛镇中心小学心理教师为单亲家庭儿童开展团体辅导。",
        "镇关爱帮扶工作领导小组召开月度例会，通报各村帮扶进度。",
    ],
    "xinglong": [
        "兴隆镇中心小学为留守儿童建立成长记录袋，班主任每月更新。",
        "沈村结对干部陪同重大疾病患者复诊，协助办理医疗救助。",
        "化林村组织志愿者为孤寡老人开展健康义诊。",
        "镇里对事实无人抚养儿童逐一核实监护情况，落实监护责任。",
        "兴隆镇中心小学开展安全教育进家庭活动，家访覆盖全部留守儿童。",
        "镇民政办集中办理残疾人两项补贴年审。",
    ],
}
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


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def months_reported(today: dt.date) -> list[date]:
    """Return the months the demo reports, oldest first."""
    first = today.replace(day=1)
    return [add_months(first, -back) for back in range(MONTHS, 0, -1)]


@transaction.atomic
def demo_reports(units: dict[str, OrgUnit]) -> int:
    """Add the reporting demo unless a monthly report exists; return how many reports it
    made."""
    if MonthlyReport.objects.exists():
        return 0
    now = timezone.now()
    this_month = timezone.localdate(now).replace(day=1)
    users = reporting_users(units)
    files_dated(now)
    trend = [add_months(this_month, -back) for back in range(TREND_MONTHS - 1, -1, -1)]
    survey_counts_enter(units, users, years={m.year for m in trend})
    for month in trend:
        facts_refresh(month_starting(month))
    made = 0
    for back, month in zip(range(MONTHS, 0, -1), months_reported(this_month), strict=True):
        made += township_reports(units, users, month, PLAN[back], now=now)
        made += county_report(units, users, month, now=now)
    info_reports_send(units, users, now=now)
    bulletin_publish(units, users, bulletin_month(units, now), now=now)
    assessment_sheet(units, users, now=now)
    return made


def reporting_users(units: dict[str, OrgUnit]) -> dict[str, User]:
    """Return the townships' workers and the county leader by username (adding the worker
    of 泸桥镇 if the benefits demo has not)."""
    username, full_name = LUQIAO_WORKER
    if not User.objects.filter(username=username).exists():
        user_create(
            acting_user=SYSTEM,
            username=username,
            full_name=full_name,
            password="Guanai@2026",  # noqa: S106 - the demo's shared password
            org_unit=units["luqiao"],
            role=Role.WORKER,
            must_change_password=False,
        )
    wanted = [*WORKERS.values(), REVIEWER]
    return {u.username: u for u in User.objects.filter(username__in=wanted)}


def files_dated(now: datetime) -> int:
    """Date each person's file from the first thing on record about them; return how many.

    The fact table counts a person from the moment the file was opened (``created_at``),
    which for a roster written in bulk is the moment the demo loaded.
    """
    firsts: dict[int, date] = {}
    sources: Iterable[tuple[int, date]] = [
        *PersonCategory.objects.values("person")
        .annotate(first=Min("started_on"))
        .values_list("person", "first"),
        *Pairing.objects.values("person")
        .annotate(first=Min("started_on"))
        .values_list("person", "first"),
        *CareRecordPerson.objects.values("person")
        .annotate(first=Min("occurred_on"))
        .values_list("person", "first"),
    ]
    for person_id, day in sources:
        if day is not None and (person_id not in firsts or day < firsts[person_id]):
            firsts[person_id] = day
    # One UPDATE per month rather than a CASE over every row: files are dated from the
    # first day of the month of their first record (the reports count by month).
    opened_at: dict[datetime, list[int]] = defaultdict(list)
    for pk, created_at, archived_at in Person.objects.values_list(
        "pk", "created_at", "archived_at"
    ):
        if pk not in firsts:
            continue
        opened = min(_at(firsts[pk].replace(day=1), 9), now)
        if archived_at is not None:
            opened = min(opened, archived_at - timedelta(days=1))
        if opened < created_at:
            opened_at[opened].append(pk)
    for opened, pks in opened_at.items():
        Person.objects.filter(pk__in=pks).update(created_at=opened)
    return sum(len(pks) for pks in opened_at.values())


def survey_counts_enter(
    units: dict[str, OrgUnit], users: dict[str, User], *, years: Iterable[int]
) -> None:
    """Each township's worker enters the count its survey found, for each year shown."""
    for key in TOWNSHIP_KEYS:
        township = units[key]
        on_file = Person.objects.filter(
            subtree_q([township], field="org_unit__path"), archived_at__isnull=True
        ).count()
        for year in sorted(years):
            kpis.survey_count_set(
                acting_user=users[WORKERS[key]],
                unit=township,
                year=year,
                count=on_file + SURVEY_EXTRA[key],
            )


def _narrative(key: str, month: date, figures: dict[str, str], note: str) -> str:
    if figures["talks"] == figures["visits"] == "0":
        # The care demo's records begin later than the first month reported.
        care = "结对帮扶已建立，谈心和家访记录自下月起在系统中登记；"
    else:
        care = f"本月开展谈心谈话{figures['talks']}次、入户家访和走访慰问{figures['visits']}次；"
    lines = [
        HIGHLIGHTS[key][month.month % len(HIGHLIGHTS[key])],
        f"{care}在册{figures['persons_total']}人，其中结对帮扶{figures['persons_paired']}人；"
        f"新建档案{figures['files_new']}份，关闭档案{figures['files_closed']}份。",
    ]
    if note:
        lines.append(note)
    return "\n".join(lines)


def _stamp(report: MonthlyReport, **times: datetime) -> None:
    MonthlyReport.objects.filter(pk=report.pk).update(**times)


def township_reports(
    units: dict[str, OrgUnit],
    users: dict[str, User],
    month: date,
    plan: dict[str, Filing],
    *,
    now: datetime,
) -> int:
    """Make the townships' reports of ``month`` as ``plan`` says; return how many."""
    reviewer = users[REVIEWER]
    following = add_months(month, 1)
    made = 0
    for key in TOWNSHIP_KEYS:
        filing = plan[key]
        if filing.day is None:
            continue  # missing: never opened
        worker = users[WORKERS[key]]
        submitted = _at(following.replace(day=filing.day), filing.hour, 20)
        opened = min(submitted - timedelta(hours=20), now)
        report = monthly.report_open(acting_user=worker, unit=units[key], month=month)
        _stamp(report, created_at=opened)
        made += 1
        if filing.change is not None:
            figure, added, reason = filing.change
            value = Decimal(report.computed[figure]) + added
            report = monthly.report_change_figure(
                acting_user=worker,
                report=report,
                version=report.version,
                figure=figure,
                value=value,
                reason=reason,
            )
            report.changes.update(changed_at=min(opened + timedelta(hours=2), now))
        report = monthly.report_save_narrative(
            acting_user=worker,
            report=report,
            version=report.version,
            narrative=_narrative(key, month, report.figures, filing.note),
        )
        if submitted > now:
            continue
        report = monthly.report_submit(acting_user=worker, report=report, version=report.version)
        _stamp(report, first_submitted_at=submitted, submitted_at=submitted)
        reviewed = _at(submitted.date() + timedelta(days=1), 10)
        if filing.returned:
            if reviewed > now:
                continue
            report = monthly.report_return(
                acting_user=reviewer, report=report, version=report.version, comment=filing.returned
            )
            _stamp(report, reviewed_at=reviewed)
            again = _at(reviewed.date() + timedelta(days=1), 16)
            if again > now:
                continue
            report = monthly.report_save_narrative(
                acting_user=worker,
                report=report,
                version=report.version,
                narrative=f"{report.narrative}\n{filing.fix}",
            )
            report = monthly.report_submit(
                acting_user=worker, report=report, version=report.version
            )
            _stamp(report, submitted_at=again)
            reviewed = _at(again.date() + timedelta(days=1), 10)
        if reviewed > now:
            continue
        report = monthly.report_accept(acting_user=reviewer, report=report, version=report.version)
        _stamp(report, reviewed_at=reviewed)
    return made


def county_report(
    units: dict[str, OrgUnit], users: dict[str, User], month: date, *, now: datetime
) -> int:
    """The county leader sends the county's report of ``month``, built from the accepted
    township reports, on the 15th or once the last report it waited for was accepted."""
    county, leader = units["luding"], users[REVIEWER]
    overview = monthly.subunit_overview(county, month)
    accepted = [
        r.report for r in overview.rows if r.report and r.report.status == ReportStatus.ACCEPTED
    ]
    # Reports submitted or returned but not accepted yet: the county waits for them.
    waiting = [r for r in overview.rows if r.report is not None and r.report not in accepted]
    deadline = _at(monthly.deadline_of(month, monthly.deadline_day(county)), 17)
    submitted = max(
        [deadline, *(r.reviewed_at + timedelta(hours=6) for r in accepted if r.reviewed_at)]
    )
    report = monthly.report_open(acting_user=leader, unit=county, month=month)
    _stamp(report, created_at=min(submitted - timedelta(hours=3), now))
    missing = [r.unit.name for r in overview.rows if r.timeliness is monthly.Timeliness.MISSING]
    late = [r.unit.name for r in overview.rows if r.timeliness is monthly.Timeliness.LATE]
    lines = [
        f"汇总{len(accepted)}个乡镇已审核的月报。全县在册{report.figures['persons_total']}人，"
        f"结对帮扶{report.figures['persons_paired']}人，"
        f"谈心谈话{report.figures['talks']}次，入户家访和走访慰问{report.figures['visits']}次。"
    ]
    if late:
        lines.append(f"{'、'.join(late)}月报逾期报送，已督促整改。")
    if missing:
        lines.append(f"{'、'.join(missing)}未报送月报，已约谈相关负责人。")
    report = monthly.report_save_narrative(
        acting_user=leader, report=report, version=report.version, narrative="\n".join(lines)
    )
    if waiting or submitted > now:
        return 1
    report = monthly.report_submit(acting_user=leader, report=report, version=report.version)
    _stamp(report, first_submitted_at=submitted, submitted_at=submitted)
    return 1


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
    published = min(_at(due + timedelta(days=3), 10), now)
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
        sent = min(_at(today - timedelta(days=plan.submitted_back), 16, 30), now)
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
        published = min(_at(today - timedelta(days=plan.published_back), 11), now)
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
