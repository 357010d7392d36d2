"""Roster import (花名册导入): persons, categories and guardians from an xlsx or csv file.

The importer works like CommCare's: every row is checked on its own and all its errors are
collected (row, column, reason), so the clerk fixes them all at once from the error
workbook; valid rows are written, invalid ones never are.

Columns are found by their header in any order; unknown ones are ignored with a warning.
A row is matched to a file already on the roster by its ID number (through the keyed hash,
never by decrypting): a file inside the importing unit's subtree is updated with the values
the row gives (a blank cell never erases a stored value; categories and a guardian are
added when missing), so importing the same file twice changes nothing the second time. A
file outside that subtree is refused without saying whose it is.

The parts: ``vocabulary`` (columns and words), ``rows`` (a row's checks), ``category_cells``
(the categories, disability and left-behind cells of a row), ``months`` (a month alone, where
the column allows one), ``batches`` (rows in chunks, checked here or in a
child process), ``planning`` (what a chunk creates or updates, and writing it), ``aside`` (a
writer thread) and ``importer`` (the whole).
"""

from guanai.registry.importing.importer import (
    CHUNK_SIZE,
    READ_LIMITS,
    Progress,
    RosterReport,
    RowError,
    roster_import,
)
from guanai.registry.importing.vocabulary import (
    CATEGORY_SEPARATORS,
    CATEGORY_WORDS,
    COLUMNS,
    DISABILITY_TYPES,
    GRADES,
    KINDS,
    MONTH_COLUMNS,
)

__all__ = [
    "CATEGORY_SEPARATORS",
    "CATEGORY_WORDS",
    "CHUNK_SIZE",
    "COLUMNS",
    "DISABILITY_TYPES",
    "GRADES",
    "KINDS",
    "MONTH_COLUMNS",
    "READ_LIMITS",
    "Progress",
    "RosterReport",
    "RowError",
    "roster_import",
]
