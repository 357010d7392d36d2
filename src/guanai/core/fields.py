"""Model fields that keep sensitive text encrypted at rest (DESIGN §5: ID and phone numbers).

``EncryptedCharField`` stores a ``v1:…`` token (see ``guanai.core.crypto``) and gives
Python code the plaintext. Because every save uses a fresh nonce, the column cannot be
searched, compared, indexed or made unique: pair it with a ``lookup_hash`` column for
that, e.g.::

    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)

Note that serialising a model (``dumpdata``) writes the plaintext, as for any field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import checks, validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression
from django.db.models.lookups import Exact, Lookup, Transform

from guanai.core.crypto import decrypt, encrypt


def _refusal(field: models.Field[Any, Any], what: str) -> FieldError:
    name = f"{field.model._meta.label}.{field.name}" if hasattr(field, "model") else field.name
    return FieldError(
        f"{name} is encrypted and cannot be queried with {what}: the column holds "
        "ciphertext that differs on every save. Filter on its lookup-hash field instead "
        "(guanai.core.crypto.lookup_hash); only __isnull and an exact match on '' work here."
    )


class _EmptyOnlyExact(Exact):
    """``field=""`` (blank) and ``field=None`` (becomes isnull); any other value is refused."""

    def get_prep_lookup(self) -> Any:
        if hasattr(self.rhs, "resolve_expression") or self.rhs not in ("", None):
            raise _refusal(self.lhs.output_field, f"exact={self.rhs!r}")
        return super().get_prep_lookup()


class EncryptedCharField(models.TextField):
    """Short text (an ID or phone number) stored encrypted; the ORM gives back plaintext.

    The column is ``text`` because a token is longer than its plaintext; ``max_length``,
    if given, limits the plaintext (model validation and forms), as for ``CharField``.
    The empty string is stored as is, so ``blank=True`` fields need no ciphertext for
    "nothing".
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        """Refuse options that mean nothing on ciphertext that differs on every save."""
        errors = super().check(**kwargs)
        # getattr: django-stubs does not declare Field.db_index, which Django always sets.
        if self.unique or self.primary_key or getattr(self, "db_index", False):
            errors.append(
                checks.Error(
                    "EncryptedCharField cannot be unique, indexed or a primary key.",
                    hint="Put uniqueness and the index on a lookup_hash() field beside it.",
                    obj=self,
                    id="core.E001",
                )
            )
        return errors

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        """Decrypt a value read from the database (raises ``DecryptionError`` if altered)."""
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        """Encrypt a plaintext value for writing; ``None`` and ``""`` stay as they are."""
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        """Allow only ``isnull`` and ``exact`` on ``""``: ciphertext cannot be compared."""
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return _EmptyOnlyExact
        raise _refusal(self, f"__{lookup_name}")

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        """Refuse every transform (``__length``, ``__lower`` …): they would see ciphertext."""
        raise _refusal(self, f"__{lookup_name}")

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        """Return a one-line text input, not the textarea of a ``TextField``."""
        return models.Field.formfield(self, **{"max_length": self.max_length, **kwargs})
