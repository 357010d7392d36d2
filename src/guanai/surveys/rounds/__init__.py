"""Survey rounds (调查轮次) and their cases: create a round over a unit's subtree, assign
its cases to helpers, follow the progress per unit, record who could not be reached, add
and register the persons the survey found. Import the public names from
``guanai.surveys.rounds``."""

from guanai.surveys.rounds.access import (
    ASSIGNEES,
    READERS,
    RUNNERS,
    access_case,
    access_round,
    can_fill,
    can_open_rounds,
    can_run,
    cases_visible,
    may_be_assigned,
    round_cases,
    rounds_visible,
    runs_part_of,
)
from guanai.surveys.rounds.counts import counting_rounds, round_units, survey_counts
from guanai.surveys.rounds.found import case_found_add, case_register
from guanai.surveys.rounds.selectors import (
    CaseFilter,
    ProgressRow,
    assignable_users,
    cases_of_round,
    found_cases,
    my_tasks,
    round_progress,
    usable_forms,
)
from guanai.surveys.rounds.services import (
    case_pending,
    case_unreachable,
    cases_assign,
    cases_unassign,
    form_usable,
    persons_in_scope,
    round_close,
    round_create,
    round_reopen,
)

__all__ = [
    "ASSIGNEES",
    "READERS",
    "RUNNERS",
    "CaseFilter",
    "ProgressRow",
    "access_case",
    "access_round",
    "assignable_users",
    "can_fill",
    "can_open_rounds",
    "can_run",
    "case_found_add",
    "case_pending",
    "case_register",
    "case_unreachable",
    "cases_assign",
    "cases_of_round",
    "cases_unassign",
    "cases_visible",
    "counting_rounds",
    "form_usable",
    "found_cases",
    "may_be_assigned",
    "my_tasks",
    "persons_in_scope",
    "round_cases",
    "round_close",
    "round_create",
    "round_progress",
    "round_reopen",
    "round_units",
    "rounds_visible",
    "runs_part_of",
    "survey_counts",
    "usable_forms",
]
