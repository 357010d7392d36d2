"""Monthly bulletins: ranking, late and missing reports, editing and publishing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.reports import bulletins, kpis, monthly
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of
from guanai.reports.models import Bulletin, BulletinStatus, MonthlyReport
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def submitted(worker: User, unit: OrgUnit, day: date, narrative: str = "") -> MonthlyReport:
    with on(TODAY):
        report = monthly.report_open(acting_user=worker, unit=unit, month=OCTOBER)
        if narrative:
            report = monthly.report_save_narrative(
                acting_user=worker, report=report, version=report.version, narrative=narrative
            )
    with on(day):
        return monthly.report_submit(acting_user=worker, report=report, version=report.version)


def test_the_score_is_the_mean_attainment_of_rates_with_targets() -> None:
    def value(code: str, numerator: int, denominator: int, target: Decimal | None) -> kpis.KpiValue:
        return kpis.KpiValue(kpis.BY_CODE[code], Decimal(numerator), Decimal(denominator), target)

    values = {
        "a": value("pairing_coverage", 50, 100, Decimal(100)),  # 50 %
        "b": value("tekun_centralised_rate", 60, 100, Decimal(40)),  # above target: 100 %
        "c": value("enrolment_rate", 0, 0, Decimal(100)),  # no data: left out
        "d": value("plan_coverage", 10, 100, None),  # no target: left out
    }
    assert bulletins.score_of(values) == Decimal("75.0")
    assert bulletins.score_of({"d": values["d"]}) is None


def test_the_bulletin_ranks_names_late_and_missing_and_drafts_highlights(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    report = submitted(
        township_worker, region.lengqi, date(2026, 11, 17), "开展中秋慰问留守儿童活动"
    )
    monthly.report_accept(acting_user=county_leader, report=report, version=report.version)
    facts_refresh(month_of("2026-10", today=TODAY))

    with on(TODAY):
        bulletin = bulletins.bulletin_open(
            acting_user=county_leader, unit=region.county, month=OCTOBER
        )
        content = bulletins.content_of(region.county, OCTOBER)

    assert bulletin.highlights == "冷碛镇：开展中秋慰问留守儿童活动"
    assert [r.unit.name for r in content.late] == ["冷碛镇"]
    assert [r.unit.name for r in content.missing] == ["兴隆镇"]
    # 兴隆镇 (庚): pairing 0 %, talks 100 %, enrolment 0 %, retention 100 %, activity
    # participation 0 % (no events this term), family contact 0 % (no call or letter)
    # → 200 / 6 = 33.3.
    # 冷碛镇: pairing 2/4, talks 1/4, enrolment 0/4, retention 4/4, participation 0/4,
    # family contact 0/2 (甲 and 戊 left-behind on 31 October; 丙's category ended on the
    # 20th) → 175 / 6 = 29.2.
    # Offices and schools are not ranked: only units that report.
    assert [(e.rank, e.unit.name, e.score) for e in content.ranking] == [
        (1, "兴隆镇", Decimal("33.3")),
        (2, "冷碛镇", Decimal("29.2")),
    ]


def test_edit_publish_and_read_below(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    with on(TODAY):
        bulletin = bulletins.bulletin_open(
            acting_user=county_worker, unit=region.county, month=OCTOBER
        )
        with pytest.raises(ValidationFailed) as refused:
            bulletins.bulletin_save(
                acting_user=county_worker,
                bulletin=bulletin,
                version=bulletin.version,
                title="  ",
                text="",
                highlights="",
            )
        assert refused.value.field == "title"
        bulletin = bulletins.bulletin_save(
            acting_user=county_worker,
            bulletin=bulletin,
            version=bulletin.version,
            title="泸定县2026年10月关爱工作通报",
            text="全县各乡镇按时开展结对帮扶。",
            highlights="",
        )
        # Not published: the township cannot read it; workers cannot publish.
        with pytest.raises(Http404):
            bulletins.access_bulletin(township_worker, bulletin.pk)
        with pytest.raises(PermissionRefused):
            bulletins.bulletin_publish(
                acting_user=county_worker, bulletin=bulletin, version=bulletin.version
            )
        bulletin = bulletins.bulletin_publish(
            acting_user=county_leader, bulletin=bulletin, version=bulletin.version
        )

    assert bulletin.status == BulletinStatus.PUBLISHED
    assert bulletins.access_bulletin(township_worker, bulletin.pk) == bulletin
    with pytest.raises(ValidationFailed):
        bulletins.bulletin_save(
            acting_user=county_worker,
            bulletin=bulletin,
            version=bulletin.version,
            title="改",
            text="",
            highlights="",
        )
    with on(TODAY):
        page = logged_in(township_worker).get(f"/reports/bulletins/{bulletin.pk}/", **EN)
    html = page.content.decode()
    assert "泸定县2026年10月关爱工作通报" in html
    assert "全县各乡镇按时开展结对帮扶。" in html
    assert 'data-unit="兴隆镇"' in html


def test_a_township_writes_no_bulletin(region: Region, township_worker: User) -> None:
    with on(TODAY), pytest.raises(ValidationFailed):
        bulletins.bulletin_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER)


def test_the_bulletin_page_shows_timeliness_and_exports(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    from guanai.core.models import AccessLog

    submitted(township_worker, region.lengqi, date(2026, 11, 14))
    client = logged_in(county_leader)
    with on(TODAY):
        response = client.post(f"/reports/bulletins/{region.county.pk}/2026-10/start/")
        page = client.get(response.url, **EN).content.decode()
        export = client.get(response.url + "export/")
    lengqi = page.split('data-unit="冷碛镇"')[1].split("</tr>")[0]
    assert 'data-timeliness="on_time"' in lengqi
    assert "Missing" in page.split('id="b-reports"')[1]
    assert export.status_code == 200
    assert AccessLog.objects.filter(object_type="reports.bulletin").count() == 1


@pytest.mark.parametrize("townships", [1, 50])
def test_the_bulletin_page_has_a_fixed_query_count(
    region: Region,
    county_leader: User,
    townships: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    from guanai.orgs.models import OrgKind

    for n in range(townships - 1):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n}乡")
    with on(TODAY):
        bulletin = bulletins.bulletin_open(
            acting_user=county_leader, unit=region.county, month=OCTOBER
        )
    client = logged_in(county_leader)
    client.get("/")
    # One of them reads the holidays entered for 2026, once for every township's deadline.
    # One more reads the overdue rectifications of the subtree (governance.supervision; and
    # one their reports, when there are any).
    with on(TODAY), django_assert_num_queries(15):
        assert client.get(f"/reports/bulletins/{bulletin.pk}/").status_code == 200


def test_a_stale_save_names_what_someone_else_changed(region: Region, county_leader: User) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    with on(TODAY):
        bulletin = bulletins.bulletin_open(
            acting_user=county_leader, unit=region.county, month=OCTOBER
        )
        opened_at = bulletin.version
        bulletins.bulletin_save(
            acting_user=county_worker,
            bulletin=bulletin,
            version=opened_at,
            title=bulletin.title,
            text="全县各乡镇按时开展结对帮扶。",
            highlights=bulletin.highlights,
        )
        with translation.override("en"), pytest.raises(StaleEdit) as refused:
            bulletins.bulletin_save(
                acting_user=county_leader,
                bulletin=bulletin,
                version=opened_at,
                title="泸定县10月通报",
                text="",
                highlights="",
            )
    assert str(refused.value.message) == (
        "Someone else saved this bulletin after you opened it (changed: text). "
        "Reload it and try again."
    )
    assert Bulletin.objects.get(pk=bulletin.pk).text == "全县各乡镇按时开展结对帮扶。"
