"""The sources of the "today" page: one function per kind of task, each asking the
selectors of the app the task belongs to (who sees what is theirs, never written here).

A source takes the user and today's date and returns a ``Batch``; it runs no query for a
user whose roles give no task of its kind. Adding a kind is one function (in the module of
its app: ``care``, ``office``, ``accounts``) and one line in ``SOURCES``.
"""

from guanai.today.sources.accounts import lockouts, roles_to_approve
from guanai.today.sources.activities import birthdays_coming
from guanai.today.sources.care import (
    care_due,
    plans_to_approve,
    plans_to_review,
    risk_levels_to_decide,
    warnings_assigned,
    warnings_to_decide,
)
from guanai.today.sources.common import Source, day
from guanai.today.sources.crosscheck import findings_to_resolve, school_findings
from guanai.today.sources.governance_matters import matters_due_soon
from guanai.today.sources.governance_supervision import (
    rectifications_to_decide,
    rectifications_to_report,
)
from guanai.today.sources.notify import delivery_failures
from guanai.today.sources.notify_jobs import job_failures
from guanai.today.sources.office import (
    reports_to_fill,
    reports_to_review,
    rolls_to_approve,
    transfers_to_accept,
)
from guanai.today.sources.surveys import survey_cases_due

# The kinds of task, in the order a tie in urgency keeps.
SOURCES: tuple[Source, ...] = (
    care_due,
    school_findings,
    survey_cases_due,
    birthdays_coming,
    warnings_assigned,
    warnings_to_decide,
    risk_levels_to_decide,
    reports_to_fill,
    reports_to_review,
    rolls_to_approve,
    findings_to_resolve,
    matters_due_soon,
    rectifications_to_report,
    rectifications_to_decide,
    transfers_to_accept,
    plans_to_approve,
    plans_to_review,
    roles_to_approve,
    lockouts,
    delivery_failures,
    job_failures,
)

__all__ = [
    "SOURCES",
    "Source",
    "birthdays_coming",
    "care_due",
    "day",
    "delivery_failures",
    "findings_to_resolve",
    "job_failures",
    "lockouts",
    "matters_due_soon",
    "plans_to_approve",
    "plans_to_review",
    "rectifications_to_decide",
    "rectifications_to_report",
    "reports_to_fill",
    "reports_to_review",
    "risk_levels_to_decide",
    "roles_to_approve",
    "rolls_to_approve",
    "school_findings",
    "survey_cases_due",
    "transfers_to_accept",
    "warnings_assigned",
    "warnings_to_decide",
]
