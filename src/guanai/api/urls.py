"""The API: django-ninja at /api/, OpenAPI at /api/docs. Routers mirror the apps."""

from __future__ import annotations

from guanai.api import (
    accounts,
    benefits,
    benefits_claims,
    benefits_persons,
    benefits_rolls,
    categories,
    consents,
    contact_cards,
    contacts,
    errors,
    exports,
    orgs,
    registry,
    transfers,
)
from guanai.api.auth import BrowserSessionAuth, TokenAuth
from guanai.api.openapi import GuanaiAPI, docs_need_login

api = GuanaiAPI(
    title="Guanai API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSessionAuth()],
    docs_decorator=docs_need_login,
)
errors.install(api)
api.add_router("", accounts.router)
api.add_router("", orgs.router)
# Before the persons: ``/persons/{person_id}`` would otherwise take ``/persons/contact-cards``.
api.add_router("", contact_cards.router)
api.add_router("", registry.router)
api.add_router("", categories.router)
api.add_router("", contacts.router)
api.add_router("", consents.router)
api.add_router("", transfers.router)
api.add_router("", "guanai.api.care.pairing.router")
api.add_router("", "guanai.api.care.log.router")
api.add_router("", "guanai.api.care.plans.router")
api.add_router("", "guanai.api.care.ledger.router")
api.add_router("", "guanai.api.care.warnings.router")
api.add_router("", "guanai.api.care.field.router")
api.add_router("", benefits.router)
api.add_router("", benefits_persons.router)
api.add_router("", benefits_rolls.router)
api.add_router("", benefits_claims.router)
api.add_router("", exports.router)
api.add_router("", "guanai.api.reports.monthly.router")
api.add_router("", "guanai.api.reports.dashboard.router")
api.add_router("", "guanai.api.reports.bulletins.router")
api.add_router("", "guanai.api.reports.targets.router")
api.add_router("", "guanai.api.reports.holidays.router")
api.add_router("", "guanai.api.reports.assessment.router")
api.add_router("", "guanai.api.reports.info.router")
api.add_router("", "guanai.api.account_admin.router")
api.add_router("", "guanai.api.today.router")
api.add_router("", "guanai.api.notify.inbox.router")
api.add_router("", "guanai.api.notify.preferences.router")
api.add_router("", "guanai.api.calendar.router")
api.add_router("", "guanai.api.activities.plans.router")
api.add_router("", "guanai.api.activities.events.router")
api.add_router("", "guanai.api.activities.series.router")
api.add_router("", "guanai.api.activities.event_photos.router")
api.add_router("", "guanai.api.activities.birthdays.router")
api.add_router("", "guanai.api.activities.letters.router")
api.add_router("", "guanai.api.community.volunteers.router")
api.add_router("", "guanai.api.community.giving.router")
api.add_router("", "guanai.api.community.thanks.router")
api.add_router("", "guanai.api.institutions.standards.router")
api.add_router("", "guanai.api.institutions.register.router")
api.add_router("", "guanai.api.institutions.staff.router")
api.add_router("", "guanai.api.institutions.delivery.router")
api.add_router("", "guanai.api.institutions.residents.router")
api.add_router("", "guanai.api.institutions.assessment.router")
api.add_router("", "guanai.api.surveys.answers.router")
api.add_router("", "guanai.api.surveys.analysis.router")
api.add_router("", "guanai.api.surveys.forms.router")
api.add_router("", "guanai.api.surveys.rounds.router")
api.add_router("", "guanai.api.inkind.catalogue.router")
api.add_router("", "guanai.api.inkind.applications.router")
api.add_router("", "guanai.api.inkind.coverage.router")
api.add_router("", "guanai.api.governance.supervision.router")
api.add_router("", "guanai.api.governance.targets.router")
api.add_router("", "guanai.api.crosscheck.lists.router")
api.add_router("", "guanai.api.crosscheck.findings.router")
api.add_router("", "guanai.api.governance.groups.router")
api.add_router("", "guanai.api.governance.plans.router")
api.add_router("", "guanai.api.governance.matters.router")
