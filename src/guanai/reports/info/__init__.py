"""Information reports and exemplary stories (信息报送, 先进典型, 篇六).

Plan 六: "信息报送……提高信息质量，努力增强信息报送的时效性". Any unit's leaders and workers
send up a short report of an event, or the story of an exemplary person or group, with
up to three photos. A unit above (its leaders and workers) reviews it: publishes it, and
everyone in the publishing unit's subtree reads it from then on, or returns it with a
comment, and the unit corrects it and sends it again.

* **Timeliness.** A report is timely when its *first* submission came within three days
  of the event (event on the 1st, submitted by the 4th). A parent sees, per sub-unit and
  month of first submission, how many were submitted, published and timely.
* **From an event.** A published event that has begun is written up in one step
  (``from_event``): the form opens with its title, day and a text composed from it, and
  copies of its first photos; the report remembers its event, one report per event.
* **Photos.** JPEG or PNG only, recognised by their first bytes rather than by their
  name, at most 5 MB each and three per report. They are stored under MEDIA_ROOT with a
  random name and served only by a view that checks the reader may read the report.

The package re-exports its public names; import them from ``guanai.reports.info``.
"""

from guanai.reports.info.access import (
    access_photo,
    access_report,
    can_submit,
    may_review,
    published_q,
    reads_published,
    reports_visible,
    reviewing_unit,
    submit_units_for,
    timeliness_units_for,
)
from guanai.reports.info.from_event import (
    compose,
    info_from_event,
    may_report,
    report_of_event,
    require_reportable,
)
from guanai.reports.info.photos import (
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    Upload,
    sniff,
)
from guanai.reports.info.selectors import (
    TimelinessRow,
    published_visible,
    timeliness_of,
    unit_reports,
)
from guanai.reports.info.services import (
    MAX_TEXT,
    TIMELY_DAYS,
    info_publish,
    info_resubmit,
    info_return,
    info_submit,
)

__all__ = [
    "MAX_PHOTOS",
    "MAX_PHOTO_BYTES",
    "MAX_TEXT",
    "TIMELY_DAYS",
    "TimelinessRow",
    "Upload",
    "access_photo",
    "access_report",
    "can_submit",
    "compose",
    "info_from_event",
    "info_publish",
    "info_resubmit",
    "info_return",
    "info_submit",
    "may_report",
    "may_review",
    "published_q",
    "published_visible",
    "reads_published",
    "report_of_event",
    "reports_visible",
    "require_reportable",
    "reviewing_unit",
    "sniff",
    "submit_units_for",
    "timeliness_of",
    "timeliness_units_for",
    "unit_reports",
]
