"""Monthly bulletins (月通报, 篇八 "实行月通报制，重要情况及时通报").

A parent unit's bulletin for a month shows its KPIs, ranks its sub-units, names the late
and missing reports, and carries highlights and text that its staff edit before a leader
publishes it. Published bulletins are read by the units below as well.

The package re-exports its public names; import them from ``guanai.reports.bulletins``.
"""

from guanai.reports.bulletins.access import (
    BULLETIN_KINDS,
    access_bulletin,
    bulletins_visible,
    can_edit,
    can_publish,
)
from guanai.reports.bulletins.exports import bulletin_export
from guanai.reports.bulletins.selectors import (
    BulletinContent,
    Ranked,
    bulletin_units_for,
    content_of,
    rated_kpis,
    score_of,
)
from guanai.reports.bulletins.services import (
    TEXT_LENGTH,
    bulletin_open,
    bulletin_publish,
    bulletin_save,
)
from guanai.reports.bulletins.supervision import bulletin_day, overdue_rectifications

__all__ = [
    "BULLETIN_KINDS",
    "TEXT_LENGTH",
    "BulletinContent",
    "Ranked",
    "access_bulletin",
    "bulletin_day",
    "bulletin_export",
    "bulletin_open",
    "bulletin_publish",
    "bulletin_save",
    "bulletin_units_for",
    "bulletins_visible",
    "can_edit",
    "can_publish",
    "content_of",
    "overdue_rectifications",
    "rated_kpis",
    "score_of",
]
