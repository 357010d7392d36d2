"""The bulletin's section on supervision (督查整改): the rectifications of the unit's subtree
overdue on the bulletin's day — the day it was published, or today for a draft — with the
unit, the finding, the deadline and the days overdue (issue 21: overdue rectifications show
in the monthly bulletin).

A bulletin's figures are read from the records each time it is shown, not stored; so is
this section: ``governance.supervision.overdue_on`` reads back the status each rectification
had on that day from its reports, so a published bulletin keeps showing what was overdue
when it was published, whatever was rectified since (two queries).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from guanai.governance.supervision import Overdue, overdue_on
from guanai.reports.models import Bulletin


def bulletin_day(bulletin: Bulletin, today: dt.date) -> dt.date:
    """Return the day the bulletin speaks of: its publication, or today for a draft."""
    if bulletin.published_at is not None:
        return timezone.localdate(bulletin.published_at)
    return today


def overdue_rectifications(bulletin: Bulletin, today: dt.date) -> list[Overdue]:
    """Return the rectifications of the bulletin's subtree overdue on its day."""
    return overdue_on(bulletin.org_unit, bulletin_day(bulletin, today))
