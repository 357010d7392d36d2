"""What cross-checks add to the registry's person file (DESIGN §4: registered on load).

The file gets a "数据比对" tab when other agencies' lists found something about the person:
each finding with its explanation, the open ones first, linking to the finding's page where
it is resolved. ``CrosscheckConfig.ready`` calls ``register``; the registry never imports
this app.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import AnyUser
from guanai.crosscheck import access
from guanai.crosscheck.findings.selectors import person_findings, person_has_findings
from guanai.registry import extensions
from guanai.registry.models import Person


def _shows(user: AnyUser, person: Person) -> bool:
    # Runs on every file page: no query for a user without the pages, one EXISTS otherwise.
    return access.can_open(user) and person_has_findings(user, person)


def panel_context(user: AnyUser, person: Person) -> dict[str, Any]:
    """Return the findings about ``person`` that ``user`` reads, open ones first."""
    return {"crosscheck_findings": list(person_findings(user, person))}


def register() -> None:
    extensions.file_panel_register(
        extensions.FilePanel(
            code="crosscheck",
            label=_("Cross-checks"),
            template="crosscheck/findings/person_panel.html",
            shows=_shows,
            context=panel_context,
        )
    )
