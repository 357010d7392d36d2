"""The rows of the roster export, read as plain values (issue 24, point 5: 10,000 rows/s).

``exporting.write_roster`` lays the sheet out; this module gives it each person's cells in
the general template's column order. A county's 100,000 persons are read ``CHUNK`` at a
time as tuples (``values_list``), not model instances: building a ``Person`` with its
``Contact`` and ``PersonCategory`` instances cost more than writing its row. The ID and
phone numbers come as their stored tokens and are decrypted in one call per chunk
(``crypto.decrypt_many``), and only those the sheet shows: no number for a user who sees
none, and of the contacts only the guardian's phone.

Queries: the units of the persons (one, for how the user sees numbers in each), the
persons (one, read in chunks), and per chunk their current categories and their contacts
(two) — a fixed number per chunk whatever the number of persons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from typing import Any, NamedTuple

from django.db.models import ExpressionWrapper, F, Q, TextField
from django.db.models.lookups import In
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.crypto import decrypt_many
from guanai.core.masking import Shown, show_id, show_phone
from guanai.orgs.models import OrgUnit
from guanai.registry.importing import DISABILITY_TYPES, GRADES
from guanai.registry.models import Category, Contact, ContactKind, Gender, PersonCategory
from guanai.registry.roster_template import CATEGORY_LABELS, GENERAL
from guanai.registry.selectors import PersonFilter, persons_search

# The template label of each category code, in the order of DESIGN §4.
CATEGORY_LABEL: dict[str, str] = dict(zip(Category.values, CATEGORY_LABELS, strict=True))
CATEGORY_ORDER: tuple[str, ...] = tuple(Category.values)
GENDER_LABEL: dict[str, str] = {Gender.MALE.value: "男", Gender.FEMALE.value: "女"}
# Rows fetched at a time: bounded memory for a county's roster, a fixed query count per chunk.
CHUNK = 2000
# The column of each template header.
COLUMN: dict[str, int] = {header: col for col, header in enumerate(GENERAL)}


class _IdsIn(In):
    """``person_id IN (…)`` for a chunk's person ids, ints read from the database a moment
    before, bound as they are: Django's ``__in`` prepares each of the 2,000 values one by
    one, which cost the roster export a tenth of its time (issue 24)."""

    def get_prep_lookup(self) -> Any:
        return self.rhs

    def process_rhs(self, compiler: Any, connection: Any) -> tuple[str, list[str | int]]:
        return "(" + ", ".join(["%s"] * len(self.rhs)) + ")", list(self.rhs)


def _token(field: str) -> ExpressionWrapper:
    """The stored token of an encrypted field, as text the ORM does not decrypt on reading."""
    return ExpressionWrapper(F(field), output_field=TextField())


class RosterRow(NamedTuple):
    """A person's cells in ``GENERAL``'s order (序号 left blank), category codes, numbers."""

    cells: list[str]
    categories: list[str]
    shown: Shown


def roster_rows(user: User, flt: PersonFilter, *, full_numbers: bool) -> Iterator[RosterRow]:
    """Yield the rows of the user's roster searched with ``flt``, in roster order."""
    persons = persons_search(user, flt).select_related(None).prefetch_related(None)
    units = OrgUnit.objects.filter(pk__in=persons.values("org_unit_id"))
    shown_in = {u.pk: scoping.numbers_shown(user, u, reveal=full_numbers) for u in units}
    values = persons.values_list(
        "pk",
        "org_unit_id",
        "name",
        "gender",
        _token("id_number"),
        "birth_date",
        "ethnicity",
        _token("phone"),
        "address",
        "school__name",
        "grade",
        "class_name",
        "note",
    ).iterator(chunk_size=CHUNK)
    while chunk := list(islice(values, CHUNK)):
        yield from _chunk_rows(chunk, shown_in)


def _chunk_rows(chunk: list[tuple[Any, ...]], shown_in: dict[int, Shown]) -> Iterator[RosterRow]:
    ids = [row[0] for row in chunk]
    categories = _categories(ids)
    contacts = _contacts(ids)
    # Every number the sheet shows in this chunk, decrypted at once: person i's ID and phone
    # at 2i and 2i+1, its guardian's phone at 2n+i ("" where nothing is shown).
    tokens: list[str] = []
    guardians: list[tuple[Any, ...] | None] = []
    for pk, unit_id, _name, _gender, id_token, *rest in chunk:
        visible = shown_in[unit_id] is not Shown.NOTHING
        tokens += (id_token, rest[2]) if visible else ("", "")
        guardians.append(_guardian(contacts.get(pk, ())))
    for guardian, row in zip(guardians, chunk, strict=True):
        visible = shown_in[row[1]] is not Shown.NOTHING
        tokens.append(guardian[3] if guardian is not None and visible else "")
    numbers = decrypt_many(tokens)
    n = len(chunk)
    for i, row in enumerate(chunk):
        pk, unit_id, name, gender, _id, birth, ethnicity, _phone, address, *school = row
        shown = shown_in[unit_id]
        id_number = numbers[2 * i]
        held = categories.get(pk, [])
        current = dict(held)  # by code; of two spans of one category, the later one
        cells = [""] * len(GENERAL)
        cells[1] = name
        cells[2] = GENDER_LABEL.get(gender, "")
        cells[3] = show_id(id_number, shown)
        cells[4] = birth.isoformat() if birth else ""
        cells[5] = ethnicity
        cells[6] = show_phone(numbers[2 * i + 1], shown)
        cells[7] = address
        cells[8] = "、".join(CATEGORY_LABEL[c] for c in CATEGORY_ORDER if c in current)
        cells[COLUMN["就读学校"]] = school[0] or ""
        cells[COLUMN["年级"]], cells[COLUMN["班级"]], cells[COLUMN["备注"]] = school[1:]
        guardian = guardians[i]
        if guardian is not None:
            cells[COLUMN["监护人姓名"]] = guardian[1]
            cells[COLUMN["与本人关系"]] = guardian[2]
            cells[COLUMN["监护人电话"]] = show_phone(numbers[2 * n + i], shown)
        _category_cells(cells, current, contacts.get(pk, ()), id_number, shown)
        yield RosterRow(cells, [code for code, _details in held], shown)


def _category_cells(
    cells: list[str],
    current: dict[str, dict[str, Any]],
    contacts: Any,
    id_number: str,
    shown: Shown,
) -> None:
    """Fill the left-behind and disability columns from the categories' details."""
    left_behind = current.get(Category.LEFT_BEHIND)
    away_at = left_behind.get("away_at", "") if left_behind is not None else ""
    if not away_at:
        places = dict.fromkeys(c[4] for c in contacts if c[0] == ContactKind.PARENT and c[4])
        away_at = "、".join(places)
    cells[COLUMN["父母外出务工地点"]] = away_at
    details = current.get(Category.DISABLED)
    if details is None:
        return
    suffix = details.get("certificate_suffix", "")
    if suffix and id_number:
        cells[COLUMN["残疾证号"]] = show_id(id_number + suffix, shown)
    kind, grade = details.get("type"), details.get("grade")
    if isinstance(kind, int) and 1 <= kind <= len(DISABILITY_TYPES):
        cells[COLUMN["残疾类别"]] = DISABILITY_TYPES[kind - 1]
    if isinstance(grade, int) and 1 <= grade <= len(GRADES):
        cells[COLUMN["残疾等级"]] = GRADES[grade - 1]


def _categories(ids: list[int]) -> dict[int, list[tuple[str, dict[str, Any]]]]:
    """Return the categories in force today of the persons ``ids``, with their details, in
    the order they started."""
    today = timezone.localdate()
    rows = PersonCategory.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        _IdsIn(F("person_id"), ids),
        started_on__lte=today,
    ).values_list("person_id", "category", "details")
    found: dict[int, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for person_id, category, details in rows:
        found[person_id].append((category, details))
    return found


def _contacts(ids: list[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Return the contacts of the persons ``ids`` as (kind, name, relation, phone token,
    works away at, is guardian), the guardian first."""
    rows = (
        Contact.objects.filter(_IdsIn(F("person_id"), ids))
        .order_by("-is_guardian", "pk")
        .values_list(
            "person_id", "kind", "name", "relation", _token("phone"), "works_away_at", "is_guardian"
        )
    )
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for person_id, *contact in rows:
        found[person_id].append(tuple(contact))
    return found


def _guardian(contacts: Any) -> tuple[Any, ...] | None:
    for contact in contacts:
        if contact[5]:
            return contact
    return next((c for c in contacts if c[0] == ContactKind.GUARDIAN), None)
