"""EncryptedCharField: ciphertext in the database, plaintext in Python, no search on it.

The database tests use a model of their own, kept out of the project's app registry (so
no migration ever sees it) and created and dropped around each test. Creating a table
needs a transactional test: SQLite's schema editor refuses to run inside the atomic
block of an ordinary test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django import forms
from django.apps.registry import Apps
from django.core.exceptions import FieldError, ValidationError
from django.db import connection, models
from django.db.migrations.writer import MigrationWriter

from guanai.core.crypto import DecryptionError, decrypt
from guanai.core.fields import EncryptedCharField

ID_NUMBER = "513322201001011234"
PHONE = "13812345678"
TABLE = "core_encrypted_sample"


class Sample(models.Model):
    secret = EncryptedCharField(blank=True)
    phone = EncryptedCharField(max_length=11, null=True, blank=True)
    label = models.CharField(max_length=20, blank=True)

    class Meta:
        app_label = "core"
        db_table = TABLE
        # A registry of its own: the project's apps (and makemigrations) never see it.
        apps = Apps()

    def __str__(self) -> str:
        return self.label


@pytest.fixture
def sample_table(transactional_db: None) -> Iterator[None]:
    with connection.schema_editor() as editor:
        editor.create_model(Sample)
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Sample)


def raw_column(pk: int, column: str = "secret") -> str | None:
    """Read a column as stored, bypassing the field (TABLE and column are fixed names)."""
    assert column in {"secret", "phone"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {TABLE} WHERE id = %s", [pk])  # noqa: S608
        value: str | None = cursor.fetchone()[0]
    return value


def tamper(pk: int) -> None:
    stored = raw_column(pk)
    assert stored
    middle = len(stored) // 2
    altered = stored[:middle] + ("A" if stored[middle] != "A" else "B") + stored[middle + 1 :]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET secret = %s WHERE id = %s", [altered, pk])  # noqa: S608


# --- Through the database (SQLite and PostgreSQL) ----------------------------------------


@pytest.mark.usefixtures("sample_table")
def test_the_column_holds_ciphertext_and_the_orm_gives_plaintext() -> None:
    first = Sample.objects.create(secret=ID_NUMBER, phone=PHONE)
    second = Sample.objects.create(secret=ID_NUMBER, phone=PHONE)

    stored_first, stored_second = raw_column(first.pk), raw_column(second.pk)
    assert stored_first and stored_second
    assert ID_NUMBER not in stored_first
    assert stored_first.startswith("v1:")
    # A fresh nonce per save: equal numbers cannot be spotted by equal ciphertext.
    assert stored_first != stored_second
    assert decrypt(stored_first) == decrypt(stored_second) == ID_NUMBER
    assert raw_column(first.pk, "phone") != PHONE

    # The instance keeps its plaintext after saving, and every way of reading decrypts.
    assert first.secret == ID_NUMBER
    assert Sample.objects.get(pk=first.pk).secret == ID_NUMBER
    # SQL sees two different ciphertexts, so DISTINCT keeps both rows.
    rows = list(Sample.objects.values_list("secret", "phone").distinct())
    assert rows == [(ID_NUMBER, PHONE), (ID_NUMBER, PHONE)]
    assert Sample.objects.values("phone").get(pk=second.pk) == {"phone": PHONE}
    first.refresh_from_db()
    assert first.secret == ID_NUMBER


@pytest.mark.usefixtures("sample_table")
def test_every_write_path_encrypts() -> None:
    # Given rows written by save(), bulk_create(), update() and bulk_update()
    saved = Sample(secret="saved")
    saved.save()
    bulk = Sample.objects.bulk_create([Sample(secret="bulk one"), Sample(secret="bulk two")])
    Sample.objects.filter(pk=saved.pk).update(phone=PHONE)
    bulk[0].secret = "bulk updated"
    Sample.objects.bulk_update(bulk, ["secret"])

    # Then no plaintext reached the table, and the ORM reads every value back.
    for row in Sample.objects.all():
        assert raw_column(row.pk) != row.secret
    assert raw_column(saved.pk, "phone") != PHONE
    assert dict(Sample.objects.values_list("pk", "secret")) == {
        saved.pk: "saved",
        bulk[0].pk: "bulk updated",
        bulk[1].pk: "bulk two",
    }
    assert Sample.objects.get(pk=saved.pk).phone == PHONE


@pytest.mark.usefixtures("sample_table")
def test_empty_and_null_are_stored_as_they_are_and_can_be_filtered() -> None:
    blank = Sample.objects.create(secret="", phone=None)
    filled = Sample.objects.create(secret=ID_NUMBER, phone=PHONE)

    assert raw_column(blank.pk) == ""
    assert raw_column(blank.pk, "phone") is None
    assert Sample.objects.get(pk=blank.pk).secret == ""
    assert Sample.objects.get(pk=blank.pk).phone is None
    assert list(Sample.objects.filter(secret="")) == [blank]
    assert list(Sample.objects.exclude(secret="")) == [filled]
    assert list(Sample.objects.filter(phone__isnull=True)) == [blank]
    assert list(Sample.objects.filter(phone=None)) == [blank]
    assert list(Sample.objects.filter(phone__isnull=False)) == [filled]


@pytest.mark.usefixtures("sample_table")
def test_a_tampered_value_fails_to_read_with_a_clear_error() -> None:
    row = Sample.objects.create(secret=ID_NUMBER, label="kept")
    tamper(row.pk)

    with pytest.raises(DecryptionError, match="altered"):
        Sample.objects.get(pk=row.pk)
    with pytest.raises(DecryptionError):
        list(Sample.objects.values_list("secret", flat=True))
    # Reading other columns of the row is unaffected.
    assert Sample.objects.values_list("label", flat=True).get(pk=row.pk) == "kept"


@pytest.mark.usefixtures("sample_table")
def test_plaintext_written_behind_the_fields_back_is_refused() -> None:
    row = Sample.objects.create(secret=ID_NUMBER)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET secret = %s WHERE id = %s", [ID_NUMBER, row.pk])  # noqa: S608

    with pytest.raises(DecryptionError, match="does not start with 'v1:'"):
        Sample.objects.get(pk=row.pk)


# --- Queries that cannot work on ciphertext are refused -----------------------------------


@pytest.mark.parametrize(
    "lookup",
    [
        {"secret": ID_NUMBER},
        {"secret__exact": ID_NUMBER},
        {"secret__iexact": ID_NUMBER},
        {"secret__contains": "5133"},
        {"secret__icontains": "5133"},
        {"secret__startswith": "5133"},
        {"secret__endswith": "1234"},
        {"secret__in": [ID_NUMBER]},
        {"secret__gt": "5"},
        {"secret__regex": "^5"},
        {"secret": models.F("label")},
        {"secret__lower": "x"},
        {"secret__lower__exact": "x"},
    ],
    ids=lambda lookup: next(iter(lookup)),
)
def test_lookups_on_ciphertext_are_refused(lookup: dict[str, object]) -> None:
    with pytest.raises(FieldError, match=r"core\.Sample\.secret is encrypted.*lookup-hash"):
        Sample.objects.filter(**lookup)


def test_ordering_and_counting_still_build() -> None:
    # Nothing compares values here, so these are not refused.
    assert "secret" in str(Sample.objects.order_by("secret").query)
    assert "IS NULL" in str(Sample.objects.filter(phone__isnull=True).query)


# --- The field on its own -------------------------------------------------------------------


def test_prepare_and_read_back_directly() -> None:
    field = Sample._meta.get_field("secret")
    assert isinstance(field, EncryptedCharField)
    token = field.get_prep_value(ID_NUMBER)
    assert token.startswith("v1:")
    assert field.from_db_value(token, None, connection) == ID_NUMBER  # type: ignore[arg-type]
    assert field.get_prep_value("") == ""
    assert field.get_prep_value(None) is None
    assert field.from_db_value("", None, connection) == ""  # type: ignore[arg-type]
    assert field.from_db_value(None, None, connection) is None  # type: ignore[arg-type]
    # Numbers arriving as numbers (a spreadsheet cell) are encrypted as their text.
    assert decrypt(field.get_prep_value(13812345678)) == PHONE
    # to_python never decrypts: it only makes text of what a form or fixture gives.
    assert field.to_python(13812345678) == PHONE
    assert field.to_python(ID_NUMBER) == ID_NUMBER


def test_deconstruct_is_stable_for_migrations() -> None:
    field = EncryptedCharField("身份证号", max_length=18, blank=True, help_text="x")
    _name, path, args, kwargs = field.deconstruct()
    assert path == "guanai.core.fields.EncryptedCharField"
    assert kwargs == {
        "verbose_name": "身份证号",
        "max_length": 18,
        "blank": True,
        "help_text": "x",
    }
    rebuilt = EncryptedCharField(*args, **kwargs)
    assert rebuilt.deconstruct()[1:] == (path, args, kwargs)
    source, imports = MigrationWriter.serialize(field)
    assert source.startswith("guanai.core.fields.EncryptedCharField(")
    assert imports == {"import guanai.core.fields"}


def test_the_column_is_text() -> None:
    assert Sample._meta.get_field("secret").get_internal_type() == "TextField"


def test_max_length_limits_the_plaintext() -> None:
    row = Sample(secret="x", phone="138123456789")
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert set(caught.value.message_dict) == {"phone"}


def test_form_field_is_a_one_line_input_with_the_length() -> None:
    form_field = Sample._meta.get_field("phone").formfield()
    assert isinstance(form_field, forms.CharField)
    assert isinstance(form_field.widget, forms.TextInput)
    assert form_field.max_length == 11
    assert not form_field.required


@pytest.mark.parametrize("option", [{"unique": True}, {"db_index": True}, {"primary_key": True}])
def test_unique_index_and_primary_key_are_refused_by_the_checks(option: dict[str, bool]) -> None:
    isolated = Apps()

    class Bad(models.Model):
        number = EncryptedCharField(**option)

        class Meta:
            app_label = "core"
            apps = isolated

        def __str__(self) -> str:
            return "bad"

    errors = Bad._meta.get_field("number").check()
    assert [error.id for error in errors] == ["core.E001"]
    assert "lookup_hash" in (errors[0].hint or "")


def test_an_ordinary_field_passes_the_checks() -> None:
    assert Sample._meta.get_field("secret").check() == []
