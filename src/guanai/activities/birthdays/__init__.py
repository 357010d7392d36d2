"""Birthdays (生日): solar and lunar birthdays of a month, and their celebrations.

The package re-exports its public names; import them from
``guanai.activities.birthdays``. Its modules: ``lunar`` (the pure lunar-to-solar engine),
``access`` (who sees and changes what), ``selectors`` (a month's birthdays), ``services``
(set or clear a lunar birthday, record or undo a celebration), ``views`` and ``forms``.
"""

from guanai.activities.birthdays.access import (
    access_person_for_lunar_birthday,
    access_person_to_celebrate,
    can_celebrate,
    can_open_birthdays,
    can_set_lunar_birthday,
)
from guanai.activities.birthdays.lunar import (
    LunarDate,
    lunar_date_clean,
    next_occurrence,
    occurrence_in_month,
    solar_date,
)
from guanai.activities.birthdays.selectors import (
    Birthday,
    birthday_units,
    birthdays_between,
    birthdays_of_month,
    unit_birthdays,
)
from guanai.activities.birthdays.services import (
    celebration_record,
    celebration_undo,
    lunar_birthday_clear,
    lunar_birthday_set,
)

__all__ = [
    "Birthday",
    "LunarDate",
    "access_person_for_lunar_birthday",
    "access_person_to_celebrate",
    "birthday_units",
    "birthdays_between",
    "birthdays_of_month",
    "can_celebrate",
    "can_open_birthdays",
    "can_set_lunar_birthday",
    "celebration_record",
    "celebration_undo",
    "lunar_birthday_clear",
    "lunar_birthday_set",
    "lunar_date_clean",
    "next_occurrence",
    "occurrence_in_month",
    "solar_date",
    "unit_birthdays",
]
