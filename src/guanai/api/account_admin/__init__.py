"""Administration through the API, with the limits of the pages (issue 12, point 18).

- The auditor reads and exports the audit log and the account-administration report,
  with the filters of the audit page.
- The system administrator lists, creates and edits the accounts it manages, resets
  their passwords (a one-time password, in the answer only) and asks for roles; a role
  that sees persons waits for a leader's or the security administrator's approval.
- A leader gives such roles in their units directly; a leader or the security
  administrator approves or refuses what a system administrator asked for.
- The security administrator lists and lifts lockouts.
"""

from guanai.api.account_admin import accounts, audit, lockouts
from guanai.api.account_admin.common import router

# The modules register their operations on ``router`` when imported.
__all__ = ["accounts", "audit", "lockouts", "router"]
