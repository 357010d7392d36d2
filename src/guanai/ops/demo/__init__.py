"""The demo: 四川省 → 甘孜藏族自治州 → 泸定县, the region plan 篇八 comes from.

``build`` makes the units, the README's accounts and the small hand-made roster, then runs
the other parts in order: ``roster`` (about 2,000 persons), ``care`` (pairings, six months
of care records, plans and warnings), ``benefits`` (a year of payment rolls and medical
claims), ``activities`` (plans, events with attendance, birthdays) and ``reports`` (six
months of monthly reports, the bulletin, the score sheet).
"""

from __future__ import annotations

from guanai.ops.demo.activities import demo_activities
from guanai.ops.demo.benefits import demo_benefits
from guanai.ops.demo.build import (
    DEMO_PASSWORD,
    UNITS,
    USERS,
    DemoUser,
    demo_build,
    demo_logins,
    demo_persons,
)
from guanai.ops.demo.care import demo_care
from guanai.ops.demo.reports import demo_reports
from guanai.ops.demo.roster import demo_roster

__all__ = [
    "DEMO_PASSWORD",
    "UNITS",
    "USERS",
    "DemoUser",
    "demo_activities",
    "demo_benefits",
    "demo_build",
    "demo_care",
    "demo_logins",
    "demo_persons",
    "demo_reports",
    "demo_roster",
]
