"""Every route that takes an object id is scoped (issue 13, point 2).

The test walks every pattern of the URL resolver and every operation of the API's OpenAPI
schema that names an object (an id in the path, an import job's token, a username, or a
list's ``?unit_id=`` / ``?person_id=`` filter), fills it with the object of that kind made
in 冷碛镇, and asks it as a worker, a leader, a helper and a system administrator of 兴隆镇:
each must answer 404, as if the object did not exist (DESIGN §5) — a list filter may
answer an empty list instead — or 403 where the route is refused for the role before any
object is looked at (``REFUSED_FOR_ROLE``, each with its reason, and checked: the same role
in 冷碛镇 is refused too). An anonymous client is sent to the login page, or gets 401 from
the API. Every GET must answer one of 冷碛镇's own users something else than 404 or 403, so
that no 404 comes from an id that names nothing; and every page's address must reach that
page, not one listed before it (the month page hid the deadline form's route).

A route whose parameter is not in ``KINDS`` fails the test, telling the developer to add it:
so a route or an app added later is covered without editing this file beyond that line.
Pages are asked with GET and with an empty POST (a page that takes no POST may answer 405);
API operations with their own method and the smallest body their schema accepts (django-
ninja validates a body before the operation runs, so an empty one would only prove the
schema): an operation that then answers 400 or 422 before 404 validates before it scopes.
"""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import get_resolver, include, path, resolve
from django.utils import timezone
from ninja import NinjaAPI

from guanai.accounts.models import Membership, Role, User
from guanai.accounts.services import api_token_create
from guanai.activities.events.series import Recurrence, event_series_create
from guanai.activities.events.services import EventData, event_create
from guanai.activities.letters import occasions as letter_occasions
from guanai.activities.letters import round_create
from guanai.activities.models.letters import LetterScan
from guanai.activities.models.media import EventPhoto
from guanai.activities.plans import plan_create_from_template
from guanai.api.auth import TokenAuth
from guanai.api.openapi import GuanaiAPI
from guanai.api.urls import api
from guanai.benefits.models import Entitlement, MedicalClaim, PaymentRoll
from guanai.care import log as care_log
from guanai.care import plans
from guanai.care.models import (
    CareKind,
    CareRecordPhoto,
    CareWarning,
    FrequencyRule,
    HelperRole,
    PlanDomain,
    PocketMoneyAccount,
    ProgressKind,
    RiskAssessment,
    TermEvaluation,
)
from guanai.care.pairing import pairing_start
from guanai.care.plans import progress
from guanai.community.models.giving import Campaign, CharityFund, Donation, Grant, Need
from guanai.community.thanks import acknowledgement_make
from guanai.community.volunteers import VolunteerData, visit_open, visit_sign_up, volunteer_add
from guanai.core.actors import SYSTEM
from guanai.core.uscc import make_uscc
from guanai.crosscheck.models import CheckList, Finding
from guanai.governance.matters import MatterData, matter_create, matter_progress
from guanai.governance.models import (
    GroupMember,
    LeadingGroup,
    MatterPhoto,
    PlanTask,
    Post,
    WorkPlan,
)
from guanai.governance.models import Target as GovernanceTarget
from guanai.governance.supervision import (
    FindingData,
    VisitData,
    rectification_report,
    visit_record,
)
from guanai.inkind import applications as inkind_requests
from guanai.inkind.catalogue import seeded as inkind_seeded
from guanai.inkind.models import Service as InkindService
from guanai.inkind.models import ServiceTarget
from guanai.institutions.assessment import AssessmentData, assessment_save
from guanai.institutions.models import (
    EvidencePhoto,
    ItemCheck,
    Placement,
    Resident,
    ServiceLog,
    Standard,
)
from guanai.institutions.register import ProfileData, institution_profile_save
from guanai.institutions.roster import StaffData, staff_add
from guanai.notify.models import Notification
from guanai.orgs.models import OrgImport, OrgKind
from guanai.registry.models import Person, RosterImport, Transfer
from guanai.reports.models import (
    AssessmentItem,
    AssessmentSheet,
    Bulletin,
    InfoPhoto,
    InfoReport,
    MonthlyReport,
)
from guanai.sheets import export_jobs
from guanai.sheets.models import ExportJob, ExportStatus
from guanai.surveys import rounds as survey_rounds
from guanai.surveys.answers import answers_save
from guanai.surveys.models import FormVersion, Questionnaire
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region, logged_in
from tests.support.routes import (
    api_operations,
    api_sample,
    literals_before,
    params,
    rewound,
    routes,
    substitute,
)
from tests.surveys.support import SMALL_FORM, small_form

# What each route parameter names, keyed by the literal path segments before it and the
# parameter's name: ``"plans:pk"`` for ``care/plans/<int:pk>/``, ``"ledgers:account_id"``
# for ``/api/care/ledgers/{account_id}``. The longest key that matches wins, so
# ``"orgs/import:token"`` and ``"persons/import:token"`` can name different kinds.
# A value is a kind of object made by ``world`` below, or ``"=<word>"`` for a parameter
# that is not an object (an action, a month): the route is then asked with that word.
KINDS: dict[str, str] = {
    # accounts and orgs
    "tokens:pk": "token",
    # notifications: a person's own only
    "notify:pk": "notification",
    "notifications:notification_id": "notification",
    "tokens:token_id": "token",
    "orgs:pk": "unit",
    "org-units:unit_id": "unit",
    "orgs/import:token": "org_import",
    "users:pk": "user",
    "users:account_id": "user",
    "memberships:pk": "membership",
    "memberships:membership_id": "membership",
    "roles:pk": "membership",
    "lockouts:username": "username",
    "holidays:day": "=2027-02-06",
    # registry
    "persons:pk": "person",
    "persons:person_id": "person",
    "categories:entry_pk": "category",
    "categories:entry_id": "category",
    "contacts:contact_pk": "contact",
    "contacts:contact_id": "contact",
    "persons/import:token": "roster_import",
    "exports:token": "export_job",
    "template:kind": "=children",
    "transfers:pk": "transfer",
    "transfers:transfer_id": "transfer",
    "transfers:decision": "=accept",
    # care
    "records:pk": "care_record",
    "records:record_id": "care_record",
    "records:record_pk": "care_record",
    "records/photos:pk": "care_record_photo",
    "risk:pk": "risk",
    "risk:assessment_id": "risk",
    "risk:decision": "=confirm",
    "rules:pk": "rule",
    "rules:rule_id": "rule",
    "pairings:pk": "pairing",
    "pairings:pairing_id": "pairing",
    "plans:pk": "plan",
    "plans:plan_id": "plan",
    "evaluations:pk": "evaluation",
    "evaluations:evaluation_id": "evaluation",
    "ledgers:pk": "ledger",
    "ledgers:account_id": "ledger",
    "warnings:pk": "warning",
    "warnings:warning_id": "warning",
    # benefits
    "entitlements:entitlement_pk": "entitlement",
    "entitlements:entitlement_id": "entitlement",
    "rolls:pk": "roll",
    "rolls:roll_id": "roll",
    "claims:pk": "claim",
    "claims:claim_id": "claim",
    # reports
    "bulletins:unit": "unit",
    "bulletins:month": "=month",
    "bulletins:pk": "bulletin",
    "bulletins:bulletin_id": "bulletin",
    "bulletins:action": "=publish",
    "dashboard:unit": "unit",
    "dashboard:month": "=month",
    "monthly:unit": "unit",
    "monthly:month": "=month",
    "monthly:report_id": "monthly_report",
    "monthly/report:pk": "monthly_report",
    "monthly/report:action": "=submit",
    "targets:unit": "unit",
    "targets:action": "=target",
    "targets:kpi": "=registration_rate",
    "survey-counts:year": "=2026",
    "assessment:pk": "sheet",
    "assessments:sheet_id": "sheet",
    "items:item": "sheet_item",
    "items:item_id": "sheet_item",
    "items:action": "=save",
    "scores:unit_id": "unit",
    "info/photo:pk": "info_photo",
    "info/photos:photo_id": "info_photo",
    "timeliness:unit": "unit",
    "timeliness:month": "=month",
    "info:pk": "info_report",
    "info:report_id": "info_report",
    "info:action": "=publish",
    "from-event:event": "event",
    # activities
    "activities/plans:pk": "activity_plan",
    "plans/items:pk": "activity_plan_item",
    "events:pk": "event",
    "activities/plans:plan_id": "activity_plan",
    "plan-items:item_id": "activity_plan_item",
    "events:event_id": "event",
    "events/series:pk": "event_series",
    "series:series_id": "event_series",
    "events/photos:pk": "event_photo",
    "events/photos:photo_id": "event_photo",
    "enrolments:person_id": "person",
    "attendance:person_id": "person",
    "celebrations:year": "=2026",
    "letters:pk": "letter_round",
    "letters/letter:pk": "letter",
    "letters/scans:pk": "letter_scan",
    "rounds:round_id": "letter_round",
    "letters:letter_id": "letter",
    # surveys
    "surveys/rounds:pk": "survey_round",
    "surveys/rounds:round_id": "survey_round",
    # community
    "volunteers:pk": "volunteer",
    "volunteers:volunteer_id": "volunteer",
    "visits:pk": "visit",
    "visits:visit_id": "visit",
    "sign-ups:volunteer_id": "volunteer",
    "shifts:volunteer_id": "volunteer",
    "roles:role_id": "visit_role",
    # community
    "needs:pk": "need",
    "donations:pk": "donation",
    "funds:pk": "fund",
    "grants:pk": "grant",
    "needs:need_id": "need",
    "donations:donation_id": "donation",
    "funds:fund_id": "fund",
    "grants:grant_id": "grant",
    "campaigns:pk": "campaign",
    "campaigns:campaign_id": "campaign",
    "thanks:pk": "acknowledgement",
    "thanks:thanks_id": "acknowledgement",
    # institutions
    "institutions:pk": "institution",
    "institutions:institution_id": "institution",
    "items:ref": "=机构-1",
    "checklist:ref": "=机构-1",
    "staff:pk": "institution_staff",
    "institution-staff:staff_id": "institution_staff",
    "standards:pk": "standard",
    "standards:standard_id": "standard",
    "residents:pk": "resident",
    "institution-residents:resident_id": "resident",
    "services:pk": "service_log",
    "service-logs:log_id": "service_log",
    "placements:pk": "placement",
    "placements:placement_id": "placement",
    "evidence-photos:pk": "evidence_photo",
    "institution-evidence-photos:photo_id": "evidence_photo",
    "assessments:year": "=2026",
    # surveys: questionnaires and their versions
    "surveys/forms:pk": "questionnaire",
    "surveys/forms:form_id": "questionnaire",
    "surveys/forms/versions:pk": "form_version",
    "surveys/form-versions:version_id": "form_version",
    "versions/sections:index": "=0",
    "versions/sections:section": "=0",
    "versions/questions:code": "=guardian",
    "surveys/cases:pk": "survey_case",
    "surveys/cases:case_id": "survey_case",
    "survey-rounds:round_id": "survey_round",
    "survey-cases:case_id": "survey_case",
    # cross-checks: the pages (the API's ids are with the other cross-check kinds below)
    "crosscheck/findings:pk": "crosscheck_finding",
    "crosscheck/lists:pk": "crosscheck_list",
    # assistance in kind
    "requests:pk": "inkind_request",
    "requests/photos:pk": "inkind_stage_photo",
    "catalogue:pk": "inkind_service",
    "inkind/services:service_id": "inkind_service",
    "inkind/requests:request_id": "inkind_request",
    "inkind/photos:photo_id": "inkind_stage_photo",
    # assistance in kind: targets (the not-served lists take ?unit_id=)
    "targets:pk": "inkind_target",
    "targets:target_id": "inkind_target",
    # work organisation: multi-year targets
    "governance/targets:pk": "governance_target",
    "governance/targets:target_id": "governance_target",
    # cross-checks
    "crosscheck/lists:list_id": "crosscheck_list",
    "crosscheck/findings:finding_id": "crosscheck_finding",
    # work organisation: leading groups and annual work plans
    "governance/groups:pk": "governance_group",
    "governance/groups:group_id": "governance_group",
    "governance/members:pk": "governance_member",
    "governance/members:member_id": "governance_member",
    "governance/plans:pk": "governance_plan",
    "governance/plans:plan_id": "governance_plan",
    "governance/plan-tasks:pk": "governance_plan_task",
    "governance/plan-tasks:task_id": "governance_plan_task",
    # governance: practical matters
    "governance/matters:pk": "governance_matter",
    "governance/matters/photos:pk": "governance_matter_photo",
    "governance/matters:matter_id": "governance_matter",
    "governance/matter-photos:photo_id": "governance_matter_photo",
    # work organisation: supervision visits and rectifications (a county's visit to 冷碛镇)
    "supervision/visits:pk": "governance_visit",
    "supervision/rectifications:pk": "governance_rectification",
    "supervision/photos:pk": "governance_rectification_photo",
    "governance/visits:visit_id": "governance_visit",
    "governance/rectifications:rectification_id": "governance_rectification",
    "governance/rectification-photos:photo_id": "governance_rectification_photo",
    # notifications: a unit's WeChat Work group robot
    "notify/units:unit_id": "unit",
    # notify: the scheduled jobs are the installation's, named by their code (sysadmin only)
    "jobs:name": "=refresh_facts",
    # query parameters of the API's lists
    "?unit_id": "unit",
    "?person_id": "person",
    "?helper_id": "helper",
    "?group_id": "volunteer_group",
    "?assignee_id": "helper",
}

# Routes refused by role before any object is read: (route prefix, roles, reason). A 403
# there is right, says nothing of the object, and the test checks that the user of the same
# role in 冷碛镇 is refused too.
ALL = {"worker", "leader", "helper", "sysadmin"}
NO_BENEFITS_OR_REPORTS = (
    "helpers (teachers, volunteers) and system administrators have no benefits or reports "
    "pages at all: refused by role for every unit, their own included"
)
ACCOUNT_ADMINISTRATION = (
    "administering accounts is for the system and security administrators: refused by role"
)
REFUSED_FOR_ROLE: list[tuple[str, set[str], str]] = [
    ("benefits/", {"helper", "sysadmin"}, NO_BENEFITS_OR_REPORTS),
    ("api/benefits/", {"helper", "sysadmin"}, NO_BENEFITS_OR_REPORTS),
    ("api/entitlements/", {"helper", "sysadmin"}, NO_BENEFITS_OR_REPORTS),
    ("api/persons/{person_id}/benefits", {"helper", "sysadmin"}, NO_BENEFITS_OR_REPORTS),
    ("api/persons/{person_id}/entitlements", {"helper", "sysadmin"}, NO_BENEFITS_OR_REPORTS),
    ("api/persons/{person_id}/payment-account", {"helper", "sysadmin"}, NO_BENEFITS_OR_REPORTS),
    ("reports/", {"helper", "sysadmin"}, NO_BENEFITS_OR_REPORTS),
    ("api/reports/", {"helper", "sysadmin"}, NO_BENEFITS_OR_REPORTS),
    (
        "api/reports/holidays/",
        {"worker", "leader"},
        "the holiday arrangement is no unit's: only a system administrator of a county or "
        "above enters it, refused by role",
    ),
    (
        "care/ledgers/",
        {"sysadmin"},
        "a system administrator holds no care role (separation of duties): no ledgers",
    ),
    (
        "care/warnings/",
        {"sysadmin"},
        "a system administrator holds no care role (separation of duties): no warnings",
    ),
    (
        "orgs/import/",
        {"worker", "leader", "helper"},
        "importing the org tree is the system administrator's: refused by role",
    ),
    ("roles/", {"worker", "helper", "sysadmin"}, "only a leader decides a role request"),
    (
        "activities/events/",
        {"sysadmin"},
        "a system administrator sees no beneficiary data (separation of duties): no events",
    ),
    (
        "community/",
        {"helper", "sysadmin"},
        "volunteers, visits, needs, donations and funds are for the roster roles and volunteer "
        "groups: a helper (a teacher) and a system administrator have none, refused by role",
    ),
    (
        "api/community/",
        {"helper", "sysadmin"},
        "needs, donations and funds are for the roster roles and volunteer groups: refused by role",
    ),
    (
        "institutions/",
        {"helper", "sysadmin"},
        "care institutions are read by the roster roles: a helper and a system administrator "
        "have none, refused by role",
    ),
    (
        "api/institutions/",
        {"helper", "sysadmin"},
        "care institutions are read by the roster roles: refused by role",
    ),
    (
        "api/institution-staff/",
        {"helper", "sysadmin"},
        "care institutions are read by the roster roles: refused by role",
    ),
    (
        "api/institution-residents/",
        {"helper", "sysadmin"},
        "care institutions are read by the roster roles: refused by role",
    ),
    (
        "api/institution-assessments",
        {"helper", "sysadmin"},
        "care institutions are read by the roster roles: refused by role",
    ),
    (
        "api/service-logs/",
        {"helper", "sysadmin"},
        "care institutions are read by the roster roles: refused by role",
    ),
    (
        "api/placements/",
        {"helper", "sysadmin"},
        "care institutions are read by the roster roles: refused by role",
    ),
    (
        "api/institution-evidence-photos/",
        {"helper", "sysadmin"},
        "care institutions are read by the roster roles: refused by role",
    ),
    (
        "api/institution-score-sheets",
        {"helper", "sysadmin"},
        "care institutions are read by the roster roles: refused by role",
    ),
    (
        "surveys/",
        {"sysadmin"},
        "a system administrator sees no beneficiary data (separation of duties): no surveys",
    ),
    (
        "api/survey-",
        {"sysadmin"},
        "a system administrator sees no beneficiary data (separation of duties): no surveys",
    ),
    (
        "inkind/requests/",
        {"sysadmin"},
        "a system administrator sees no beneficiary data (separation of duties): no requests "
        "for assistance in kind",
    ),
    (
        "api/crosscheck/",
        {"helper", "sysadmin"},
        "cross-checks are read by the roster roles (leader, worker, viewer): a helper and a "
        "system administrator have none, refused by role",
    ),
    ("api/users/", {"worker", "leader", "helper"}, ACCOUNT_ADMINISTRATION),
    ("api/memberships/", ALL, ACCOUNT_ADMINISTRATION + "; a leader decides role requests"),
    ("api/lockouts/", ALL, "unlocking a login is the security administrator's"),
]

# Pages only a county (or a unit above) acts on: 冷碛镇's own users are refused by role
# (403), so a worker of the county is asked as the object's own user instead.
COUNTY_ONLY = {
    "institutions/<int:pk>/assessments/new/",  # the county federation scores an institution
    "institutions/<int:pk>/assessments/<int:year>/edit/",
    # a questionnaire of 冷碛镇中心小学 is built by its county (a township writes none)
    "surveys/forms/<int:pk>/copy/",
    "surveys/forms/versions/<int:pk>/builder/",
    "surveys/forms/versions/<int:pk>/json/",
    "surveys/forms/versions/<int:pk>/sections/<int:index>/",
    "surveys/forms/versions/<int:pk>/sections/<int:section>/questions/new/",
    "surveys/forms/versions/<int:pk>/questions/<slug:code>/",
    # the county's supervision visit to 冷碛镇 is changed by the county, read by 冷碛镇
    "governance/supervision/visits/<int:pk>/edit/",
}

# Kinds of object that are the installation's rather than a unit's: the catalogue of
# assistance in kind is one for every county, read by every data role wherever they work
# (inkind.access). An outsider is answered there as the user of the same role in 冷碛镇 is
# (the same page, the same refusal) rather than 404, and a county leader, who edits the
# catalogue, opens what 冷碛镇's own users may not.
SHARED_KINDS = {"inkind_service"}

# Parameters that name no object: routes with only these are asked anonymously only.
NOT_AN_OBJECT = {"kind", "decision", "action", "month", "kpi", "year", "name"}


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@dataclass
class Route:
    method: str
    route: str
    api: bool
    body: Any = None
    query: str = ""
    # A query parameter naming an object (``?unit_id=``), asked alone.
    query_id: str = ""

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.route}"


def kind_of(before: list[str], name: str) -> str | None:
    """Return the kind named by the parameter ``name`` after the segments ``before``."""
    for length in range(len(before), 0, -1):
        key = "/".join(before[-length:]) + f":{name}"
        if key in KINDS:
            return KINDS[key]
    return None


def every_route(
    patterns: list[Any] | None = None, apis: list[tuple[NinjaAPI, str]] | None = None
) -> list[Route]:
    """Return every page route and API operation that takes a parameter: the project's,
    or those of ``patterns`` and ``apis`` (each API with the prefix it is served under)."""
    if patterns is None and apis is None:
        patterns, apis = get_resolver().url_patterns, [(api, "/api/")]
    prefixes = tuple(prefix.lstrip("/") for _api, prefix in apis or [])
    pages = routes(patterns or [])
    found = [Route("get", r, api=False) for r in pages if params(r) and not r.startswith(prefixes)]
    for served, prefix in apis or []:
        schema = served.get_openapi_schema(path_prefix=prefix)
        components = schema["components"].get("schemas", {})
        for method, route in api_operations(schema):
            operation = schema["paths"][route][method]
            queried = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            named = [p["name"] for p in queried if p["name"].endswith("_id")]
            required = {
                p["name"]: api_sample(p["schema"], components) for p in queried if p.get("required")
            }
            for name in named:
                others = urlencode({k: v for k, v in required.items() if k != name})
                found.append(Route(method, route, api=True, query=others, query_id=name))
            if not params(route):
                continue
            body = operation.get("requestBody")
            if body is not None:
                content_type, content = next(iter(body["content"].items()))
                body = (content_type, api_sample(content["schema"], components))
            found.append(Route(method, route, api=True, body=body, query=urlencode(required)))
    return found


def url_of(route: Route, objects: dict[str, str]) -> tuple[str | None, str | None]:
    """Return the route filled with the objects' ids, or a message why it cannot be."""
    values = []
    for before, param in zip(literals_before(route.route), params(route.route), strict=True):
        kind = kind_of(before, param.name)
        if kind is None:
            key = f"{'/'.join(before[-1:])}:{param.name}"
            return None, (
                f"{route}: the parameter {param.name!r} names no known kind of object; add "
                f'"{key}": "<kind>" to KINDS in tests/test_route_scoping.py (and make the '
                "object in world) so that this route is proved scoped"
            )
        if kind == "=month":
            values.append(objects["month"])
        elif kind.startswith("="):
            values.append(kind[1:])
        else:
            values.append(objects[kind])
    url = substitute(route.route, values)
    if route.query_id:
        kind = KINDS.get(f"?{route.query_id}")
        if kind is None:
            return None, (
                f"{route}: the query parameter {route.query_id!r} names no known kind of "
                f'object; add "?{route.query_id}": "<kind>" to KINDS in '
                "tests/test_route_scoping.py so that this route is proved scoped"
            )
        query = urlencode({route.query_id: objects[kind]})
        return f"{url}?{query}" + (f"&{route.query}" if route.query else ""), None
    return (f"{url}?{route.query}" if route.query else url), None


def shared(route: Route) -> bool:
    """Whether every object the route names is the installation's (``SHARED_KINDS``)."""
    pairs = zip(literals_before(route.route), params(route.route), strict=True)
    kinds = {kind_of(before, param.name) for before, param in pairs}
    return bool(kinds) and kinds <= SHARED_KINDS


def names_an_object(route: Route) -> bool:
    return bool(route.query_id) or any(p.name not in NOT_AN_OBJECT for p in params(route.route))


def ask(
    client: Client, route: Route, url: str, headers: dict[str, str] | None = None
) -> tuple[str, Any]:
    """Ask ``url`` as the route is meant to be asked; return the method used and the answer."""
    if route.api:
        method = getattr(client, route.method)
        if route.body is None:
            return route.method.upper(), method(url, headers=headers or {})
        content_type, body = route.body
        if content_type == "multipart/form-data":
            return route.method.upper(), method(url, rewound(body), headers=headers or {})
        answer = method(url, json.dumps(body), content_type=content_type, headers=headers or {})
        return route.method.upper(), answer
    answer = client.get(url)
    if answer.status_code == 405:
        return "POST", client.post(url, {})
    return "GET", answer


def empty_list(answer: Any) -> bool:
    """Whether ``answer`` is an empty list: what a list filtered by an object outside the
    user's scope may answer instead of 404, as it answers for an object that does not exist.
    """
    if answer.status_code != 200 or "json" not in answer.get("Content-Type", ""):
        return False
    found = answer.json()
    return found == [] or (isinstance(found, dict) and found.get("items") == [])


def refused_for_role(route: Route, who: str) -> str | None:
    """Return why ``who`` is refused ``route`` whatever the object, if it is listed."""
    for prefix, roles, reason in REFUSED_FOR_ROLE:
        if route.route.lstrip("/").startswith(prefix) and who in roles:
            return reason
    return None


def scoping_failures(
    world: dict[str, Any],
    patterns: list[Any] | None = None,
    apis: list[tuple[NinjaAPI, str]] | None = None,
) -> tuple[list[str], int]:
    """Ask every route anonymously and as each outsider; return what was wrong, and how many
    routes were asked.

    A 403 is accepted only where ``REFUSED_FOR_ROLE`` lists it, and only when the user of
    the same role in 冷碛镇 is refused too (so it is the role that is refused, not the
    object). A route read with GET must answer one of 冷碛镇's own users something else than
    404 or 403 (or than an empty list where an outsider got one): otherwise its 404 proves
    nothing, the object filled in is the wrong one.
    """
    objects: dict[str, str] = world["objects"]
    users: dict[str, dict[str, User]] = {"outside": world["outsiders"], "inside": world["insiders"]}
    clients: dict[str, dict[str, Client]] = {}
    tokens: dict[str, dict[str, dict[str, str]]] = {}
    for side, accounts in users.items():
        clients[side] = {who: logged_in(user) for who, user in accounts.items()}
        tokens[side] = {who: bearer(user) for who, user in accounts.items()}
    anonymous = Client()
    for client in (anonymous, *clients["outside"].values(), *clients["inside"].values()):
        client.raise_request_exception = False
    login = resolve_url(settings.LOGIN_URL)
    failures: list[str] = []
    asked = 0

    def as_user(side: str, who: str, route: Route, url: str) -> tuple[str, Any]:
        if route.api:
            return ask(anonymous, route, url, tokens[side][who])
        return ask(clients[side][who], route, url)

    def outsider_failures(route: Route, who: str, method: str, url: str, answer: Any) -> list[str]:
        if answer.status_code == 404 or (method == "POST" and answer.status_code == 405):
            return []
        if answer.status_code == 403 and refused_for_role(route, who):
            if method == "POST" and not route.api:
                own = clients["inside"][who].post(url, {})
            else:
                _, own = as_user("inside", who, route, url)
            if own.status_code == 403:
                return []
            return [
                f"{method} {url}: listed as refused to every {who}, but the {who} of "
                f"冷碛镇 gets {own.status_code}; it is the object that is refused, so 404"
            ]
        return [f"{method} {url} as {who} of 兴隆镇: {answer.status_code}, not 404"]

    def shared_failures(route: Route, url: str) -> list[str]:
        """An object of the installation: each outsider answered as the insider of the same
        role, and someone (a county leader at least) finds it."""
        problems, own_answers = [], []
        for who in users["outside"]:
            method, answer = as_user("outside", who, route, url)
            _, own = as_user("inside", who, route, url)
            pairs = [(method, answer, own)]
            if not route.api and method == "GET":
                posted = (clients[side][who].post(url, {}) for side in ("outside", "inside"))
                pairs.append(("POST", *posted))
            problems += [
                f"{asked} {url} as {who} of 兴隆镇: {theirs.status_code}, but "
                f"{ours.status_code} in 冷碛镇; an object of the installation is answered alike"
                for asked, theirs, ours in pairs
                if theirs.status_code != ours.status_code
            ]
            own_answers.append(own)
        if route.api and route.method != "get":
            return problems
        leader = world["county_leader"]
        if route.api:
            own_answers.append(ask(anonymous, route, url, bearer(leader))[1])
        else:
            own_answers.append(logged_in(leader).get(url))
        if all(a.status_code in (403, 404) for a in own_answers):
            problems.append(f"GET {url} answers 404 or 403 to everyone: fix KINDS or world")
        return problems

    for route in every_route(patterns, apis):
        url, problem = url_of(route, objects)
        if url is None:
            failures.append(str(problem))
            continue
        asked += 1
        if not route.api and (shadow := resolve(url).route) != route.route:
            failures.append(f"{url} reaches {shadow!r}, listed before {route.route!r}")
        method, answer = ask(anonymous, route, url)
        where = answer.get("Location", "")
        if route.api and answer.status_code != 401:
            failures.append(f"{method} {url} anonymous: {answer.status_code}, not 401")
        elif not route.api and (answer.status_code != 302 or not where.startswith(login)):
            failures.append(f"{method} {url} anonymous: {answer.status_code}, not sent to {login}")
        if not names_an_object(route):
            continue
        if shared(route):
            failures += shared_failures(route, url)
            continue
        filtered_empty = False
        for who in users["outside"]:
            method, answer = as_user("outside", who, route, url)
            if route.query_id and empty_list(answer):
                filtered_empty = True
                continue
            failures += outsider_failures(route, who, method, url, answer)
            if not route.api and method == "GET":
                # A page's form is posted to the same address: POST is scoped too.
                posted = clients["outside"][who].post(url, {})
                failures += outsider_failures(route, who, "POST", url, posted)
        # Read routes only, so that nothing is changed by 冷碛镇's own users
        if route.api and route.method != "get":
            continue
        if route.api:
            own_answers = [as_user("inside", who, route, url)[1] for who in users["inside"]]
        elif route.route in COUNTY_ONLY:
            own_answers = [logged_in(world["county"]).get(url)]
        else:
            own_answers = [clients["inside"][who].get(url) for who in users["inside"]]
        if any(a.status_code == 405 for a in own_answers):
            continue
        found = [
            a
            for a in own_answers
            if a.status_code not in (403, 404) and not (filtered_empty and empty_list(a))
        ]
        if not found:
            failures.append(
                f"GET {url} answers 404 or 403 to 冷碛镇's own users too: no object of the "
                "route's kind is behind the id the test fills in; fix KINDS or world"
            )
    return failures, asked


@pytest.fixture
def world(region: Region, township_worker: User, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """One object of every kind in 冷碛镇, and a worker, leader and helper of 兴隆镇."""
    worker = township_worker
    today = timezone.localdate()
    month = today.replace(day=1)
    person = factories.pupil(worker, region.lengqi_school, "周小燕", 1, categories=("left_behind",))
    helper = factories.user(unit=region.lengqi_school, role=Role.HELPER, full_name="张丽")
    pairing = pairing_start(
        acting_user=worker,
        person=person,
        role=HelperRole.CLASS_TEACHER,
        started_on=today - timedelta(days=30),
        helper=helper,
    )
    record = care_log.care_record_add(
        acting_user=helper,
        persons=[person],
        data=care_log.RecordData(kind=CareKind.TALK, occurred_on=today, summary="谈心"),
    )
    plan = plans.plan_create(
        acting_user=worker,
        person=person,
        data=plans.PlanData(
            domain=PlanDomain.STUDY,
            goals="按时完成作业",
            measures="每周陪伴学习一次",
            starts_on=today,
            ends_on=today + timedelta(days=90),
            responsible=helper,
        ),
    )
    progress.progress_entry_add(
        acting_user=helper, person=person, kind=ProgressKind.AWARD, on=today, title="三好学生"
    )
    # The rows made directly get ids of their own (101, 102 …), so that a kind mapped to
    # the wrong route in KINDS fills in an id with nothing behind it, and the check that
    # 冷碛镇's own users find the object fails.
    pks = itertools.count(101)
    evaluation = TermEvaluation.objects.create(
        pk=next(pks),
        person=person,
        term="2026春",
        conduct="good",
        study="good",
        life_skills="good",
        mental_state="good",
        author=helper,
        written_on=today,
    )
    ledger = PocketMoneyAccount.objects.create(
        pk=next(pks), person=person, keeper=worker, opened_on=today
    )
    warning = CareWarning.objects.create(
        pk=next(pks),
        org_unit=region.lengqi,
        person=person,
        kind="no_care",
        key=f"no_care:{person.pk}",
        message="一个月没有关爱记录",
        raised_on=today,
    )
    risk = RiskAssessment.objects.create(
        pk=next(pks), person=person, level="high", reason="情绪低落"
    )
    rule = FrequencyRule.objects.create(
        pk=next(pks), org_unit=region.lengqi, code="talk", name="谈心", period="month"
    )
    transfer = Transfer.objects.create(
        pk=next(pks),
        person=person,
        from_unit=region.lengqi_school,
        to_unit=region.ganlusi,
        reason="搬家",
    )
    entitlement = Entitlement.objects.create(
        pk=next(pks), person=person, item="orphan_scattered", started_on=month, reason="父母双亡"
    )
    roll = PaymentRoll.objects.create(pk=next(pks), org_unit=region.lengqi, month=month)
    zero = Decimal("0")
    claim = MedicalClaim.objects.create(
        pk=next(pks),
        person=person,
        hospital="泸定县人民医院",
        admitted=today - timedelta(days=3),
        discharged=today,
        **dict.fromkeys(
            (
                "total_cost",
                "insurance_paid",
                "ineligible_cost",
                "eligible_out_of_pocket",
                "medical_assistance",
                "second_assistance",
                "hospital_allowance",
                "lump_sum",
                "temporary",
                "total",
            ),
            zero,
        ),
    )
    report = MonthlyReport.objects.create(
        pk=next(pks), org_unit=region.lengqi, month=month, deadline=today + timedelta(days=5)
    )
    bulletin = Bulletin.objects.create(
        pk=next(pks), org_unit=region.lengqi, month=month, title="冷碛镇简报"
    )
    sheet = AssessmentSheet.objects.create(
        pk=next(pks), org_unit=region.lengqi, year=today.year, title="考核"
    )
    item = AssessmentItem.objects.create(
        pk=next(pks), sheet=sheet, name="工作台账", weight=100, kind="manual"
    )
    info = InfoReport.objects.create(
        pk=next(pks),
        org_unit=region.lengqi,
        kind="report",
        title="冷碛镇开展关爱活动",
        event_date=today,
        text="活动内容",
        first_submitted_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    event = event_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="安全讲座",
            kind="lecture",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
        ),
    )
    event_series = event_series_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="家园联系册",
            kind="contact_book",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
        ),
        recurrence=Recurrence("monthly", timezone.localdate() + timedelta(days=40)),
    )[0].series
    group = factories.org_unit(
        parent=region.lengqi, kind=OrgKind.VOLUNTEER_GROUP, name="冷碛镇志愿者服务队"
    )
    volunteer = volunteer_add(
        acting_user=SYSTEM,
        group=group,
        data=VolunteerData(name="志愿者小王", phone="13912345678", joined_on=today),
    )
    visit_event = event_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="志愿者走进学校",
            kind="volunteer_visit",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
        ),
    )
    visit = visit_open(acting_user=worker, event=visit_event, group=group, volunteer_cap=10)
    [visit_role] = visit_sign_up(acting_user=SYSTEM, visit=visit, volunteers=[volunteer])
    need = Need.objects.create(
        pk=next(pks),
        org_unit=region.lengqi_school,
        item="餐桌",
        quantity=4,
        measure="张",
        posted_on=today,
    )
    fund = CharityFund.objects.create(
        pk=next(pks), org_unit=region.lengqi, name="冷碛镇慈善基金", opened_on=today
    )
    donation = Donation.objects.create(
        pk=next(pks),
        org_unit=region.lengqi,
        donor_kind="person",
        donor_name="李明",
        kind="cash",
        amount=Decimal("100"),
        on=today,
        destination="unit",
    )
    grant = Grant.objects.create(
        pk=next(pks),
        fund=fund,
        org_unit=region.lengqi_school,
        amount=Decimal("10"),
        reason="购置餐桌",
        requested_on=today,
    )
    campaign = Campaign.objects.create(pk=next(pks), fund=fund, title="慈善日", on=today)
    acknowledgement = acknowledgement_make(acting_user=SYSTEM, visit=visit)
    institution_unit = factories.org_unit(
        parent=region.lengqi,
        kind=OrgKind.INSTITUTION,
        name="冷碛镇阳光家园",
        code=make_uscc("5", "2", "513322", "MJ0000001"),
    )
    institution = institution_profile_save(
        acting_user=SYSTEM,
        unit=institution_unit,
        data=ProfileData(type="residential", operator="social", premises="own"),
    )
    institution_staff = staff_add(
        acting_user=SYSTEM,
        institution=institution,
        data=StaffData(name="王院长", role="manager", birth_date=date(1975, 1, 1)),
        today=today,
    )
    # A village issues no standard; one made here is read in 冷碛镇 and nowhere beside it
    # (and, above no institution, changes no checklist).
    standard = Standard.objects.create(
        code="local-ganlusi",
        version=1,
        title="甘露寺村规范",
        valid_from=today,
        org_unit=region.ganlusi,
    )
    resident = Resident.objects.create(
        institution=institution,
        person=person,
        mode="residential",
        decision="admitted",
        applied_on=today,
        started_on=today,
    )
    service_log = ServiceLog.objects.create(
        resident=resident, on=today, type="daily_care", minutes=30
    )
    placement = Placement.objects.create(
        resident=resident, employer="泸定县茶厂", job="包装工", started_on=today
    )
    assessment_save(
        acting_user=SYSTEM,
        institution=institution,
        data=AssessmentData(year=2026, respondents=10, satisfied=9),
        today=today,
    )
    settings.MEDIA_ROOT = str(tmp_path)
    evidence_photo = EvidencePhoto(
        item_check=ItemCheck.objects.create(
            institution=institution, ref="机构-1", status="met", checked_on=today
        ),
        content_type="image/png",
        size=len(PNG),
    )
    evidence_photo.file.save("evidence.png", ContentFile(PNG))
    letter_round = round_create(
        acting_user=worker,
        org_unit=region.lengqi,
        occasion=next(iter(letter_occasions(today, today + timedelta(days=60)))).key,
        title="亲情书信",
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )
    letter = letter_round.letters.get()
    scan = LetterScan(letter=letter, content_type="image/png", size=len(PNG))
    scan.file.save("letter.png", ContentFile(PNG))
    photo = InfoPhoto(pk=next(pks), report=info, content_type="image/png", size=len(PNG))
    photo.file.save("photo.png", ContentFile(PNG))
    event_photo = EventPhoto(event=event, content_type="image/png", size=len(PNG))
    event_photo.file.save("event.png", ContentFile(PNG))
    record_photo = CareRecordPhoto(record=record, content_type="image/png", size=len(PNG))
    record_photo.file.save("visit.png", ContentFile(PNG))
    # A renovation asked for the pupil, approved, its survey recorded with a photo.
    inkind_seeded.seed(InkindService)
    inkind_request = inkind_requests.application_create(
        worker,
        person=person,
        service=InkindService.objects.get(code="housing_renovation"),
        source="office",
    )
    inkind_request = inkind_requests.application_decide(
        SYSTEM, inkind_request, version=inkind_request.version, approve=True
    )
    inkind_record = inkind_requests.stage_record(
        worker,
        inkind_request,
        version=inkind_request.version,
        stage="survey",
        photos=[SimpleUploadedFile("house.png", PNG, "image/png")],
    )
    # The county's supervision visit to 冷碛镇, its finding reported with a photo.
    governance_visit = visit_record(
        SYSTEM,
        VisitData(
            org_unit=region.county,
            inspected=region.lengqi,
            visited_on=today,
            team="县关爱办",
            findings=[FindingData("台账不全", "补齐台账", today + timedelta(days=7), None)],
        ),
    )
    governance_rectification = governance_visit.rectifications.get()
    governance_report = rectification_report(
        SYSTEM,
        governance_rectification,
        version=governance_rectification.version,
        text="已补齐",
        photos=[SimpleUploadedFile("ledger.png", PNG, "image/png")],
    )
    errors = tmp_path / "errors.xlsx"
    errors.write_bytes(b"PK")
    token, _key = api_token_create(user=worker, name="冷碛镇脚本")
    notification = Notification.objects.create(
        recipient=worker, kind="care_due", key="2026-W49", count=2, link="/care/"
    )
    admin = factories.user(unit=region.lengqi, role=Role.SYSADMIN)
    org_import = OrgImport.objects.create(token="orgjob", user=admin, file_name="orgs.xlsx")
    written = export_jobs.export_dir() / "exportjob.xlsx"
    written.write_bytes(b"PK")
    export_job = ExportJob.objects.create(
        token="exportjob",
        user=worker,
        kind="roster",
        file_name="花名册.xlsx",
        status=ExportStatus.DONE,
        path=str(written),
    )
    roster_import = RosterImport.objects.create(
        token="rosterjob",
        user=worker,
        org_unit=region.lengqi,
        kind="children",
        file_name="roster.xlsx",
        errors_path=str(errors),
    )
    activity_plan = plan_create_from_template(
        acting_user=worker,
        org_unit=region.lengqi_school,
        template_code="school_caring",
        school_year=today.year,
    )
    questionnaire = Questionnaire.objects.create(
        pk=next(pks), org_unit=region.lengqi_school, title="冷碛镇中心小学留守儿童调查"
    )
    form_version = FormVersion.objects.create(
        pk=next(pks), questionnaire=questionnaire, number=1, definition=SMALL_FORM
    )
    survey_round = survey_rounds.round_create(
        acting_user=worker,
        unit=region.lengqi,
        title="春季摸底排查",
        form=small_form(),
        starts_on=today,
        ends_on=today + timedelta(days=30),
    )
    # Answers given, so that reading them is not 404 for 冷碛镇's own users.
    answers_save(
        acting_user=worker,
        case=survey_round.cases.get(person=person),
        key=uuid.uuid4(),
        answers={"guardian": "grand"},
        complete=False,
        saved_at=timezone.now(),
    )
    inkind_target = ServiceTarget.objects.create(
        target=GovernanceTarget.objects.create(
            pk=next(pks),
            org_unit=region.lengqi,
            title="冷碛镇轮椅应配尽配",
            source="inkind.all_served",
            base_year=today.year,
            final_year=today.year + 2,
            baseline=0,
            goal=100,
        ),
        service=InkindService.objects.get(code="wheelchair"),
    )
    # A target of 冷碛镇 whose figures are entered by hand.
    governance_target = GovernanceTarget.objects.create(
        pk=next(pks),
        org_unit=region.lengqi,
        title="三年内消除散居特困户危房",
        value_kind="count",
        direction="down",
        base_year=today.year,
        final_year=today.year + 2,
        baseline=5,
        goal=0,
    )
    # 冷碛镇's leading group with a member, and its draft plan with a task.
    governance_group = LeadingGroup.objects.create(
        pk=next(pks), org_unit=region.lengqi, name="爱心帮扶工作领导小组", established_on=today
    )
    governance_member = GroupMember.objects.create(
        pk=next(pks), group=governance_group, post=Post.LEADER, name="王耀亮", start_on=today
    )
    governance_plan = WorkPlan.objects.create(
        pk=next(pks), org_unit=region.lengqi, year=today.year, title="冷碛镇年度工作计划"
    )
    governance_plan_task = PlanTask.objects.create(
        pk=next(pks), plan=governance_plan, month=3, title="摸底排查"
    )
    # A deaths list of 冷碛镇 and the finding it raised about the pupil.
    crosscheck_list = CheckList.objects.create(
        pk=next(pks),
        org_unit=region.lengqi,
        kind="deaths",
        source="县公安局",
        purpose="月度比对",
        as_of=today,
        file_name="deaths.csv",
    )
    crosscheck_finding = Finding.objects.create(
        pk=next(pks),
        kind="death_active_file",
        list_kind="deaths",
        org_unit=region.lengqi,
        person=person,
        key=person.id_hash,
        name=person.name,
        facts={"death_date": today.isoformat()},
        first_list=crosscheck_list,
        last_list=crosscheck_list,
    )
    # A practical matter of 冷碛镇 with a progress update and its photo.
    governance_matter = matter_create(
        SYSTEM,
        unit=region.lengqi,
        year=today.year,
        data=MatterData(
            title="为留守儿童开通亲情电话",
            lead_unit=region.lengqi,
            owner=worker,
            deadline=date(today.year, 12, 31),
        ),
    )
    matter_progress(
        SYSTEM,
        governance_matter,
        version=governance_matter.version,
        on=today,
        text="已开通",
        photos=[SimpleUploadedFile("phone.png", PNG, "image/png")],
    )
    objects = {
        "governance_matter": governance_matter.pk,
        "governance_matter_photo": MatterPhoto.objects.get().pk,
        "crosscheck_list": crosscheck_list.pk,
        "crosscheck_finding": crosscheck_finding.pk,
        "inkind_target": inkind_target.pk,
        "governance_group": governance_group.pk,
        "governance_member": governance_member.pk,
        "governance_plan": governance_plan.pk,
        "governance_plan_task": governance_plan_task.pk,
        "governance_target": governance_target.pk,
        "questionnaire": questionnaire.pk,
        "form_version": form_version.pk,
        "survey_round": survey_round.pk,
        "survey_case": survey_round.cases.get(person=person).pk,
        "activity_plan": activity_plan.pk,
        "activity_plan_item": activity_plan.items.last().pk,  # type: ignore[union-attr]
        "unit": region.lengqi.pk,
        "user": worker.pk,
        "helper": helper.pk,
        "username": worker.username,
        "membership": Membership.objects.get(user=worker).pk,
        "token": token.pk,
        "org_import": org_import.token,
        "roster_import": roster_import.token,
        "export_job": export_job.token,
        "person": person.pk,
        "category": person.categories.get().pk,
        "contact": person.contacts.first().pk,
        "transfer": transfer.pk,
        "pairing": pairing.pk,
        "care_record": record.pk,
        "care_record_photo": record_photo.pk,
        "risk": risk.pk,
        "rule": rule.pk,
        "plan": plan.pk,
        "evaluation": evaluation.pk,
        "ledger": ledger.pk,
        "warning": warning.pk,
        "entitlement": entitlement.pk,
        "roll": roll.pk,
        "claim": claim.pk,
        "monthly_report": report.pk,
        "bulletin": bulletin.pk,
        "sheet": sheet.pk,
        "sheet_item": item.pk,
        "info_report": info.pk,
        "info_photo": photo.pk,
        "event": event.pk,
        "event_series": event_series.pk,  # type: ignore[union-attr]
        "letter_round": letter_round.pk,
        "letter": letter.pk,
        "letter_scan": scan.pk,
        "event_photo": event_photo.pk,
        "volunteer": volunteer.pk,
        "visit": visit.pk,
        "visit_role": visit_role.pk,
        "volunteer_group": group.pk,
        "need": need.pk,
        "donation": donation.pk,
        "fund": fund.pk,
        "grant": grant.pk,
        "campaign": campaign.pk,
        "acknowledgement": acknowledgement.pk,
        "institution": institution_unit.pk,
        "institution_staff": institution_staff.pk,
        "standard": standard.pk,
        "resident": resident.pk,
        "service_log": service_log.pk,
        "placement": placement.pk,
        "evidence_photo": evidence_photo.pk,
        "inkind_request": inkind_request.pk,
        "inkind_stage_photo": inkind_record.photos.get().pk,
        "inkind_service": InkindService.objects.get(code="wheelchair").pk,
        "governance_visit": governance_visit.pk,
        "notification": notification.pk,
        "governance_rectification": governance_rectification.pk,
        "governance_rectification_photo": governance_report.photos.get().pk,
        "month": month.strftime("%Y-%m"),
    }
    insiders = {
        "worker": worker,
        "leader": factories.user(unit=region.lengqi, role=Role.LEADER),
        "helper": helper,
        "sysadmin": admin,
    }
    outsiders = {
        "worker": factories.user(unit=region.xinglong, role=Role.WORKER),
        "leader": factories.user(unit=region.xinglong, role=Role.LEADER),
        "helper": factories.user(unit=region.xinglong_school, role=Role.HELPER),
        "sysadmin": factories.user(unit=region.xinglong, role=Role.SYSADMIN),
    }
    return {
        "objects": {k: str(v) for k, v in objects.items()},
        "outsiders": outsiders,
        "insiders": insiders,
        "county": factories.user(unit=region.county, role=Role.WORKER),
        "county_leader": factories.user(unit=region.county, role=Role.LEADER),
    }


def test_every_route_is_scoped_to_the_township_of_its_object(world: dict[str, Any]) -> None:
    failures, asked = scoping_failures(world)

    assert failures == [], "\n".join(failures)
    # And the walk did ask the pages and the API operations (both lists are long)
    assert asked > 150, asked


# --- The test of the test ---------------------------------------------------------------


def _unscoped(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that forgets to scope: any logged-in user reads any person's name."""
    if not request.user.is_authenticated:
        return HttpResponse(status=302, headers={"Location": resolve_url(settings.LOGIN_URL)})
    return HttpResponse(Person.objects.get(pk=pk).name)


def _unknown(request: HttpRequest, widget_pk: int) -> HttpResponse:
    return HttpResponse(status=404)


UNSCOPED = [path("persons/<int:pk>/leak/", _unscoped)]
UNKNOWN = [path("widgets/<int:widget_pk>/", _unknown)]
# The month page's deadline form as it was: listed after the month page, never reached.
SHADOWED = [
    path("shadowed/monthly/<int:unit>/<str:month>/", _unknown),
    path("shadowed/monthly/<int:unit>/deadline/", _unknown),
]
# An API operation that forgets to scope, served under /leak-api/ (a GuanaiAPI, so that, as
# the project's API, it answers for itself rather than through LoginRequiredMiddleware).
leak_api = GuanaiAPI(urls_namespace="leak_api", auth=[TokenAuth()])


@leak_api.get("/persons/{person_id}/name")
def _api_unscoped(request: HttpRequest, person_id: int) -> dict[str, str]:
    return {"name": Person.objects.get(pk=person_id).name}


# The project's routes and the ones above: the URL conf of the tests of the test.
urlpatterns = [
    *UNSCOPED,
    *UNKNOWN,
    *SHADOWED,
    path("leak-api/", leak_api.urls),
    path("", include(settings.ROOT_URLCONF)),
]


@pytest.mark.urls(__name__)
def test_the_test_fails_on_a_route_that_is_not_scoped(world: dict[str, Any]) -> None:
    failures, asked = scoping_failures(world, UNSCOPED, [])

    assert asked == 1
    # Then it fails, naming the route, each outsider, and what they got
    assert failures == [
        f"{method} /persons/{world['objects']['person']}/leak/ as {who} of 兴隆镇: 200, not 404"
        for who in ("worker", "leader", "helper", "sysadmin")
        for method in ("GET", "POST")
    ]


@pytest.mark.urls(__name__)
def test_the_test_fails_on_a_route_whose_object_it_does_not_know(world: dict[str, Any]) -> None:
    failures, asked = scoping_failures(world, UNKNOWN, [])

    assert asked == 0
    assert len(failures) == 1
    assert "'widget_pk' names no known kind of object" in failures[0]
    assert '"widgets:widget_pk": "<kind>" to KINDS' in failures[0]


@pytest.mark.urls(__name__)
def test_the_test_fails_on_a_route_that_an_earlier_one_hides(world: dict[str, Any]) -> None:
    failures, _asked = scoping_failures(world, SHADOWED, [])

    unit = world["objects"]["unit"]
    assert (
        f"/shadowed/monthly/{unit}/deadline/ reaches 'shadowed/monthly/<int:unit>/<str:month>/', "
        "listed before 'shadowed/monthly/<int:unit>/deadline/'"
    ) in failures


@pytest.mark.urls(__name__)
def test_the_test_fails_on_an_api_operation_that_is_not_scoped(world: dict[str, Any]) -> None:
    failures, asked = scoping_failures(world, [], [(leak_api, "/leak-api/")])

    assert asked == 1
    assert failures == [
        f"GET /leak-api/persons/{world['objects']['person']}/name as {who} of 兴隆镇: 200, not 404"
        for who in ("worker", "leader", "helper", "sysadmin")
    ]
