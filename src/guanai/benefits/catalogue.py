"""The policy catalogue: every standard the benefits engine applies, with plan 八's defaults.

Each item has a fixed code, a kind (how its amount reads) and the national default from
篇八. The defaults are the first version of every item (in effect since ``DEFAULT_FROM``);
an org unit adds versions of its own for its subtree (``policies.py``). Where a local
standard is higher than the one above it, the higher applies (篇五 总则(六): 地方标准高于
国家标准的，按地方标准执行).

The second round of medical assistance (二次救助) has no figure in the plan; its defaults
here — 50 % of what remains out of pocket after the first round, at most ¥20,000 a
calendar year, granted when the clerk finds the patient still in great difficulty — are
ours, and every unit can change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guanai.registry.models import Category


class Kind(Enum):
    MONTHLY = "monthly"  # ¥ per person and month, paid by the monthly roll
    RATIO = "ratio"  # a share of a cost, stored as a fraction (0.7 = 70 %)
    YEARLY_CAP = "yearly_cap"  # at most ¥ per person and calendar year
    LUMP = "lump"  # ¥ once
    DAILY = "daily"  # ¥ per day in hospital


@dataclass(frozen=True)
class Item:
    code: str
    label: str | Promise
    kind: Kind
    default: Decimal
    basis: str | Promise  # where the rule comes from, shown in explanations
    # True where the plan names the item but gives no figure, so the default is this
    # system's own (the second round): it is shown as the system default, not a national one.
    system_default: bool = False

    @property
    def is_monthly(self) -> bool:
        return self.kind is Kind.MONTHLY


DEFAULT_FROM = date(2000, 1, 1)

# 篇八 (四): medical items are for the poor groups' patients (困难群体中的重大疾病患者).
POOR_GROUPS = (Category.TEKUN, Category.SANWU, Category.DIBAO, Category.ORPHAN)
# 篇八 (四) 3: 城镇三无人员和农村五保对象 17 元/天, 其他城乡低保对象 7 元/天. Orphans are
# among the poor groups but not named with the 17 ¥ rate, so they get the 7 ¥ one.
HIGH_DAILY_GROUPS = (Category.SANWU, Category.TEKUN)
# 篇八 (一) 5: orphaned and disabled children (孤残儿童) get the cost of their
# rehabilitation treatment relieved in full, whether or not they are in a poor group.
CHILD_REHABILITATION_GROUPS = (Category.ORPHAN, Category.DISABLED)
# A child is under 18 on the day of admission (未成年人保护法 art. 2).
CHILD_AGE = 18

ORPHAN_CENTRALISED = "orphan_centralised"
ORPHAN_SCATTERED = "orphan_scattered"
SUNSHINE_HOME = "sunshine_home"
ONE_CHILD_AID = "one_child_aid"
MEDICAL_RATIO = "medical_ratio"
MEDICAL_CAP = "medical_cap"
SECOND_RATIO = "second_ratio"
SECOND_CAP = "second_cap"
LEUKEMIA_SURGERY = "leukemia_surgery"
LEUKEMIA_OTHER = "leukemia_other"
HOSPITAL_DAY_HIGH = "hospital_day_high"
HOSPITAL_DAY_LOW = "hospital_day_low"
TEMPORARY_CAP = "temporary_cap"
CHILD_REHABILITATION = "child_rehabilitation"

ITEMS: tuple[Item, ...] = (
    Item(
        ORPHAN_CENTRALISED,
        _("Orphan basic living, centralised support"),
        Kind.MONTHLY,
        Decimal("1000.00"),
        _("Plan 8 (1) 2: at least ¥1,000 a month"),
    ),
    Item(
        ORPHAN_SCATTERED,
        _("Orphan basic living, scattered support"),
        Kind.MONTHLY,
        Decimal("600.00"),
        _("Plan 8 (1) 2: at least ¥600 a month"),
    ),
    Item(
        SUNSHINE_HOME,
        _("Sunshine Home home-care subsidy"),
        Kind.MONTHLY,
        Decimal("50.00"),
        _("Plan 8 (3) 2: intellectual, mental or severe disability cared for at home, ¥50 a month"),
    ),
    Item(
        ONE_CHILD_AID,
        _("Aid to one-child families"),
        Kind.MONTHLY,
        Decimal("110.00"),
        _("Plan 8 (3) 6: the only child disabled or died, no other child, ¥110 a person a month"),
    ),
    Item(
        MEDICAL_RATIO,
        _("Medical assistance ratio"),
        Kind.RATIO,
        Decimal("0.7000"),
        _("Plan 8 (4) 1: up to 70% of the eligible out-of-pocket cost"),
    ),
    Item(
        MEDICAL_CAP,
        _("Medical assistance cap per year"),
        Kind.YEARLY_CAP,
        Decimal("50000.00"),
        _("Plan 8 (4) 1: at most ¥50,000 a calendar year"),
    ),
    Item(
        SECOND_RATIO,
        _("Second-round assistance ratio"),
        Kind.RATIO,
        Decimal("0.5000"),
        _(
            "Plan 8 (4) 1 names a second round without a figure; by default 50% of what "
            "remains out of pocket"
        ),
        system_default=True,
    ),
    Item(
        SECOND_CAP,
        _("Second-round assistance cap per year"),
        Kind.YEARLY_CAP,
        Decimal("20000.00"),
        _(
            "Plan 8 (4) 1 names a second round without a figure; by default at most "
            "¥20,000 a calendar year"
        ),
        system_default=True,
    ),
    Item(
        LEUKEMIA_SURGERY,
        _("Leukaemia, treated with surgery"),
        Kind.LUMP,
        Decimal("20000.00"),
        _("Plan 8 (4) 2: ¥20,000 with surgery"),
    ),
    Item(
        LEUKEMIA_OTHER,
        _("Leukaemia, treated without surgery"),
        Kind.LUMP,
        Decimal("5000.00"),
        _("Plan 8 (4) 2: ¥5,000 without surgery"),
    ),
    Item(
        HOSPITAL_DAY_HIGH,
        _("Hospital living allowance, three-no and five-guarantee persons"),
        Kind.DAILY,
        Decimal("17.00"),
        _("Plan 8 (4) 3: ¥17 a day"),
    ),
    Item(
        HOSPITAL_DAY_LOW,
        _("Hospital living allowance, other low-income persons"),
        Kind.DAILY,
        Decimal("7.00"),
        _("Plan 8 (4) 3: ¥7 a day"),
    ),
    Item(
        TEMPORARY_CAP,
        _("Temporary living assistance after illness, cap per year"),
        Kind.YEARLY_CAP,
        Decimal("8000.00"),
        _("Plan 8 (4) 3: at most ¥8,000 a calendar year"),
    ),
    Item(
        CHILD_REHABILITATION,
        _("Rehabilitation of orphaned and disabled children, share relieved"),
        Kind.RATIO,
        Decimal("1.0000"),
        _(
            "Plan 8 (1) 5: the medical cost of orphaned and disabled children's rehabilitation "
            "treatment relieved in full (明天计划, 重生行动 and other surgery projects)"
        ),
    ),
)

BY_CODE: dict[str, Item] = {item.code: item for item in ITEMS}
MONTHLY_ITEMS = tuple(item for item in ITEMS if item.is_monthly)
# Items granted by a clerk (a household flag), not derived from categories.
GRANTED_ITEMS = (ONE_CHILD_AID,)


def item(code: str) -> Item:
    return BY_CODE[code]


def defaults() -> dict[str, Decimal]:
    """Return the national default of every item (the calculator's standards)."""
    return {entry.code: entry.default for entry in ITEMS}
