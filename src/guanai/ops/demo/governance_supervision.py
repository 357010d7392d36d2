"""The supervision demo (督查整改, issue 21): two visits by the county to its townships.

泸定县's office went to 冷碛镇 three weeks ago: the pairing of left-behind children was
incomplete; the township rectified it with photos before the deadline and the county
accepted. It went to 兴隆镇 six weeks ago: the home-visit ledgers of the disabled were not
kept — due two weeks ago, nothing reported, overdue (it shows on both units' pages and in
the bulletin); and the birthday list of the school was out of date — reported with a photo,
awaiting the county's acceptance. Through the services, as the system, once.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.base import ContentFile

from guanai.core.actors import SYSTEM
from guanai.governance.extensions import checklist_lines
from guanai.governance.models import CheckVerdict, Rectification, Visit
from guanai.governance.supervision import (
    CheckData,
    FindingData,
    VisitData,
    rectification_accept,
    rectification_report,
    visit_record,
)
from guanai.ops.demo.pictures import scene
from guanai.orgs.models import OrgKind, OrgUnit

TEAM = "高德华（泸定县民政局局长）、泽仁（县关爱办干部）"


def _township(county: OrgUnit, name: str, fallback: int) -> OrgUnit:
    townships = list(
        OrgUnit.objects.filter(parent=county, kind=OrgKind.TOWNSHIP, is_active=True).order_by(
            "path"
        )
    )
    return next((t for t in townships if t.name == name), townships[fallback])


def _checks(unit: OrgUnit, day: date, typed: list[CheckData]) -> list[CheckData]:
    """The lines the data offers (short ones marked as problems), then the ones typed."""
    drawn = [
        CheckData(
            label=line.label,
            source=line.source,
            figure=line.figure,
            verdict=CheckVerdict.ISSUE if line.short else CheckVerdict.OK,
        )
        for line in checklist_lines(unit, day)
    ]
    return [*drawn, *typed]


def _photo(n: int) -> ContentFile[bytes]:
    return ContentFile(scene(n), name=f"整改照片{n + 1}.png")


def _report(rectification: Rectification, text: str, n: int) -> Rectification:
    rectification_report(
        SYSTEM, rectification, version=rectification.version, text=text, photos=[_photo(n)]
    )
    rectification.refresh_from_db()
    return rectification


def build(county: OrgUnit, today: date) -> None:
    """Record the county's two supervision visits and what came of them (once)."""
    if Visit.objects.filter(org_unit=county).exists():
        return
    lengqi = _township(county, "冷碛镇", 0)
    xinglong = _township(county, "兴隆镇", -1)

    # 冷碛镇: rectified on time, accepted.
    first_day = today - timedelta(days=21)
    on_time = visit_record(
        SYSTEM,
        VisitData(
            org_unit=county,
            inspected=lengqi,
            visited_on=first_day,
            team=TEAM,
            summary="听取镇关爱工作汇报，抽查留守儿童结对帮扶台账和中心小学谈心记录。",
            checks=_checks(
                lengqi,
                first_day,
                [
                    CheckData(
                        label="留守儿童结对帮扶台账",
                        figure="抽查12人，3人未落实帮扶人",
                        verdict=CheckVerdict.ISSUE,
                    ),
                    CheckData(label="谈心记录（每周3—5名）", verdict=CheckVerdict.OK),
                ],
            ),
            findings=[
                FindingData(
                    finding="3名留守儿童未落实结对帮扶人",
                    required="为每名留守儿童落实帮扶人，录入结对信息并报县关爱办",
                    deadline=today + timedelta(days=7),
                    org_unit=None,
                )
            ],
        ),
    )
    rectification = _report(
        on_time.rectifications.get(), "已为3名儿童落实帮扶教师，结对信息已录入系统。", 0
    )
    rectification_accept(
        SYSTEM, rectification, version=rectification.version, note="经核查，已整改到位。"
    )

    # 兴隆镇: one overdue, one reported and awaiting acceptance.
    second_day = today - timedelta(days=42)
    visit = visit_record(
        SYSTEM,
        VisitData(
            org_unit=county,
            inspected=xinglong,
            visited_on=second_day,
            team=TEAM,
            summary="检查残疾人走访慰问和特殊群体学生生日关爱落实情况。",
            checks=_checks(
                xinglong,
                second_day,
                [
                    CheckData(
                        label="贫困残疾人家庭走访台账",
                        figure="未建立",
                        verdict=CheckVerdict.ISSUE,
                    ),
                    CheckData(
                        label="特殊群体学生生日名单",
                        figure="未更新",
                        verdict=CheckVerdict.ISSUE,
                    ),
                ],
            ),
            findings=[
                FindingData(
                    finding="未建立贫困残疾人家庭走访台账",
                    required="建立走访台账，每户每年走访不少于1次并记录",
                    deadline=today - timedelta(days=14),
                    org_unit=None,
                ),
                FindingData(
                    finding="兴隆镇中心小学特殊群体学生生日名单未更新",
                    required="按月更新生日名单并落实生日关爱",
                    deadline=today + timedelta(days=5),
                    # The school when there is one, else the township itself.
                    org_unit=OrgUnit.objects.filter(parent=xinglong, kind=OrgKind.SCHOOL)
                    .order_by("path")
                    .first(),
                ),
            ],
        ),
    )
    awaiting = visit.rectifications.order_by("position")[1]
    _report(awaiting, "已更新本学期生日名单，本月生日会已举办。", 1)
