"""The roster (花名册) and case files (档案) through the API, scoped and checked like the pages.

Lists and files show ID and phone numbers masked; the full numbers come only from
``POST /persons/{id}/reveal``, for the roles that may see them, and every file opened or
revealed is written to the access log.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.text import PlainText
from guanai.api.types import Bool, Date
from guanai.core.errors import ValidationFailed
from guanai.core.masking import Shown, show_id, show_phone
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry import file_reads, selectors, services
from guanai.registry.models import (
    ETHNICITIES,
    ArchiveReason,
    Category,
    Contact,
    ContactKind,
    Gender,
    Health,
    Person,
    PersonCategory,
    SchoolingStatus,
    Transfer,
    TransferStatus,
)
from guanai.registry.purpose import PURPOSE_MAX

router = Router(tags=["persons"])

# The 56 ethnic groups as an enumeration, so that the schema lists them.
Ethnicity = StrEnum("Ethnicity", [(e, e) for e in ETHNICITIES])  # type: ignore[misc]

# Texts as long as their columns at most (PostgreSQL refuses longer ones).
Text20 = Annotated[PlainText, Field(max_length=20)]
Text30 = Annotated[PlainText, Field(max_length=30)]
Text50 = Annotated[PlainText, Field(max_length=50)]
Text100 = Annotated[PlainText, Field(max_length=100)]
Text200 = Annotated[PlainText, Field(max_length=200)]
# A category's own details: flat values (who is away, support mode, certificate, disease …).
Details = dict[Text50, Text200 | int | bool | None]

# Errors of the operations that change a file.
WRITE_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _shown(context: Any, unit: OrgUnit) -> Shown:
    """Return how the caller sees the masked numbers of ``unit``'s persons (``scoping``).

    Lists and files never show full numbers (``/reveal`` does); a volunteer sees none.
    """
    request = (context or {}).get("request")
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        return Shown.NOTHING
    return scoping.numbers_shown(user, unit)


class UnitRefOut(Schema):
    id: int
    name: str


class PersonOut(Schema):
    """A person as lists show them: numbers masked, the categories in force today."""

    id: int
    name: str
    gender: Gender | Literal[""]
    birth_date: date | None
    ethnicity: str
    org_unit: UnitRefOut
    school: UnitRefOut | None
    grade: str
    class_name: str
    categories: list[Category]
    archived: bool
    id_number_masked: str
    phone_masked: str

    @staticmethod
    def resolve_categories(obj: Person) -> list[str]:
        current: list[PersonCategory] = obj.current_categories  # type: ignore[attr-defined]
        return list(dict.fromkeys(entry.category for entry in current))

    @staticmethod
    def resolve_archived(obj: Person) -> bool:
        return obj.is_archived

    @staticmethod
    def resolve_id_number_masked(obj: Person, context: Any) -> str:
        return show_id(obj.id_number, _shown(context, obj.org_unit))

    @staticmethod
    def resolve_phone_masked(obj: Person, context: Any) -> str:
        return show_phone(obj.phone, _shown(context, obj.org_unit))


class CategoryEntryOut(Schema):
    id: int
    category: Category
    started_on: date
    ended_on: date | None
    details: dict[str, Any]
    note: str


class ContactOut(Schema):
    """A contact as the file shows it: the phone and ID numbers masked (``/reveal`` shows them)."""

    id: int
    kind: ContactKind
    name: str
    relation: str
    phone_masked: str
    id_number_masked: str
    is_guardian: bool
    works_away_at: str
    address: str

    @staticmethod
    def resolve_phone_masked(obj: Contact, context: Any) -> str:
        return show_phone(obj.phone, _shown(context, obj.person.org_unit))

    @staticmethod
    def resolve_id_number_masked(obj: Contact, context: Any) -> str:
        return show_id(obj.id_number, _shown(context, obj.person.org_unit))


class PendingTransferOut(Schema):
    """A transfer of the file waiting for the receiving unit to accept or decline it."""

    id: int
    to_unit: UnitRefOut
    requested_at: datetime


class PersonDetailOut(PersonOut):
    """A case file: the list's fields, the rest of the person, categories with history, contacts."""

    village: UnitRefOut | None
    address: str
    hukou_place: str
    boarding: bool
    schooling_status: SchoolingStatus | Literal[""]
    schooling_since: date | None
    health: Health
    note: str
    archived_at: datetime | None
    archive_reason: ArchiveReason | Literal[""]
    version: int
    consent_missing: bool = Field(
        description="A child under 14 without a guardian's consent on file (PIPL art. 31)."
    )
    category_history: list[CategoryEntryOut]
    contacts: list[ContactOut]
    pending_transfer: PendingTransferOut | None = Field(
        description="The transfer to another unit waiting for its answer, if there is one."
    )

    @staticmethod
    def resolve_consent_missing(obj: Person) -> bool:
        return services.consent_missing(obj)

    @staticmethod
    def resolve_category_history(obj: Person) -> list[PersonCategory]:
        return list(obj.categories.all())

    @staticmethod
    def resolve_contacts(obj: Person) -> list[Contact]:
        return list(obj.contacts.all())

    @staticmethod
    def resolve_pending_transfer(obj: Person) -> Transfer | None:
        pending = obj.transfers.filter(status=TransferStatus.PENDING).select_related("to_unit")
        return pending.first()


class RevealedContactOut(Schema):
    id: int
    phone: str
    id_number: str


class RevealOut(Schema):
    id_number: str
    phone: str
    contacts: list[RevealedContactOut]


class DuplicateOut(ErrorOut):
    """The ID number is on file already; ``existing_id`` is that file, if the caller may open it."""

    existing_id: int | None = None


class PersonQuery(Schema):
    q: Text50 | None = Field(None, description="Name, full pinyin, initials or exact ID number.")
    category: Category | None = None
    unit_id: int | None = Field(None, description="Managing unit, school or village.")
    school_class: Text20 | None = Field(None, description="Part of the grade or class.")
    status: Literal["active", "archived", "all"] = "active"


class PersonIn(Schema):
    org_unit_id: int
    name: Text50
    gender: Gender | None = None
    birth_date: Date | None = None
    ethnicity: Ethnicity | None = None
    id_number: Text30 = ""
    phone: Text30 = ""
    hukou_place: Text200 = ""
    address: Text200 = ""
    village_id: int | None = None
    school_id: int | None = None
    grade: Text20 = ""
    class_name: Text20 = ""
    boarding: Bool = False
    schooling_status: SchoolingStatus | None = None
    schooling_since: Date | None = None
    health: Health = Health.HEALTHY
    note: PlainText = ""
    categories: list[Category] = Field(default_factory=list, description="Starting today.")


class PersonPatchIn(Schema):
    """Only the fields sent change; ``null`` empties a field. ``version`` is the one read."""

    version: int
    name: Text50 | None = None
    gender: Gender | None = None
    birth_date: Date | None = None
    ethnicity: Ethnicity | None = None
    id_number: Text30 | None = None
    phone: Text30 | None = None
    hukou_place: Text200 | None = None
    address: Text200 | None = None
    village_id: int | None = None
    school_id: int | None = None
    grade: Text20 | None = None
    class_name: Text20 | None = None
    boarding: Bool | None = None
    schooling_status: SchoolingStatus | None = None
    schooling_since: Date | None = None
    health: Health | None = None
    note: PlainText | None = None


class ArchiveIn(Schema):
    reason: ArchiveReason
    note: Text200 = ""


# What ``null`` (or leaving a field out when registering) means for each person field.
EMPTY: dict[str, Any] = {
    "birth_date": None,
    "schooling_since": None,
    "boarding": False,
    "health": Health.HEALTHY.value,
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


class PurposeIn(Schema):
    purpose: str = Field(
        description=f"Why the numbers are needed (1–{PURPOSE_MAX} characters); audited."
    )


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
