"""The roster (花名册) and case files (档案) through the API, scoped and checked like the pages.

Lists and files show ID and phone numbers masked; the full numbers come only from
``POST /persons/{id}/reveal``, for the roles that may see them, and every file opened or
revealed is written to the access log.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from enum import Enum
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.registry.schemas import (
    ArchiveIn,
    DuplicateOut,
    PersonDetailOut,
    PersonIn,
    PersonOut,
    PersonPatchIn,
    PersonQuery,
    PurposeIn,
    RevealedContactOut,
    RevealOut,
)
from guanai.api.schemas import WRITE_ERRORS
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry import file_reads, selectors, services
from guanai.registry.models import (
    Health,
    Person,
)

router = Router(tags=["persons"])


# What ``null`` (or leaving a field out when registering) means for each person field.
EMPTY: dict[str, Any] = {
    "birth_date": None,
    "schooling_since": None,
    "boarding": False,
    "health": Health.HEALTHY.value,
    "house_condition": "",
}


# Units a person may be placed in, beside the managing unit, and the kinds each must have.
PLACES = {
    "school_id": ("school", (OrgKind.SCHOOL, OrgKind.KINDERGARTEN)),
    "village_id": ("village", (OrgKind.VILLAGE,)),
}


def _place(user: User, key: str, pk: int | None) -> OrgUnit | None:
    """Return the school or village ``pk`` among the units the user may edit."""
    if pk is None:
        return None
    _name, kinds = PLACES[key]
    unit = scoping.roster_edit_units(user).filter(kind__in=kinds, pk=pk).first()
    if unit is None:
        message = (
            _("Choose a school or kindergarten among the units you may edit.")
            if key == "school_id"
            else _("Choose a village among the units you may edit.")
        )
        raise ValidationFailed(message, field=key)
    return unit


def _fill(user: User, data: services.PersonData, values: dict[str, Any]) -> services.PersonData:
    """Set the sent ``values`` on ``data``: units looked up, enums as codes, null as empty."""
    for key, value in values.items():
        if key in PLACES:
            setattr(data, PLACES[key][0], _place(user, key, value))
        elif value is None:
            setattr(data, key, EMPTY.get(key, ""))
        else:
            setattr(data, key, value.value if isinstance(value, Enum) else value)
    return data


def _file(request: HttpRequest, user: User, pk: int) -> Person:
    """Return a person's file as the caller sees it; opening a file is audited (PIPL).

    Read anew after a change, with what the file shows (a fetch of its own, not a second
    ``access_person`` of the same request).
    """
    return file_reads.person_file_open(user=user, pk=pk, request=request)


def _duplicate(user: User, exc: services.DuplicatePerson) -> Status:
    """Answer 409, pointing to the existing file only if the caller may open it."""
    pk = exc.existing.pk
    if selectors.persons_visible(user).filter(pk=pk).exists():
        detail = _("This ID number is registered already (file of %(name)s).") % {
            "name": exc.existing.name
        }
        return Status(409, DuplicateOut(detail=detail, field=exc.field, existing_id=pk))
    detail = _("This ID number is registered already, in a file you may not open.")
    return Status(409, DuplicateOut(detail=detail, field=exc.field, existing_id=None))


@router.get("/persons", response={200: list[PersonOut], **AUTH_ERRORS, 404: ErrorOut})
@paginate(Pages)
def person_list(request: HttpRequest, filters: Query[PersonQuery]) -> QuerySet[Person]:
    """List the persons on the caller's rosters, sorted by pinyin; numbers are masked.

    ``q`` finds a name, its full pinyin ("zhangsan"), its initials ("zs") or an exact ID
    number; a ``unit_id`` the caller cannot see is not found.
    """
    user = acting_user(request)
    unit = None if filters.unit_id is None else scoping.access_org_unit(user, filters.unit_id)
    search = selectors.PersonFilter(
        q=filters.q or "",
        category=filters.category or "",
        unit=unit,
        school_class=filters.school_class or "",
        status=filters.status,
    )
    return selectors.persons_search(user, search)


@router.post(
    "/persons",
    response={201: PersonDetailOut, **WRITE_ERRORS, **AUTH_ERRORS, 409: DuplicateOut},
)
def person_register(request: HttpRequest, payload: PersonIn) -> Status:
    """Register a person in a unit the caller may edit, in the given categories from today.

    An ID number on file already is refused (409) with the existing file's id when the
    caller may open it.
    """
    user = acting_user(request)
    unit = scoping.access_org_unit(user, payload.org_unit_id)
    services.require_roster_editor(user, unit)
    values = payload.model_dump(exclude={"org_unit_id", "categories"})
    data = _fill(user, services.PersonData(name=""), values)
    today = timezone.localdate()
    try:
        person = services.person_register(
            acting_user=user,
            org_unit=unit,
            data=data,
            categories=[(c.value, today) for c in dict.fromkeys(payload.categories)],
        )
    except services.DuplicatePerson as exc:
        return _duplicate(user, exc)
    return Status(201, _file(request, user, person.pk))


@router.get("/persons/{person_id}", response={200: PersonDetailOut, **AUTH_ERRORS, 404: ErrorOut})
def person_detail(request: HttpRequest, person_id: int) -> Person:
    """Return a person's file, numbers masked; the read is written to the access log."""
    user = acting_user(request)
    return _file(request, user, person_id)


@router.post(
    "/persons/{person_id}/reveal",
    response={200: RevealOut, **AUTH_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def person_reveal(request: HttpRequest, person_id: int, payload: PurposeIn) -> RevealOut:
    """Return the full ID and phone numbers of a file, for the roles that may see them.

    The purpose is required (400 if empty or too long) and written to the audit log.
    """
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    file_reads.person_numbers_reveal(
        user=user, person=person, purpose=payload.purpose, request=request
    )
    return RevealOut(
        id_number=person.id_number,
        phone=person.phone,
        contacts=[
            RevealedContactOut(id=c.pk, phone=c.phone, id_number=c.id_number)
            for c in person.contacts.all()
        ],
    )


@router.patch(
    "/persons/{person_id}",
    response={200: PersonDetailOut, **WRITE_ERRORS, **AUTH_ERRORS, 409: DuplicateOut},
)
def person_update(request: HttpRequest, person_id: int, payload: PersonPatchIn) -> Person | Status:
    """Change the fields sent; a ``version`` other than the stored one is refused (409).

    A new ID number sent without a birth date or gender gives both anew.
    """
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    services.require_roster_editor(user, person.org_unit)
    data = services.PersonData(**{f: getattr(person, f) for f in services.PERSON_FIELDS})
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    if values.get("id_number"):
        values = {"birth_date": None, "gender": None, **values}
    data = _fill(user, data, values)
    try:
        services.person_update(acting_user=user, person=person, version=payload.version, data=data)
    except services.DuplicatePerson as exc:
        return _duplicate(user, exc)
    return _file(request, user, person.pk)


@router.post(
    "/persons/{person_id}/archive",
    response={200: PersonDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def person_archive(request: HttpRequest, person_id: int, payload: ArchiveIn) -> Person:
    """Archive a file with a reason; nothing is deleted and the file stays readable."""
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    services.person_archive(
        acting_user=user, person=person, reason=payload.reason.value, note=payload.note
    )
    return _file(request, user, person.pk)
