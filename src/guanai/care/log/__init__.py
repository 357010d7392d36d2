"""The care log (关爱记录): talks, visits and calls with the persons a user cares for.

The package re-exports its public functions; import them from ``guanai.care.log``.
``services`` writes records, ``selectors`` reads them (scoped, the read of a person's
care audited), ``forms``, ``views`` and ``urls`` are the pages.
"""

from guanai.care.log.selectors import (
    OFFERED_PERSONS,
    access_led_unit,
    access_record,
    access_record_photo,
    access_rule,
    access_rule_led,
    access_unit_with_data,
    can_edit_record,
    careable_chosen,
    careable_persons,
    careable_persons_q,
    person_care_read,
    persons_met,
    persons_offered,
    ratings_trend,
    records_of_person,
    records_visible,
    rule_above,
    units_led,
)
from guanai.care.log.services import (
    FOLLOW_UP_DAYS_AHEAD,
    MAX_MINUTES,
    SUMMARY_MAX,
    RecordData,
    care_record_add,
    care_record_update,
    record_clean,
    record_data_of,
)

__all__ = [
    "FOLLOW_UP_DAYS_AHEAD",
    "MAX_MINUTES",
    "OFFERED_PERSONS",
    "SUMMARY_MAX",
    "RecordData",
    "access_led_unit",
    "access_record",
    "access_record_photo",
    "access_rule",
    "access_rule_led",
    "access_unit_with_data",
    "can_edit_record",
    "care_record_add",
    "care_record_update",
    "careable_chosen",
    "careable_persons",
    "careable_persons_q",
    "person_care_read",
    "persons_met",
    "persons_offered",
    "ratings_trend",
    "record_clean",
    "record_data_of",
    "records_of_person",
    "records_visible",
    "rule_above",
    "units_led",
]
