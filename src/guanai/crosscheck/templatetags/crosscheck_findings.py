"""Filters of the findings' rows: ``{{ finding|explained }}`` (the finding in plain words,
``crosscheck.texts.explain``) and ``{{ check_list|readable_by:request.user }}``."""

from __future__ import annotations

from django import template

from guanai.accounts.scoping import AnyUser
from guanai.crosscheck.findings.selectors import list_readable
from guanai.crosscheck.models import CheckList, Finding
from guanai.crosscheck.texts import explain

register = template.Library()


@register.filter
def explained(finding: Finding) -> str:
    return explain(finding)


@register.filter
def readable_by(check_list: CheckList, user: AnyUser) -> bool:
    """Whether ``user`` may open ``check_list`` (a finding may be seen where its list is not)."""
    return list_readable(user, check_list)
