"""Writes of accounts, memberships, passwords and API tokens.

The package re-exports its public functions; import them from ``guanai.accounts.services``.
"""

from guanai.accounts.services.memberships import (
    membership_approve,
    membership_grant,
    membership_reject,
    membership_revoke,
)
from guanai.accounts.services.tokens import (
    TOKEN_PREFIX,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from guanai.accounts.services.users import (
    AccountLocked,
    account_create,
    lockout_reset,
    org_unit_edit,
    password_change,
    password_expired,
    password_reset,
    user_create,
    user_update,
)

__all__ = [
    "TOKEN_PREFIX",
    "AccountLocked",
    "account_create",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "lockout_reset",
    "membership_approve",
    "membership_grant",
    "membership_reject",
    "membership_revoke",
    "org_unit_edit",
    "password_change",
    "password_expired",
    "password_reset",
    "user_create",
    "user_update",
]
