"""Letters home (亲情书信): rounds built on festivals and holidays, who wrote, their photos.

篇一/篇七: "指导特殊群体学生利用传统节日、长辈生日、寒暑假等特殊日子给远方的家长写一封亲情书信".
The package re-exports its public names; import them from ``guanai.activities.letters``.
Its modules: ``festivals`` (the pure engine of festivals, statutory and school holidays),
``access`` (who sees and changes what), ``selectors`` (rounds and their progress),
``services`` (open, mark, keep a photo, close), ``scans``, ``views`` and ``forms``.
"""

from guanai.activities.letters.access import (
    access_letter,
    access_round,
    access_scan,
    can_manage_round,
    can_open_letters,
    round_units,
    rounds_visible,
)
from guanai.activities.letters.festivals import (
    Occasion,
    Source,
    festival_day,
    occasion_by_key,
    occasions,
    statutory_known,
)
from guanai.activities.letters.selectors import (
    Progress,
    Sheet,
    persons_for_round,
    round_letters,
    round_sheet,
    rounds_list,
)
from guanai.activities.letters.services import (
    letter_mark,
    round_close,
    round_create,
    round_reopen,
    scan_delete,
    scan_read,
    scans_add,
)

__all__ = [
    "Occasion",
    "Progress",
    "Sheet",
    "Source",
    "access_letter",
    "access_round",
    "access_scan",
    "can_manage_round",
    "can_open_letters",
    "festival_day",
    "letter_mark",
    "occasion_by_key",
    "occasions",
    "persons_for_round",
    "round_close",
    "round_create",
    "round_letters",
    "round_reopen",
    "round_sheet",
    "round_units",
    "rounds_list",
    "rounds_visible",
    "scan_delete",
    "scan_read",
    "scans_add",
    "statutory_known",
]
