"""Cross-checks in the reports: the dashboard's panel of findings by kind, and the
monthly report's figures (lists compared, findings found, resolved, open at the month's
end) — a township's live from the data, the county's from the accepted reports."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from guanai.accounts.models import User
from guanai.crosscheck.models import FindingKind
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.reports import monthly
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.crosscheck.summary_support import at, check_list, finding
from tests.reports.conftest import TODAY

pytestmark = pytest.mark.django_db
K = FindingKind
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
OCTOBER = dt.date(2026, 10, 1)


def october_work(unit: OrgUnit) -> None:
    """In October: a list compared, two findings, one resolved in five days; one from
    September resolved in October; one from September still open."""
    listed = check_list(unit, dt.date(2026, 10, 8))
    finding(unit, K.DEATH_ON_ROLL, found=dt.date(2026, 10, 8), urgent=True, listed=listed)
    finding(
        unit,
        K.DEATH_ACTIVE_FILE,
        found=dt.date(2026, 10, 8),
        resolved=at(dt.date(2026, 10, 13)),
        listed=listed,
    )
    september = check_list(unit, dt.date(2026, 9, 3))
    finding(
        unit,
        K.DEATH_ACTIVE_FILE,
        found=dt.date(2026, 9, 3),
        resolved=at(dt.date(2026, 10, 2)),
        listed=september,
    )
    finding(unit, K.NAME_DIFFERS, found=dt.date(2026, 9, 3), listed=september)


def cells(panel: str, kind: str) -> list[str]:
    """Return the text of the cells of the panel's row of ``kind``, tags and spaces out."""
    row = panel.split(f'data-kind="{kind}"')[1].split("</tr>")[0]
    found = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in found]


def test_the_dashboard_shows_the_findings_by_kind(
    region: Region, october: dict[str, Person], county_leader: User
) -> None:
    october_work(region.lengqi)
    finding(region.lengqi, K.MOVED_AWAY, found=dt.date(2026, 11, 2))  # after October
    client = logged_in(county_leader)
    with on(TODAY):
        html = client.get(f"/reports/dashboard/{region.county.pk}/2026-10/", **EN).content.decode()
    panel = html.split('data-card="crosscheck"')[1].split("</section>")[0]
    assert "Cross-check findings" in panel
    assert 'data-kind="moved_away"' not in panel  # found after the month's end
    on_roll = cells(panel, "death_on_roll")
    assert on_roll[0] == "1 1 urgent"  # open, of which urgent
    # Open 0, resolved 2: in 5 and in 29 days, median and mean 17.
    assert cells(panel, "death_active_file") == ["0", "2", "17.0", "17.0"]
    assert 'href="/crosscheck/"' in panel


def test_a_dashboard_without_findings_shows_no_panel(
    region: Region, october: dict[str, Person], county_leader: User
) -> None:
    client = logged_in(county_leader)
    with on(TODAY):
        html = client.get(f"/reports/dashboard/{region.county.pk}/2026-10/", **EN).content.decode()
    assert 'data-card="crosscheck"' not in html


def test_the_townships_report_counts_its_cross_checks(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    october_work(region.lengqi)
    october_work(region.xinglong)  # another township's: not 冷碛镇's
    with on(TODAY):
        report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER)
    figures = {k: report.computed[k] for k in monthly.FIGURES if k.startswith("crosscheck_")}
    assert figures == {
        "crosscheck_lists": "1",
        "crosscheck_found": "2",
        "crosscheck_resolved": "2",
        "crosscheck_open_end": "2",
    }
    rows = {r["name"]: r for r in monthly.figure_rows(report)}
    assert str(rows["crosscheck_open_end"]["label"]) == str(
        monthly.FIGURE_LABELS["crosscheck_open_end"]
    )


def test_the_county_gets_the_cross_checks_of_its_accepted_townships_and_its_own(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    october_work(region.lengqi)
    own = check_list(region.county, dt.date(2026, 10, 20))
    finding(region.county, K.DISABILITY_UNREGISTERED, found=dt.date(2026, 10, 20), listed=own)
    with on(TODAY):
        report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER)
        report = monthly.report_submit(
            acting_user=township_worker, report=report, version=report.version
        )
        monthly.report_accept(acting_user=county_leader, report=report, version=report.version)
        facts_refresh(month_of("2026-10", today=TODAY))
        county = monthly.report_open(acting_user=county_leader, unit=region.county, month=OCTOBER)
    # 冷碛镇's accepted figures, and the county's own finding (made with a list of its own).
    assert county.computed["crosscheck_found"] == "3"
    assert county.computed["crosscheck_open_end"] == "3"
    assert county.computed["crosscheck_lists"] == "2"
