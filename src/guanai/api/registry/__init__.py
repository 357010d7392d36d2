"""The roster (花名册) and case files (档案) through the API: the router (``persons``) and
what it reads and answers (``schemas``).

The names other routers use are re-exported here. The shared ones (``UnitRefOut``,
``WRITE_ERRORS``, the text types) live in ``guanai.api.schemas``; import them from there.
"""

from guanai.api.registry.persons import router
from guanai.api.registry.schemas import (
    ArchiveIn,
    CategoryEntryOut,
    ContactOut,
    Details,
    DuplicateOut,
    Ethnicity,
    PendingTransferOut,
    PersonDetailOut,
    PersonIn,
    PersonOut,
    PersonPatchIn,
    PersonQuery,
    PurposeIn,
    RevealedContactOut,
    RevealOut,
)
from guanai.api.schemas import (
    WRITE_ERRORS,
    Text20,
    Text30,
    Text50,
    Text100,
    Text200,
    UnitRefOut,
)

__all__ = [
    "WRITE_ERRORS",
    "ArchiveIn",
    "CategoryEntryOut",
    "ContactOut",
    "Details",
    "DuplicateOut",
    "Ethnicity",
    "PendingTransferOut",
    "PersonDetailOut",
    "PersonIn",
    "PersonOut",
    "PersonPatchIn",
    "PersonQuery",
    "PurposeIn",
    "RevealOut",
    "RevealedContactOut",
    "Text20",
    "Text30",
    "Text50",
    "Text100",
    "Text200",
    "UnitRefOut",
    "router",
]
