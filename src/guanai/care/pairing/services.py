"""Starting and ending pairings (结对帮扶).

Only the roster keepers (leaders and workers) of a unit containing the person's unit pair
helpers and end pairings; a helper must work in the person's pairing area
(``eligibility``). A study buddy (学习帮手, 篇一) is a fellow pupil who may be named without
an account. Ending a pairing keeps it in the history; nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.care.models import HelperRole, Pairing
from guanai.care.pairing.eligibility import may_be_paired_in, pairing_areas
from guanai.care.permissions import can_edit_roster_of
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.text import column_limit, within
from guanai.registry.models import Person

# As many persons as a bulk pairing takes at once (a page of the list is 50).
BULK_LIMIT = 200
BUDDY_NAME_LENGTH = column_limit(Pairing, "buddy_name")
NOTE_LENGTH = column_limit(Pairing, "note")
REASON_LENGTH = column_limit(Pairing, "end_reason")


def _clean_input(
    *, helper: User | None, buddy_name: str, role: str, started_on: date, note: str
) -> tuple[str, str]:
    """Check what every new pairing needs; return the cleaned buddy name and note."""
    if role not in HelperRole.values:
        raise ValidationFailed(_("Choose the helper's role."), field="role")
    buddy_name = "".join(buddy_name.split())
    note = note.strip()
    if helper is None and not buddy_name:
        if role == HelperRole.STUDY_BUDDY:
            raise ValidationFailed(
                _("Choose the study buddy's account or enter the study buddy's name."),
                field="buddy_name",
            )
        raise ValidationFailed(_("Choose the helper."), field="helper")
    if buddy_name and role != HelperRole.STUDY_BUDDY:
        raise ValidationFailed(
            _("Only a study buddy is entered by name; choose other helpers' accounts."),
            field="buddy_name",
        )
    if buddy_name and helper is not None:
        raise ValidationFailed(
            _("Choose the study buddy's account or enter a name, not both."), field="buddy_name"
        )
    within(buddy_name, BUDDY_NAME_LENGTH, field="buddy_name")
    within(note, NOTE_LENGTH, field="note")
    if started_on > timezone.localdate():
        raise ValidationFailed(_("The start date is in the future."), field="started_on")
    return buddy_name, note


def _require_may_pair(acting_user: User, persons: Sequence[Person]) -> None:
    for person in persons:
        if not can_edit_roster_of(acting_user, person.org_unit):
            raise PermissionRefused(
                _("You may not pair helpers with persons of %(unit)s.")
                % {"unit": person.org_unit.name}
            )
        if person.archived_at is not None:
            raise ValidationFailed(
                _("The file of %(name)s is archived: no helper can be paired with it.")
                % {"name": person.name},
                field="persons",
            )


def _require_eligible(helper: User, persons: Sequence[Person]) -> None:
    """Refuse a helper who works outside the pairing area of one of the persons."""
    memberships = list(
        scoping.memberships_in_force().filter(user=helper).select_related("org_unit")
    )
    areas = pairing_areas({p.org_unit for p in persons})
    for person in persons:
        if not helper.is_active or not may_be_paired_in(memberships, areas[person.org_unit_id]):
            raise ValidationFailed(
                _("%(helper)s does not work in %(area)s and cannot be paired with %(name)s.")
                % {
                    "helper": helper.get_full_name(),
                    "area": areas[person.org_unit_id].name,
                    "name": person.name,
                },
                field="helper",
            )


def _duplicate_error(helper_name: str, role: str, names: Iterable[str]) -> ValidationFailed:
    return ValidationFailed(
        _("%(helper)s is paired with %(names)s as %(role)s already.")
        % {
            "helper": helper_name,
            "names": "、".join(sorted(names)),
            "role": HelperRole(role).label,
        },
        field="helper",
    )


def _start(
    acting_user: User,
    persons: Sequence[Person],
    *,
    helper: User | None,
    buddy_name: str,
    role: str,
    started_on: date,
    note: str,
) -> list[Pairing]:
    buddy_name, note = _clean_input(
        helper=helper, buddy_name=buddy_name, role=role, started_on=started_on, note=note
    )
    persons = list({p.pk: p for p in persons}.values())
    _require_may_pair(acting_user, persons)
    if helper is not None:
        _require_eligible(helper, persons)
    who = helper.get_full_name() if helper is not None else buddy_name
    open_now = Pairing.objects.filter(
        person__in=persons, role=role, ended_on__isnull=True
    ).select_related("person")
    if helper is not None:
        open_now = open_now.filter(helper=helper)
    else:
        open_now = open_now.filter(helper__isnull=True, buddy_name=buddy_name)
    taken = [p.person.name for p in open_now]
    if taken:
        raise _duplicate_error(who, role, taken)
    try:
        # A savepoint: a pairing made at the same moment by someone else breaks the unique
        # constraint, and the whole request is refused with the same message.
        with transaction.atomic():
            return [
                Pairing.objects.create(
                    person=person,
                    helper=helper,
                    buddy_name=buddy_name,
                    role=role,
                    started_on=started_on,
                    note=note,
                    created_by=acting_user,
                )
                for person in persons
            ]
    except IntegrityError:
        raise _duplicate_error(who, role, [p.name for p in persons]) from None


@transaction.atomic
def pairing_start(
    *,
    acting_user: User,
    person: Person,
    role: str,
    started_on: date,
    helper: User | None = None,
    buddy_name: str = "",
    note: str = "",
) -> Pairing:
    """Pair a helper (an account, or a study buddy by name) with a person from a date."""
    [pairing] = _start(
        acting_user,
        [person],
        helper=helper,
        buddy_name=buddy_name,
        role=role,
        started_on=started_on,
        note=note,
    )
    return pairing


@transaction.atomic
def pairings_start_bulk(
    *,
    acting_user: User,
    persons: Sequence[Person],
    helper: User,
    role: str,
    started_on: date,
    note: str = "",
) -> list[Pairing]:
    """Pair one helper in one role with a group of persons (a teacher takes a group).

    All or nothing: one person who cannot be paired refuses the whole group, with the
    reason, so that the clerk corrects the selection and sends it again.
    """
    if not persons:
        raise ValidationFailed(_("Tick the persons to pair."), field="persons")
    if len(persons) > BULK_LIMIT:
        raise ValidationFailed(
            _("Pair at most %(limit)s persons at once.") % {"limit": BULK_LIMIT}, field="persons"
        )
    return _start(
        acting_user,
        persons,
        helper=helper,
        buddy_name="",
        role=role,
        started_on=started_on,
        note=note,
    )


@transaction.atomic
def pairings_accept(
    *,
    acting_user: User,
    proposals: Sequence[tuple[Person, User, str]],
    started_on: date,
) -> list[Pairing]:
    """Start the proposed pairings (person, helper, role) that the worker accepted."""
    if not proposals:
        raise ValidationFailed(_("Tick the proposals to accept."), field="proposals")
    if len(proposals) > BULK_LIMIT:
        raise ValidationFailed(
            _("Pair at most %(limit)s persons at once.") % {"limit": BULK_LIMIT},
            field="proposals",
        )
    groups: dict[tuple[int, str], tuple[User, list[Person]]] = {}
    for person, helper, role in proposals:
        groups.setdefault((helper.pk, role), (helper, []))[1].append(person)
    made: list[Pairing] = []
    for (_pk, role), (helper, persons) in groups.items():
        made += _start(
            acting_user,
            persons,
            helper=helper,
            buddy_name="",
            role=role,
            started_on=started_on,
            note="",
        )
    return made


@transaction.atomic
def pairing_end(*, acting_user: User, pairing: Pairing, ended_on: date, reason: str) -> Pairing:
    """End a pairing on a date with a reason; it stays in the person's history."""
    pairing = (
        Pairing.objects.select_for_update(of=("self",))
        .select_related("person__org_unit", "helper")
        .get(pk=pairing.pk)
    )
    if not can_edit_roster_of(acting_user, pairing.person.org_unit):
        raise PermissionRefused(
            _("You may not end pairings of persons of %(unit)s.")
            % {"unit": pairing.person.org_unit.name}
        )
    if pairing.ended_on is not None:
        raise ValidationFailed(_("This pairing has ended already."), field="ended_on")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Enter why the pairing ends."), field="end_reason")
    within(reason, REASON_LENGTH, field="end_reason")
    if ended_on < pairing.started_on:
        raise ValidationFailed(
            _("The end date is before the pairing began (%(start)s).")
            % {"start": date_format(pairing.started_on)},
            field="ended_on",
        )
    if ended_on > timezone.localdate():
        raise ValidationFailed(_("The end date is in the future."), field="ended_on")
    pairing.ended_on = ended_on
    pairing.end_reason = reason
    pairing.save(update_fields=["ended_on", "end_reason"])
    return pairing
