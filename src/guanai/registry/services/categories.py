"""A person's categories: start and end them, their details and guardianship."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.errors import ValidationFailed
from guanai.core.text import fits
from guanai.registry import details as category_details
from guanai.registry.models import (
    Category,
    Person,
    PersonCategory,
)
from guanai.registry.services.access import require_open_file, require_roster_editor


@transaction.atomic
def category_start(
    *,
    acting_user: Actor,
    person: Person,
    category: str,
    on: date,
    details: dict[str, Any] | None = None,
    note: str = "",
) -> PersonCategory:
    """Put a person in a category from a date; one open span per category at a time.

    The details are checked against the category (``registry.details``).
    """
    require_roster_editor(acting_user, person.org_unit)
    require_open_file(person)
    if category not in Category.values:
        raise ValidationFailed(
            _("Unknown category “%(category)s”.") % {"category": category}, field="category"
        )
    if on > timezone.localdate():
        raise ValidationFailed(_("The start date is in the future."), field="started_on")
    if person.categories.filter(category=category, ended_on__isnull=True).exists():
        raise ValidationFailed(_("The person is in this category already."), field="category")
    cleaned = category_details.details_clean(category, details, id_number=person.id_number)
    return PersonCategory.objects.create(
        person=person,
        category=category,
        started_on=on,
        details=cleaned,
        note=_category_note(note),
    )


@transaction.atomic
def category_end(*, acting_user: Actor, entry: PersonCategory, on: date) -> PersonCategory:
    """End a category on a date (a parent came home); the span stays in the history."""
    require_roster_editor(acting_user, entry.person.org_unit)
    require_open_file(entry.person)
    if entry.ended_on is not None:
        raise ValidationFailed(_("This category has ended already."), field="ended_on")
    if on < entry.started_on:
        raise ValidationFailed(
            _("The end date is before the category began (%(start)s).")
            % {"start": date_format(entry.started_on)},
            field="ended_on",
        )
    entry.ended_on = on
    entry.save(update_fields=["ended_on"])
    return entry


def _category_note(note: str) -> str:
    return fits(" ".join(note.split()), PersonCategory, "note")


@transaction.atomic
def category_update_details(
    *,
    acting_user: Actor,
    entry: PersonCategory,
    details: dict[str, Any],
    note: str,
) -> PersonCategory:
    """Replace the details and the note of a category span with checked ones."""
    person = entry.person
    require_roster_editor(acting_user, person.org_unit)
    require_open_file(person)
    entry.details = category_details.details_clean(
        entry.category, details, id_number=person.id_number
    )
    entry.note = _category_note(note)
    entry.save(update_fields=["details", "note"])
    return entry


@transaction.atomic
def guardianship_assess(
    *, acting_user: Actor, person: Person, result: str, on: date
) -> PersonCategory:
    """Record how well a left-behind child is looked after (good, fair or poor) and when.

    The assessment is kept on the child's open left-behind category; the change log keeps
    the earlier ones.
    """
    require_roster_editor(acting_user, person.org_unit)
    require_open_file(person)
    entry = (
        PersonCategory.objects.select_for_update()
        .filter(person=person, category=Category.LEFT_BEHIND, ended_on__isnull=True)
        .first()
    )
    if entry is None:
        raise ValidationFailed(
            _("Guardianship is assessed for left-behind children; this person is not one now.")
        )
    assessed = category_details.clean_value(Category.LEFT_BEHIND, "guardianship", result)
    day = category_details.clean_value(Category.LEFT_BEHIND, "guardianship_assessed_on", on)
    entry.details = {**entry.details, "guardianship": assessed, "guardianship_assessed_on": day}
    entry.save(update_fields=["details"])
    return entry
