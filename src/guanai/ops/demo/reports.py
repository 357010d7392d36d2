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
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.accounts.services import user_create
from guanai.care.models import CareRecordPerson, Pairing
from guanai.core.actors import SYSTEM
from guanai.core.months import add_months
from guanai.ops.demo.benefits_data import LUQIAO_WORKER, WORKERS
from guanai.ops.demo.reports_county import (
    assessment_sheet,
    bulletin_month,
    bulletin_publish,
    info_reports_send,
)
from guanai.ops.demo.reports_data import (
    HIGHLIGHTS,
    MONTHS,
    PLAN,
    REVIEWER,
    SURVEY_EXTRA,
    TOWNSHIP_KEYS,
    Filing,
    local_time,
)
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person, PersonCategory
from guanai.reports import kpis, monthly
from guanai.reports.dashboard import TREND_MONTHS
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_starting
from guanai.reports.models import (
    MonthlyReport,
    ReportStatus,
)


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
        opened = min(local_time(firsts[pk].replace(day=1), 9), now)
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


def filed_on(month: date, day: int) -> date:
    """Return the date a filing of ``month``'s report planned for ``day`` goes up.

    A late filing is planned as days past the 15th. When the 15th is a weekend or holiday
    the deadline moves to the next working day (``monthly.deadlines``), and the filing
    moves with it, so that it stays as late as planned.
    """
    planned = add_months(month, 1).replace(day=day)
    late_by = day - monthly.DEFAULT_DEADLINE_DAY
    if late_by <= 0:
        return planned
    return monthly.deadline_of(month, monthly.DEFAULT_RULE) + timedelta(days=late_by)


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
    made = 0
    for key in TOWNSHIP_KEYS:
        filing = plan[key]
        if filing.day is None:
            continue  # missing: never opened
        worker = users[WORKERS[key]]
        submitted = local_time(filed_on(month, filing.day), filing.hour, 20)
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
        reviewed = local_time(submitted.date() + timedelta(days=1), 10)
        if filing.returned:
            if reviewed > now:
                continue
            report = monthly.report_return(
                acting_user=reviewer, report=report, version=report.version, comment=filing.returned
            )
            _stamp(report, reviewed_at=reviewed)
            again = local_time(reviewed.date() + timedelta(days=1), 16)
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
            reviewed = local_time(again.date() + timedelta(days=1), 10)
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
    deadline = local_time(monthly.deadline_of(month, monthly.deadline_day(county)), 17)
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
