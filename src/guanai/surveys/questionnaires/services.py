"""Writes of questionnaires: create one, copy one into a unit, save a draft, publish it, start
a new version.

A draft is edited; publishing freezes it (a published version is never changed: rounds
and answers keep the version they were given on); changing a published form makes a new
draft, numbered one higher, copied from the newest published version. Each save of a draft
carries the ``edits`` counter the page was opened at, so two people editing one draft do
not undo each other (``StaleEdit``). Every write is audited by django-auditlog (the app
registers its models); a publication is written in the access log as well.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of, require_actor
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AuditAction
from guanai.core.text import fits, within
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category
from guanai.surveys import engine
from guanai.surveys.models import FormStatus, FormVersion, Questionnaire
from guanai.surveys.questionnaires.access import can_write_in

PURPOSE_MAX = 1000
SECTIONS_MAX = 50
# A definition's JSON text: room for the engine's largest form, no more.
DEFINITION_MAX = 400_000


def starter_definition() -> dict[str, Any]:
    """Return the definition of a new questionnaire: one empty section."""
    return {"sections": [{"title": _("Part 1"), "questions": []}]}


def _require_writer(actor: Actor, unit: OrgUnit | None) -> None:
    require_actor(actor)
    if not can_write_in(actor, unit):
        raise PermissionRefused(
            _("Only a leader or worker of a county or a school writes its questionnaires.")
        )


def _categories(categories: list[str]) -> list[str]:
    known = set(Category.values)
    if not categories:
        raise ValidationFailed(
            _("Choose the persons the questionnaire is for."), field="categories"
        )
    if any(c not in known for c in categories) or len(set(categories)) != len(categories):
        raise ValidationFailed(_("Choose categories from the list."), field="categories")
    return list(categories)


def _title(title: str, unit: OrgUnit) -> str:
    title = fits(title.strip(), Questionnaire, "title")
    if not title:
        raise ValidationFailed(_("Give the questionnaire a title."), field="title")
    taken = Questionnaire.objects.filter(org_unit=unit, title=title, archived_at__isnull=True)
    if taken.exists():
        raise ValidationFailed(
            _("%(unit)s already has a questionnaire “%(title)s”.")
            % {"unit": unit.name, "title": title},
            field="title",
        )
    return title


@transaction.atomic
def questionnaire_create(
    *,
    acting_user: Actor,
    unit: OrgUnit,
    title: str,
    purpose: str,
    categories: list[str],
) -> Questionnaire:
    """Create a questionnaire of ``unit`` with a draft version 1 of one empty section."""
    _require_writer(acting_user, unit)
    title = _title(title, unit)
    purpose = within(purpose.strip(), PURPOSE_MAX, field="purpose")
    questionnaire = Questionnaire.objects.create(
        org_unit=unit,
        title=title,
        purpose=purpose,
        categories=_categories(categories),
        created_by=account_of(acting_user),
    )
    FormVersion.objects.create(
        questionnaire=questionnaire, number=1, definition=starter_definition()
    )
    return questionnaire


def _copy_title(title: str, unit: OrgUnit) -> str:
    """Return ``title``, or ``title（副本）``, ``title（副本2）``… when the unit has it."""
    taken = set(
        Questionnaire.objects.filter(org_unit=unit, archived_at__isnull=True).values_list(
            "title", flat=True
        )
    )
    candidate, n = title, 1
    while candidate in taken:
        suffix = _("(copy)") if n == 1 else _("(copy %(n)d)") % {"n": n}
        candidate = f"{title}{suffix}"
        n += 1
    return candidate


@transaction.atomic
def questionnaire_copy(
    *, acting_user: Actor, source_version: FormVersion, unit: OrgUnit
) -> Questionnaire:
    """Copy a version of a questionnaire (a built-in one or another unit's) into ``unit``
    as a new questionnaire whose draft version 1 has the same questions."""
    _require_writer(acting_user, unit)
    source = source_version.questionnaire
    title = _copy_title(source.title, unit)
    fits(title, Questionnaire, "title")
    questionnaire = Questionnaire.objects.create(
        org_unit=unit,
        title=title,
        purpose=source.purpose,
        categories=list(source.categories),
        created_by=account_of(acting_user),
    )
    FormVersion.objects.create(
        questionnaire=questionnaire,
        number=1,
        definition=copy.deepcopy(source_version.definition),
    )
    return questionnaire


def _questions_in(definition: Any) -> int:
    sections = definition.get("sections") if isinstance(definition, dict) else None
    if not isinstance(sections, list):
        return -1
    return sum(
        len(s["questions"])
        for s in sections
        if isinstance(s, dict) and isinstance(s.get("questions"), list)
    )


def draft_check(definition: Any) -> None:
    """Refuse a draft's definition the engine cannot read; a draft may still have no
    question (its sections are checked), publishing needs one."""
    try:
        size = len(json.dumps(definition, ensure_ascii=False))
    except (TypeError, ValueError):
        raise ValidationFailed(_("The form is not JSON."), field="definition") from None
    if size > DEFINITION_MAX:
        raise ValidationFailed(_("The form is too large."), field="definition")
    if _questions_in(definition) == 0:
        sections = definition["sections"]
        if len(sections) > SECTIONS_MAX:
            raise ValidationFailed(
                _("A form has at most %(limit)d sections.") % {"limit": SECTIONS_MAX},
                field="definition",
            )
        placeholder = {"code": "placeholder", "type": "text", "label": "-"}
        probe = [dict(s) for s in sections]
        if probe and isinstance(probe[0], dict):
            probe[0]["questions"] = [placeholder]
        engine.form_read({"sections": probe})
        return
    form = engine.form_read(definition)
    if len(form.sections) > SECTIONS_MAX:
        raise ValidationFailed(
            _("A form has at most %(limit)d sections.") % {"limit": SECTIONS_MAX},
            field="definition",
        )


def _locked(version: FormVersion) -> FormVersion:
    return (
        FormVersion.objects.select_for_update(of=("self",))
        .select_related("questionnaire__org_unit")
        .get(pk=version.pk)
    )


def _refuse_published(version: FormVersion) -> None:
    if version.status != FormStatus.DRAFT:
        raise ValidationFailed(
            _("Version %(n)d is published and is never changed; make a new version.")
            % {"n": version.number},
            field="definition",
        )


@transaction.atomic
def draft_save(
    *, acting_user: Actor, version: FormVersion, definition: Any, edits: int
) -> FormVersion:
    """Save the whole definition of a draft opened at ``edits``; return it saved."""
    current = _locked(version)
    _require_writer(acting_user, current.questionnaire.org_unit)
    _refuse_published(current)
    if current.edits != edits:
        raise StaleEdit(
            _("Someone else changed this draft since you opened it; reload it and do it again.")
        )
    draft_check(definition)
    current.definition = definition
    current.edits += 1
    current.save(update_fields=["definition", "edits"])
    return current


@transaction.atomic
def version_publish(*, acting_user: Actor, version: FormVersion) -> FormVersion:
    """Publish a draft whose questions the engine reads; from now on it never changes."""
    current = _locked(version)
    _require_writer(acting_user, current.questionnaire.org_unit)
    _refuse_published(current)
    engine.form_read(current.definition)
    current.status = FormStatus.PUBLISHED
    current.published_at = timezone.now()
    current.published_by = account_of(acting_user)
    current.save(update_fields=["status", "published_at", "published_by"])
    access_log(
        user=account_of(acting_user),
        action=AuditAction.SURVEY_PUBLISH,
        obj=current.questionnaire,
        detail={"version": current.number, "form_version": current.pk},
    )
    return current


@transaction.atomic
def version_new(*, acting_user: Actor, questionnaire: Questionnaire) -> FormVersion:
    """Start a draft copied from the newest published version, numbered one higher."""
    locked = (
        Questionnaire.objects.select_for_update(of=("self",))
        .select_related("org_unit")
        .get(pk=questionnaire.pk)
    )
    _require_writer(acting_user, locked.org_unit)
    versions = FormVersion.objects.filter(questionnaire=locked)
    if versions.filter(status=FormStatus.DRAFT).exists():
        raise ValidationFailed(
            _("This questionnaire has a draft already: edit it, or publish it first.")
        )
    newest = versions.filter(status=FormStatus.PUBLISHED).order_by("-number").first()
    if newest is None:
        raise ValidationFailed(_("This questionnaire has no published version to copy."))
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return FormVersion.objects.create(
        questionnaire=locked, number=number, definition=copy.deepcopy(newest.definition)
    )
