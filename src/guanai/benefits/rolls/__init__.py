"""Monthly payment rolls (发放花名册): generation in SQL, review, adjustments, reads.

The package re-exports its public functions; import them from ``guanai.benefits.rolls``.
"""

from guanai.benefits.rolls.access import (
    access_roll,
    can_approve_rolls,
    can_edit_rolls,
    rolls_visible,
)
from guanai.benefits.rolls.adjustments import roll_adjustment_add
from guanai.benefits.rolls.generation import roll_generate, roll_persons
from guanai.benefits.rolls.holds import RollHold, roll_generated, roll_holds, roll_holds_register
from guanai.benefits.rolls.printing import RollPrint, roll_print
from guanai.benefits.rolls.review import roll_approve, roll_return, roll_submit
from guanai.benefits.rolls.selectors import (
    RollLinesPaginator,
    roll_accounts_missing,
    roll_adjustable_lines,
    roll_adjustment_persons,
    roll_gaps,
    roll_gaps_count,
    roll_line_visible,
    roll_lines,
    roll_summary,
)

__all__ = [
    "RollHold",
    "RollLinesPaginator",
    "RollPrint",
    "access_roll",
    "can_approve_rolls",
    "can_edit_rolls",
    "roll_accounts_missing",
    "roll_adjustable_lines",
    "roll_adjustment_add",
    "roll_adjustment_persons",
    "roll_approve",
    "roll_gaps",
    "roll_gaps_count",
    "roll_generate",
    "roll_generated",
    "roll_holds",
    "roll_holds_register",
    "roll_line_visible",
    "roll_lines",
    "roll_persons",
    "roll_print",
    "roll_return",
    "roll_submit",
    "roll_summary",
    "rolls_visible",
]
