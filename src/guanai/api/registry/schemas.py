"""What the roster API reads and answers: persons, their categories, contacts and transfers.

Lists and files show ID and phone numbers masked (``_shown``); a volunteer sees none.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from ninja import Field, Schema

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.errors import ErrorOut
from guanai.api.schemas import Text20, Text30, Text50, Text200, UnitRefOut
from guanai.api.text import PlainText
from guanai.api.types import Bool, Date
from guanai.core.masking import Shown, show_id, show_phone
from guanai.orgs.models import OrgUnit
from guanai.registry import services
from guanai.registry.models import (
    ETHNICITIES,
    ArchiveReason,
    Category,
    Contact,
    ContactKind,
    Gender,
    Health,
    HouseCondition,
    Person,
    PersonCategory,
    SchoolingStatus,
    Transfer,
    TransferStatus,
)
from guanai.registry.purpose import PURPOSE_MAX

# The 56 ethnic groups as an enumeration, so that the schema lists them.
Ethnicity = StrEnum("Ethnicity", [(e, e) for e in ETHNICITIES])  # type: ignore[misc]


# A category's own details: flat values (who is away, support mode, certificate, disease …).
Details = dict[Text50, Text200 | int | bool | None]


def _shown(context: Any, unit: OrgUnit) -> Shown:
    """Return how the caller sees the masked numbers of ``unit``'s persons (``scoping``).

    Lists and files never show full numbers (``/reveal`` does); a volunteer sees none.
    """
    request = (context or {}).get("request")
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        return Shown.NOTHING
    return scoping.numbers_shown(user, unit)


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
    house_condition: HouseCondition | Literal[""]
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
    house_condition: HouseCondition | None = None
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
    house_condition: HouseCondition | None = None
    note: PlainText | None = None


class ArchiveIn(Schema):
    reason: ArchiveReason
    note: Text200 = ""


class PurposeIn(Schema):
    purpose: str = Field(
        description=f"Why the numbers are needed (1–{PURPOSE_MAX} characters); audited."
    )
