"""A payment roll on paper: every line of it, whatever the page shows (issue 14, point 6).

The roll's page shows its lines a page at a time; its print holds all of them, with the
totals and the lines the clerk signs (填报单位, 填表人, 审核人, 日期). ID numbers are
masked as on the page. The printed roll leaves the system with names and amounts on it:
it is asked for with a purpose, like the export for the bank, and written to the audit
log (``AuditAction.PRINT``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest

from guanai.accounts.models import User
from guanai.benefits.models import PaymentRoll, RollLine
from guanai.benefits.rolls.access import access_roll
from guanai.benefits.rolls.selectors import roll_lines
from guanai.core.audit import access_log
from guanai.core.masking import mask_id
from guanai.core.models import AuditAction
from guanai.core.money import ZERO
from guanai.registry.purpose import purpose_clean


@dataclass(frozen=True)
class PrintedLine:
    number: int
    line: RollLine
    masked_id: str


@dataclass(frozen=True)
class RollPrint:
    roll: PaymentRoll
    lines: list[PrintedLine]
    total: Decimal

    @property
    def preparer(self) -> User | None:
        """Who drew up the roll and sent it for approval: the 填表人, not who prints it."""
        return self.roll.submitted_by or self.roll.generated_by


def roll_print(
    *, acting_user: User, roll: PaymentRoll, purpose: str, request: HttpRequest | None = None
) -> RollPrint:
    """Return every line of the roll for printing, and write the print to the audit log.

    An empty or over-long purpose is refused (``ValidationFailed``) and nothing is printed.
    """
    purpose = purpose_clean(purpose)
    roll = access_roll(acting_user, roll.pk)
    lines = [
        PrintedLine(number=n, line=line, masked_id=mask_id(line.person.id_number))
        for n, line in enumerate(roll_lines(roll), start=1)
    ]
    total = sum((p.line.amount for p in lines), ZERO)
    access_log(
        user=acting_user,
        action=AuditAction.PRINT,
        obj=roll,
        detail={
            "rows": len(lines),
            "filters": {"roll": roll.pk, "month": f"{roll.month:%Y-%m}", "status": roll.status},
            "purpose": purpose,
        },
        request=request,
    )
    return RollPrint(roll=roll, lines=lines, total=total)
