"""The roster import's field lists match the ``Person`` model (issue 13, acceptance).

The import keeps its own lists for speed (it writes in bulk, not through the form). A
field added to ``Person`` must be imported or listed here as not imported, with why; an
entry of the lists that is no field of the model fails.
"""

from __future__ import annotations

from django.db import models

from guanai.registry.importing import vocabulary
from guanai.registry.models import Contact, Person
from guanai.registry.services import PERSON_FIELDS

# Person fields the roster sets in no column, with the reason.
NOT_IMPORTED = {
    "id": "the database's key",
    "org_unit": "the unit chosen on the import page",
    "province_code": "derived from the unit",
    "name_pinyin": "derived from the name",
    "name_initials": "derived from the name",
    "name_sort": "derived from the name",
    "id_hash": "derived from the ID number",
    "hukou_place": "not a column of the county's rosters; entered on the file",
    "village": "chosen on the file from the unit's villages",
    "boarding": "entered on the file",
    "schooling_status": "entered on the file",
    "schooling_since": "entered on the file",
    "house_condition": "entered on the file (or by an accepted renovation)",
    "archived_at": "set by archiving, never by an import",
    "archive_reason": "set by archiving, never by an import",
    "version": "the optimistic lock, kept by the services",
    "created_at": "set when the row is written",
    "updated_at": "set when the row is written",
}
# Columns that are not fields of Person, and where their values go.
NOT_PERSON_COLUMNS = {
    "seq": "the roster's row number, read for the messages only",
    "categories": "PersonCategory rows",
    "guardian_name": "the guardian's Contact",
    "guardian_relation": "the guardian's Contact",
    "guardian_phone": "the guardian's Contact",
    "parents_away_at": "the left-behind category's details",
    "parents_away": "the left-behind category's details",
    "away_since": "the left-behind category's details",
    "guardianship": "the left-behind category's details",
    "disability_certificate": "the disabled category's details",
    "disability_type": "the disabled category's details",
    "disability_grade": "the disabled category's details",
}
# Where the checked lengths of the non-Person columns are stored.
LENGTH_COLUMNS = {
    "guardian_name": (Contact, "name"),
    "guardian_relation": (Contact, "relation"),
    "parents_away_at": (Contact, "works_away_at"),
}


def _fields() -> dict[str, models.Field]:  # type: ignore[type-arg]
    return {f.name: f for f in Person._meta.concrete_fields}


def test_every_person_field_is_imported_or_listed_as_not_imported() -> None:
    imported = set(vocabulary.UPDATABLE) | set(vocabulary.COLUMNS) | {"id_number"}
    missing = set(_fields()) - imported - set(NOT_IMPORTED)
    assert not missing, f"add these Person fields to the import or to NOT_IMPORTED: {missing}"


def test_every_list_entry_is_a_field_of_person() -> None:
    fields = _fields()
    for name in (*vocabulary.UPDATABLE, *vocabulary.AUDITED, *PERSON_FIELDS):
        assert name in fields, name
    for name in vocabulary.COLUMNS:
        assert (name in fields) != (name in NOT_PERSON_COLUMNS), name
    for name in NOT_IMPORTED:
        assert name in fields, name
        assert name not in vocabulary.UPDATABLE, name
    for name in NOT_PERSON_COLUMNS:
        assert name in vocabulary.COLUMNS, name


def test_the_import_updates_what_the_services_store() -> None:
    # Everything an import sets is a field the services write; the ID number is the key.
    assert set(vocabulary.UPDATABLE) <= set(PERSON_FIELDS)
    assert set(vocabulary.AUDITED) <= set(vocabulary.UPDATABLE)


def test_the_checked_lengths_are_the_models() -> None:
    fields = _fields()
    for name, length in vocabulary.MAX_LENGTHS.items():
        if name in fields:
            assert fields[name].max_length == length, name
        else:
            model, field = LENGTH_COLUMNS[name]
            assert model._meta.get_field(field).max_length == length, name
