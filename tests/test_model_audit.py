"""Every model of ours leaves a trail (issue 13 point 5).

A concrete model is either registered with django-auditlog (each change is recorded with
its fields) or listed below with the reason it is not. A model added later without either
fails this test, so that no app stores data whose changes nobody can trace.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps
from django.db import models

# label → why its rows are not recorded by auditlog.
EXEMPT: dict[str, str] = {
    "core.accesslog": "the access log itself: rows are written once and never changed",
    "reports.fact": "derived from the other tables and rebuilt at will (facts_refresh)",
    "reports.dirtyfact": "bookkeeping of the fact refresh: which units to recompute",
    "care.carerecordperson": "a copy of its care record's persons, kept for the work lists",
    "care.ledgerentry": "append-only: a correction is a new entry; the account is audited",
    "care.planreview": "written once; each review is an access-log event (PLAN_REVIEW)",
    "care.progressentry": "written once; each entry is an access-log event (PLAN_PROGRESS)",
    "benefits.rollline": "written in bulk with its roll and never edited; a correction is an "
    "adjusting line in a later roll; the roll and its review are audited",
    "orgs.orgimport": "an upload's job record; the units it writes are audited",
    "crosscheck.listrow": "a row of another agency's list as read, never edited, deleted at "
    "the end of its retention; the upload (who, when, purpose) is an access-log event",
    "registry.rosterimport": "an upload's job record; the persons it writes are audited",
    "sheets.exportjob": "a background export's job record; the export is in the access log",
    "surveys.response": "an answer set kept whole with its author and times; each save is "
    "an access-log event (SURVEY_ANSWER)",
    "notify.notification": "a message to its recipient, derived from records already audited; "
    "it holds counts and names only (issue 22, point 4)",
    "notify.delivery": "the delivery log itself: one row per message sent, with its fate",
    "notify.jobrun": "the run log of the scheduled jobs itself, shown to the system admin",
}


def _ours() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("guanai.") and not model._meta.proxy
    ]


def test_every_model_is_audited_or_exempt_with_a_reason() -> None:
    silent = [
        model._meta.label_lower
        for model in _ours()
        if not auditlog.contains(model) and model._meta.label_lower not in EXEMPT
    ]
    assert silent == [], f"register these with auditlog or add them to EXEMPT: {silent}"


def test_no_exemption_is_stale() -> None:
    labels = {model._meta.label_lower: model for model in _ours()}
    stale = [label for label in EXEMPT if label not in labels]
    assert stale == [], f"no such model: {stale}"
    both = [label for label in EXEMPT if auditlog.contains(labels[label])]
    assert both == [], f"audited and exempt at once: {both}"
    assert all(len(reason) > 20 for reason in EXEMPT.values())
