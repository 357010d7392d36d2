"""Events (活动): priority enrolment with a waiting list, attendance, coverage per term.

The package re-exports its public functions; import them from
``guanai.activities.events``. Its modules: ``access`` (who sees and changes which
events), ``priority`` (the pure rule that gives places), ``services`` (create, edit, a
unit's order of categories), ``enrolment`` (enrol, a class, cancel, attendance),
``selectors`` (the lists a page shows), ``coverage`` (who joined nothing this term),
``terms`` (school terms), ``series`` (events that repeat: the date rule, make, cancel).
"""

from guanai.activities.events.access import (
    access_event,
    can_manage_event,
    can_open_coverage,
    can_open_events,
    can_set_priorities,
    can_take_attendance,
    events_visible,
)
from guanai.activities.events.coverage import (
    by_category,
    by_class,
    by_kind,
    not_joined,
    special_persons,
)
from guanai.activities.events.enrolment import (
    Moves,
    attendance_mark,
    enrol_class,
    enrol_persons,
    enrolment_cancel,
    unit_ranks,
)
from guanai.activities.events.priority import DEFAULT_ORDER, allocate
from guanai.activities.events.selectors import attendance_sheet, event_lists, events_list
from guanai.activities.events.series import (
    Recurrence,
    SeriesPlace,
    event_series_cancel,
    event_series_create,
    occurrence_days,
    series_place,
    series_remaining,
    series_visible,
)
from guanai.activities.events.services import (
    EventData,
    category_priority_set,
    event_create,
    event_update,
)
from guanai.activities.events.terms import Term, term_of

__all__ = [
    "DEFAULT_ORDER",
    "EventData",
    "Moves",
    "Recurrence",
    "SeriesPlace",
    "Term",
    "access_event",
    "allocate",
    "attendance_mark",
    "attendance_sheet",
    "by_category",
    "by_class",
    "by_kind",
    "can_manage_event",
    "can_open_coverage",
    "can_open_events",
    "can_set_priorities",
    "can_take_attendance",
    "category_priority_set",
    "enrol_class",
    "enrol_persons",
    "enrolment_cancel",
    "event_create",
    "event_lists",
    "event_series_cancel",
    "event_series_create",
    "event_update",
    "events_list",
    "events_visible",
    "not_joined",
    "occurrence_days",
    "series_place",
    "series_remaining",
    "series_visible",
    "special_persons",
    "term_of",
    "unit_ranks",
]
