"""Pocket money kept by a surrogate parent (代家长代管零花钱): accounts, entries, statements.

The package re-exports its public names; import them from ``guanai.care.ledger``. The
rules are set out in ``services``; who reads and writes what in ``access``.
"""

from guanai.care.ledger.access import (
    access_account,
    accounts_q,
    accounts_visible,
    can_open_for,
    can_write,
    keepers_for,
    keepers_of_account,
    keeps_as_surrogate_parent,
)
from guanai.care.ledger.amounts import (
    MAX_AMOUNT,
    MAX_BALANCE,
    WHAT_LENGTH,
    amount_clean,
)
from guanai.care.ledger.selectors import (
    MonthSummary,
    Statement,
    account_of,
    correction_text,
    entries_of,
    entry_over_quota,
    entry_rows,
    entry_to_correct,
    is_over_quota,
    month_name,
    month_summaries,
    persons_awaiting_account,
    quota_warning,
    statement_of,
    statement_print,
)
from guanai.care.ledger.services import ledger_deposit, ledger_open, ledger_spend, ledger_update

__all__ = [
    "MAX_AMOUNT",
    "MAX_BALANCE",
    "WHAT_LENGTH",
    "MonthSummary",
    "Statement",
    "access_account",
    "account_of",
    "accounts_q",
    "accounts_visible",
    "amount_clean",
    "can_open_for",
    "can_write",
    "correction_text",
    "entries_of",
    "entry_over_quota",
    "entry_rows",
    "entry_to_correct",
    "is_over_quota",
    "keepers_for",
    "keepers_of_account",
    "keeps_as_surrogate_parent",
    "ledger_deposit",
    "ledger_open",
    "ledger_spend",
    "ledger_update",
    "month_name",
    "month_summaries",
    "persons_awaiting_account",
    "quota_warning",
    "statement_of",
    "statement_print",
]
