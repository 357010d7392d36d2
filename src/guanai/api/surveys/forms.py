"""Questionnaires through the API: list them, read one with its versions and their
questions, create one, copy one into a unit, save a draft's questions, publish a draft,
start a new version.

The same services as the pages: a draft's ``definition`` is the JSON the engine reads
(``surveys.engine``), saved whole with the ``edits`` counter read (a stale one is 409); a
fault in it is 400 naming the question or section; a published version is never changed
(400). Scoped as the pages: a questionnaire off the caller's path is 404; one they only
read is 403 to change.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id, Text100, Text1000
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category
from guanai.surveys import questionnaires as qn
from guanai.surveys.models import FormStatus, FormVersion, Questionnaire

router = Router(tags=["surveys"])


class SurveyFormVersionOut(Schema):
    id: int
    number: int
    status: FormStatus
    published_at: datetime | None
    edits: int = Field(description="Send it back with a draft's new definition.")


class SurveyFormVersionFullOut(SurveyFormVersionOut):
    definition: dict[str, Any] = Field(description="The questions, as the engine reads them.")


class SurveyFormOut(Schema):
    id: int
    title: str
    purpose: str
    unit_id: int | None = Field(description="Empty: built into Guanai, used by every unit.")
    unit_name: str
    categories: list[str]
    published: SurveyFormVersionOut | None = Field(description="The newest published version.")
    draft: SurveyFormVersionOut | None
    can_edit: bool


class SurveyFormPage(Schema):
    items: list[SurveyFormOut]
    count: int


class SurveyFormDetailOut(SurveyFormOut):
    versions: list[SurveyFormVersionFullOut] = Field(description="Newest first.")


class SurveyFormIn(Schema):
    unit_id: Id
    title: Text100
    purpose: Text1000 = ""
    categories: list[Category] = Field(min_length=1, max_length=len(Category.values))


class SurveyFormCopyIn(Schema):
    unit_id: Id
    version: int | None = Field(
        None, ge=1, le=32767, description="The version copied; empty: the newest published."
    )


class SurveyDraftIn(Schema):
    definition: dict[str, Any]
    edits: int = Field(ge=0, le=2**31 - 1, description="The edits counter read.")


def _version_out(version: FormVersion | None) -> SurveyFormVersionOut | None:
    if version is None:
        return None
    return SurveyFormVersionOut(
        id=version.pk,
        number=version.number,
        status=FormStatus(version.status),
        published_at=version.published_at,
        edits=version.edits,
    )


def _form_out(user: User, row: qn.QuestionnaireRow) -> SurveyFormOut:
    q = row.questionnaire
    return SurveyFormOut(
        id=q.pk,
        title=q.title,
        purpose=q.purpose,
        unit_id=q.org_unit_id,
        unit_name=q.org_unit.name if q.org_unit else "",
        categories=list(q.categories),
        published=_version_out(row.published),
        draft=_version_out(row.draft),
        can_edit=qn.can_edit(user, q),
    )


def _detail(user: User, questionnaire: Questionnaire) -> SurveyFormDetailOut:
    versions = qn.versions_of(questionnaire)
    published = next((v for v in versions if v.status == FormStatus.PUBLISHED), None)
    draft = next((v for v in versions if v.status == FormStatus.DRAFT), None)
    out = _form_out(user, qn.QuestionnaireRow(questionnaire, published, draft))
    return SurveyFormDetailOut(
        **out.dict(),
        versions=[
            SurveyFormVersionFullOut(
                id=v.pk,
                number=v.number,
                status=FormStatus(v.status),
                published_at=v.published_at,
                edits=v.edits,
                definition=v.definition,
            )
            for v in versions
        ],
    )


def _unit(user: User, pk: int) -> OrgUnit:
    unit = scoping.org_units_visible(user).filter(pk=pk).first()
    if unit is None:
        raise ValidationFailed(_("Choose a unit of yours."), field="unit_id")
    return unit


@router.get("/surveys/forms", response={200: SurveyFormPage, **READ_ERRORS, **AUTH_ERRORS})
def form_list(request: HttpRequest, query: Query[Pages.Input]) -> SurveyFormPage:
    """List the questionnaires the caller sees: built-in first, then by unit."""
    user = acting_user(request)
    found = qn.questionnaires_listed(user)
    size = query.page_size or Pages().page_size
    start = (query.page - 1) * size
    rows = qn.rows_of(found[start : start + size])
    return SurveyFormPage(items=[_form_out(user, r) for r in rows], count=found.count())


@router.get(
    "/surveys/forms/{form_id}", response={200: SurveyFormDetailOut, **READ_ERRORS, **AUTH_ERRORS}
)
def form_detail(request: HttpRequest, form_id: Id) -> SurveyFormDetailOut:
    """Return a questionnaire with its versions (newest first) and their questions."""
    user = acting_user(request)
    return _detail(user, qn.access_questionnaire(user, form_id))


@router.post("/surveys/forms", response={201: SurveyFormDetailOut, **WRITE_ERRORS, **AUTH_ERRORS})
def form_create(request: HttpRequest, payload: SurveyFormIn) -> Status:
    """Create a questionnaire of a county or school with a draft version 1."""
    user = acting_user(request)
    questionnaire = qn.questionnaire_create(
        acting_user=user,
        unit=_unit(user, payload.unit_id),
        title=payload.title,
        purpose=payload.purpose,
        categories=[str(c) for c in payload.categories],
    )
    return Status(201, _detail(user, questionnaire))


@router.post(
    "/surveys/forms/{form_id}/copies",
    response={201: SurveyFormDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def form_copy(request: HttpRequest, form_id: Id, payload: SurveyFormCopyIn) -> Status:
    """Copy a version of a questionnaire into a unit as a new questionnaire (a draft)."""
    user = acting_user(request)
    source = qn.access_questionnaire(user, form_id)
    versions = qn.versions_of(source)
    if payload.version is None:
        chosen = next((v for v in versions if v.status == FormStatus.PUBLISHED), None)
    else:
        chosen = next((v for v in versions if v.number == payload.version), None)
    if chosen is None:
        raise ValidationFailed(_("The questionnaire has no such version."), field="version")
    copied = qn.questionnaire_copy(
        acting_user=user, source_version=chosen, unit=_unit(user, payload.unit_id)
    )
    return Status(201, _detail(user, copied))


@router.post(
    "/surveys/forms/{form_id}/versions",
    response={201: SurveyFormDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def form_version_new(request: HttpRequest, form_id: Id) -> Status:
    """Start a draft copied from the newest published version, numbered one higher."""
    user = acting_user(request)
    questionnaire = qn.access_questionnaire(user, form_id)
    qn.version_new(acting_user=user, questionnaire=questionnaire)
    return Status(201, _detail(user, questionnaire))


@router.put(
    "/surveys/form-versions/{version_id}",
    response={200: SurveyFormVersionFullOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def draft_save(
    request: HttpRequest, version_id: Id, payload: SurveyDraftIn
) -> SurveyFormVersionFullOut:
    """Save a draft's whole definition at the ``edits`` read."""
    user = acting_user(request)
    version = qn.access_version(user, version_id)
    saved = qn.draft_save(
        acting_user=user, version=version, definition=payload.definition, edits=payload.edits
    )
    return _full(saved)


@router.post(
    "/surveys/form-versions/{version_id}/publish",
    response={200: SurveyFormVersionFullOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def version_publish(request: HttpRequest, version_id: Id) -> SurveyFormVersionFullOut:
    """Publish a draft; from then on it never changes."""
    user = acting_user(request)
    version = qn.access_version(user, version_id)
    return _full(qn.version_publish(acting_user=user, version=version))


def _full(v: FormVersion) -> SurveyFormVersionFullOut:
    return SurveyFormVersionFullOut(
        id=v.pk,
        number=v.number,
        status=FormStatus(v.status),
        published_at=v.published_at,
        edits=v.edits,
        definition=v.definition,
    )
