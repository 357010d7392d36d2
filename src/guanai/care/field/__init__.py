"""Field work offline (issue 23): the cards a helper's phone keeps, and the records it sends.

The package re-exports its public names; import them from ``guanai.care.field``.
``selectors`` makes the cards of the persons paired with a user and their quotas,
``services`` answers a sync and stores a record sent from the phone's outbox once.
(The offline shell page's ``views`` and ``urls`` are the front end's.)
"""

from guanai.care.field.selectors import (
    HASH_LENGTH,
    Card,
    card_hash,
    field_cards,
    field_quotas,
)
from guanai.care.field.services import (
    FIELD_PHOTOS_MAX,
    HAVE_MAX,
    Received,
    Sync,
    field_record_add,
    field_sync,
    have_read,
)

__all__ = [
    "FIELD_PHOTOS_MAX",
    "HASH_LENGTH",
    "HAVE_MAX",
    "Card",
    "Received",
    "Sync",
    "card_hash",
    "field_cards",
    "field_quotas",
    "field_record_add",
    "field_sync",
    "have_read",
]
