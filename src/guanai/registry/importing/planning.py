"""Deciding what a chunk of checked rows creates, updates or leaves, and writing it.

A chunk is planned against the persons already stored (matched by the ID number's keyed
hash, never by decrypting), converted into database parameters (``core.bulk``) and
written in one transaction by the caller, so that a chunk is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.bulk import PreparedRows, prepare_rows, write_rows
from guanai.core.pinyin import full_pinyin, initials, sort_key
from guanai.orgs.models import OrgUnit
from guanai.registry.importing.rows import Row
from guanai.registry.importing.vocabulary import AUDITED, UPDATABLE
from guanai.registry.models import Contact, ContactKind, Health, Person, PersonCategory
from guanai.registry.services import PersonData, person_values


@dataclass
class Plan:
    """What one chunk writes, and what it reports once written.

    New persons are plain column values (written with ``insert_rows``); their categories,
    contacts and change-log entries name the person by ID hash until the person's primary
    key is known.
    """

    persons: list[dict[str, Any]] = field(default_factory=list)
    updates: list[Person] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    categories: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    contacts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    audit: list[tuple[str, str, int, dict[str, list[Any]]]] = field(default_factory=list)
    pks: dict[str, int] = field(default_factory=dict)  # ID hash → pk of stored persons
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[Row, str, str]] = field(default_factory=list)  # row, field, reason

    def outcome(self) -> Plan:
        """Return the counts and rejections only, without what was written (memory)."""
        return Plan(
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            rejected=self.rejected,
        )


@dataclass
class Stored:
    """What the comparison needs of a person already on the roster (read as plain values)."""

    pk: int
    path: str  # of the managing unit
    version: int
    values: dict[str, Any]  # the UPDATABLE fields, the school as its pk, and the pinyin
    categories: set[str]  # open ones
    contacts: set[str]  # names


def pks_by_hash(hashes: Sequence[str]) -> dict[str, int]:
    """Return the pks of the persons with these ID hashes.

    In SQL of its own: the ORM prepares each of a thousand string parameters of an
    ``id_hash__in`` one by one, which made this look-up a fifth of a large import's time.
    """
    if not hashes:
        return {}
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(hashes))
    sql = (
        f"SELECT {quote('id_hash')}, {quote('id')} FROM {quote(Person._meta.db_table)} "  # noqa: S608
        f"WHERE {quote('id_hash')} IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(hashes))
        return dict(cursor.fetchall())


def stored_persons(hashes: list[str], *, lock: bool) -> dict[str, Stored]:
    """Return the persons with these ID hashes, with open categories and contact names.

    Plain values, not model instances, and only what the comparison needs: not the
    encrypted ID number (matched by its hash already). Three statements per chunk.
    """
    pks = pks_by_hash(hashes)
    if not pks:
        return {}
    columns = [*UPDATABLE, "name_pinyin", "name_initials", "name_sort"]
    persons = Person.objects.filter(pk__in=pks.values()).values(
        "pk", "id_hash", "version", "org_unit__path", *columns
    )
    if lock:
        persons = persons.select_for_update(of=("self",))
    by_pk = {
        p["pk"]: Stored(
            pk=p["pk"],
            path=p["org_unit__path"],
            version=p["version"],
            values={c: p[c] for c in columns},
            categories=set(),
            contacts=set(),
        )
        for p in persons
    }
    if by_pk:
        open_categories = PersonCategory.objects.filter(
            person_id__in=by_pk, ended_on__isnull=True
        ).values_list("person_id", "category")
        for pk, code in open_categories:
            by_pk[pk].categories.add(code)
        for pk, name in Contact.objects.filter(person_id__in=by_pk).values_list(
            "person_id", "name"
        ):
            by_pk[pk].contacts.add(name)
    hash_of = {p["pk"]: p["id_hash"] for p in persons}
    return {hash_of[pk]: stored for pk, stored in by_pk.items()}


def plan_rows(
    rows: Sequence[Row],
    *,
    org_unit: OrgUnit,
    lock: bool,
    schools: dict[int, str],
    existing: dict[str, Stored] | None = None,
) -> Plan:
    """Decide what the rows create, update or leave; ``existing`` if the caller read it."""
    plan = Plan()
    today = timezone.localdate()
    if existing is None:
        existing = stored_persons([r.id_hash for r in rows], lock=lock)
    for row in rows:
        stored = existing.get(row.id_hash)
        if stored is None:
            values = person_values(row.data, id_hash=row.id_hash)
            values["org_unit"] = org_unit
            values["province_code"] = org_unit.province_code
            plan.persons.append(values)
            plan.categories.extend(
                (row.id_hash, {"category": c, "started_on": today, "details": d})
                for c, d in row.categories.items()
            )
            if row.guardian:
                plan.contacts.append((row.id_hash, _guardian(row.guardian)))
            changes = _created_changes(values)
            plan.audit.append((row.id_hash, row.data.name, LogEntry.Action.CREATE, changes))
            plan.created += 1
            continue
        if not stored.path.startswith(org_unit.path):
            plan.rejected.append(
                (
                    row,
                    "id_number",
                    _(
                        "This ID number is on the roster of a unit outside the one you import "
                        "into; ask the county office to transfer the file."
                    ),
                )
            )
            continue
        plan.pks[row.id_hash] = stored.pk
        changes = _update(stored, row.data, schools)
        for code, details in row.categories.items():
            if code not in stored.categories:
                plan.categories.append(
                    (row.id_hash, {"category": code, "started_on": today, "details": details})
                )
                changes.setdefault("categories", [None, []])[1].append(code)
        if row.guardian and row.guardian[0] not in stored.contacts:
            plan.contacts.append((row.id_hash, _guardian(row.guardian)))
            changes["guardian"] = [None, row.guardian[0]]
        if not changes:
            plan.unchanged += 1
            continue
        field_changes = [f for f in changes if f in UPDATABLE]
        if field_changes:
            values = {("school_id" if k == "school" else k): v for k, v in stored.values.items()}
            plan.updates.append(Person(pk=stored.pk, version=stored.version + 1, **values))
            plan.update_fields.update(field_changes)
        plan.audit.append((row.id_hash, stored.values["name"], LogEntry.Action.UPDATE, changes))
        plan.updated += 1
    return plan


def _created_changes(values: dict[str, Any]) -> dict[str, list[Any]]:
    """Return the change-log entry of a new person: each audited field that has a value."""
    # The audited values are text, a date or a unit: false only when blank (None or "").
    changes = {name: [None, value] for name in AUDITED if (value := values[name])}
    # Of AUDITED, only these two fields are not text.
    if "birth_date" in changes:
        changes["birth_date"][1] = values["birth_date"].isoformat()
    if "school" in changes:
        changes["school"][1] = values["school"].name
    return changes


def _audit_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, OrgUnit):
        return value.name
    return value


def _update(stored: Stored, data: PersonData, schools: dict[int, str]) -> dict[str, list[Any]]:
    """Set in ``stored.values`` the values of ``data`` that are given and differ; say which."""
    values = stored.values
    changes: dict[str, list[Any]] = {}
    for name in UPDATABLE:
        new = getattr(data, name)
        if new in ("", None) or (name == "health" and new == Health.HEALTHY):
            continue
        if name == "school":
            if values["school"] == new.pk:
                continue
            before = schools.get(values["school"], "") if values["school"] else None
            values["school"] = new.pk
        elif values[name] == new:
            continue
        else:
            before = _audit_value(values[name])
            values[name] = new
        if name == "name":
            values["name_pinyin"] = full_pinyin(new)
            values["name_initials"] = initials(new)
            values["name_sort"] = sort_key(new)
        changes[name] = [before, _audit_value(new)] if name in AUDITED else ["", ""]
    return changes


def _guardian(guardian: tuple[str, str, str]) -> dict[str, Any]:
    name, relation, phone = guardian
    return {
        "kind": ContactKind.GUARDIAN,
        "name": name,
        "relation": relation,
        "phone": phone,
        "is_guardian": True,
    }


@dataclass
class Prepared:
    """A chunk's plan as database parameters (``core.bulk.prepare_rows``), ready to write.

    The rows of categories, contacts and change-log entries hold the person's ID hash
    where the person's key goes, until the person is written and its key is known.
    """

    persons: list[PreparedRows]
    new_hashes: list[str]
    pks: dict[str, int]  # ID hash → pk of stored persons
    updates: list[Person]
    update_fields: set[str]
    dependents: list[PreparedRows]


# One object for every entry, so that core.bulk encodes it once.
_AUDIT_SOURCE = {"source": "roster_import"}


def prepare(plan: Plan, acting_user: Actor) -> Prepared:
    """Convert what ``plan`` writes into database parameters (the Python half of writing)."""
    content_type = ContentType.objects.get_for_model(Person).pk
    account = account_of(acting_user)
    actor = account.pk if account is not None else None
    return Prepared(
        persons=prepare_rows(Person, plan.persons),
        new_hashes=[p["id_hash"] for p in plan.persons],
        pks=plan.pks,
        updates=plan.updates,
        update_fields=plan.update_fields,
        dependents=[
            *prepare_rows(
                PersonCategory,
                [{**v, "person": h} for h, v in plan.categories],
                mutable=True,
            ),
            *prepare_rows(Contact, [{**v, "person": h} for h, v in plan.contacts], mutable=True),
            # Bulk writes send no signals, so the change log is written here, as auditlog
            # would.
            *prepare_rows(
                LogEntry,
                [
                    {
                        "content_type": content_type,
                        "object_pk": id_hash,
                        "object_id": id_hash,
                        "object_repr": name,
                        "action": action,
                        "changes": changes,
                        "actor": actor,
                        "additional_data": _AUDIT_SOURCE,
                    }
                    for id_hash, name, action, changes in plan.audit
                ],
                mutable=True,
            ),
        ],
    )


def write_prepared(prepared: Prepared) -> None:
    """Write a prepared chunk on this thread's connection (the caller holds a transaction)."""
    write_rows(prepared.persons)
    pks = dict(prepared.pks)
    pks.update(pks_by_hash(prepared.new_hashes))
    if prepared.updates:
        now = timezone.now()
        for person in prepared.updates:
            person.updated_at = now
        fields = sorted(prepared.update_fields | {"version", "updated_at"})
        if "name" in fields:
            fields += ["name_pinyin", "name_initials", "name_sort"]
        Person.objects.bulk_update(prepared.updates, fields)
    for group in prepared.dependents:
        rows = cast(list[list[Any]], group.rows)  # prepared mutable, for these keys
        if group.model is LogEntry:
            text, number = group.column("object_pk"), group.column("object_id")
            for values in rows:
                values[number] = pk = pks[values[number]]
                values[text] = str(pk)
        else:
            column = group.column("person")
            for values in rows:
                values[column] = pks[values[column]]
    write_rows(prepared.dependents)


def write_plan(plan: Plan, acting_user: Actor) -> None:
    write_prepared(prepare(plan, acting_user))
