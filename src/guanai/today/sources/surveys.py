"""The surveys source: the survey cases given to the user and not yet asked (我的调查任务),
the round ending soonest first; a round past its last day makes its cases overdue."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.surveys import rounds
from guanai.surveys.models import Case, CaseStatus
from guanai.today.items import EMPTY, SHOWN, Batch, Task
from guanai.today.sources.common import day, first


def survey_cases_due(user: User, today: date) -> Batch:
    """The cases of open rounds given to the user that are still to be asked."""
    if not scoping.has_role(user, *rounds.ASSIGNEES):
        return EMPTY
    due = rounds.my_tasks(user).filter(status=CaseStatus.PENDING)
    shown = list(due[:SHOWN])
    total = len(shown) if len(shown) < SHOWN else due.count()
    return first(
        [_task(case, today) for case in shown],
        total,
        _("All my survey tasks"),
        reverse("surveys:my_cases"),
    )


def _task(case: Case, today: date) -> Task:
    ends = case.round.ends_on
    overdue = ends < today
    return Task(
        kind="survey_case",
        kind_label=_("Survey"),
        subject=case.name,
        where=case.org_unit.name,
        detail=case.round.title,
        why=(_("Round ended on %(date)s") if overdue else _("Survey by %(date)s"))
        % {"date": day(ends)},
        when=ends,
        overdue=overdue,
        action_label=_("Fill in the questionnaire"),
        action_url=reverse("surveys:case_fill", args=[case.pk]),
    )
