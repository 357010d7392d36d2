"""The KPI catalogue: each indicator a ratio of two facts, with a target per unit.

The plans set the defaults: 建档率、入学率、巩固率均达100% (篇九), 爱心帮扶全覆盖 (篇八), 五保集中
供养率达到40% (篇八), every special-group pupil talked with at least every four weeks
(篇一), every poor disabled household visited at least once a year (篇八). A unit's
leader may set another target for its subtree; the nearest ancestor's applies.

The numerators and denominators are facts (``facts.py``), so a KPI of any unit at any
level is one read of the fact table. "Files reviewed this quarter" is left out, not
faked: the registry has no review of files yet. The beds of elder and welfare homes
(敬老院、福利院) are set against the five-guarantee persons of the subtree (五保集中供养床位
率达到60%, 篇八) and their residents present against their beds (中心敬老院入住率达80%).
Activity participation counts the school term so far and birthdays celebrated the month so
far, lunar birthdays on their converted day (``kpis.activities`` says why).

Talk and visit coverage are measured against the plans' default frequency rules, not
against every unit's own rules: pupils talked with in the month, disabled persons
visited in the year so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from guanai.reports.figures import AMOUNTS


@dataclass(frozen=True)
class Kpi:
    code: str
    label: str | Promise
    numerator: str  # a fact indicator
    denominator: str  # a fact indicator, or "" for a plain amount
    target: Decimal | None
    source: str | Promise

    @property
    def is_ratio(self) -> bool:
        return bool(self.denominator)

    @property
    def is_amount(self) -> bool:
        """Return whether the KPI is a sum of money (shown as ¥1,234.56)."""
        return self.numerator in AMOUNTS


KPIS: tuple[Kpi, ...] = (
    Kpi(
        "registration_rate",
        gettext_lazy("Registration rate"),
        "surveyed_on_file",
        "surveyed",
        Decimal(100),
        # Where the year's survey rounds count (surveys): the persons they found who are on
        # file ÷ the persons they found. Where a unit typed its count: every special group on
        # file in the unit ÷ that count (plan 9's own words: the typed count is of every group).
        gettext_lazy(
            "Persons the year's survey found who are on file ÷ the persons it found; where "
            "a unit typed its count, every person on file ÷ that count (plan 9: files for 100%)"
        ),
    ),
    Kpi(
        "enrolment_rate",
        gettext_lazy("Enrolment of school-age children"),
        "school_age_enrolled",
        "school_age",
        Decimal(100),
        gettext_lazy("Plan 9: enrolment 100%"),
    ),
    Kpi(
        "retention_rate",
        gettext_lazy("Retention of school-age children"),
        "school_age_retained",
        "school_age",
        Decimal(100),
        gettext_lazy("Plan 9: retention 100%"),
    ),
    Kpi(
        "pairing_coverage",
        gettext_lazy("Pairing coverage"),
        "persons_paired",
        "persons_total",
        Decimal(100),
        gettext_lazy("Plan 8: pairing for everyone"),
    ),
    Kpi(
        "talk_coverage",
        gettext_lazy("Pupils talked with this month"),
        "pupils_talked",
        "pupils",
        Decimal(100),
        gettext_lazy("Plan 1: a talk with every special-group pupil every four weeks"),
    ),
    Kpi(
        "visit_coverage",
        gettext_lazy("Disabled persons visited this year"),
        "disabled_visited",
        "persons.disabled",
        Decimal(100),
        gettext_lazy("Plan 8: visit each poor disabled household at least once a year"),
    ),
    Kpi(
        "plan_coverage",
        gettext_lazy("Persons with an assistance plan"),
        "persons_with_plan",
        "persons_total",
        None,
        # 篇一 (and 篇七, in the same words): "制定学习帮扶计划，明确帮扶时间、内容和阶段性效果".
        gettext_lazy("Plan 1: an assistance plan for each pupil, with its time and content"),
    ),
    Kpi(
        "birthday_rate",
        gettext_lazy("Birthdays celebrated"),
        "birthdays_celebrated",
        "birthdays_due",
        Decimal(100),
        gettext_lazy("Plan 1: a birthday for every left-behind child"),
    ),
    Kpi(
        "activity_participation",
        gettext_lazy("Special-group persons in an activity this term"),
        "special_joined_activity",
        "persons_special",
        Decimal(100),
        gettext_lazy(
            "Plans 1 and 3: activities for every special-group child; present at one "
            "event at least in the school term so far"
        ),
    ),
    Kpi(
        "family_contact",
        gettext_lazy("Left-behind children in touch with their parents this month"),
        "left_behind_in_touch",
        "left_behind_children",
        Decimal(100),
        gettext_lazy(
            "Plan 1: family phone calls (亲情电话) and letters home (亲情书信); a call or a "
            "letter in the month so far"
        ),
    ),
    Kpi(
        "tekun_centralised_rate",
        gettext_lazy("Five-guarantee persons in centralised support"),
        "tekun_centralised",
        "persons.tekun",
        Decimal(40),
        gettext_lazy("Plan 8: centralised support rate 40%"),
    ),
    Kpi(
        "home_bed_rate",
        gettext_lazy("Beds of elder and welfare homes per five-guarantee person"),
        "home_beds",
        "persons.tekun",
        Decimal(60),
        gettext_lazy("Plan 8: beds for centralised support of five-guarantee persons 60%"),
    ),
    Kpi(
        "home_occupancy",
        gettext_lazy("Occupancy of elder and welfare homes"),
        "home_residents",
        "home_beds",
        Decimal(80),
        gettext_lazy("Plan 8: occupancy of the central elder homes 80%"),
    ),
    Kpi(
        "benefits_paid",
        gettext_lazy("Benefits paid (¥)"),
        "benefits_paid",
        "",
        None,
        gettext_lazy("Approved payment rolls of the month"),
    ),
    Kpi(
        "persons_paid",
        gettext_lazy("Persons paid"),
        "persons_paid",
        "",
        None,
        gettext_lazy("Approved payment rolls of the month"),
    ),
    Kpi(
        "medical_assistance_paid",
        gettext_lazy("Medical assistance (¥)"),
        "medical_assistance_paid",
        "",
        None,
        gettext_lazy("Claims of patients discharged in the month"),
    ),
)
BY_CODE = {kpi.code: kpi for kpi in KPIS}
# Every fact a KPI reads.
INDICATORS = tuple(
    sorted({k.numerator for k in KPIS} | {k.denominator for k in KPIS if k.denominator})
)
