"""Schemas and response maps every router shares (one copy, issue 13).

Routers import these rather than writing their own: a reference to a row, the bounded
text types, the id the database can hold and the error maps listed in the docs.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field

from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.text import PlainText

__all__ = [
    "EDIT_ERRORS",
    "PHOTO_OPENAPI",
    "READ_ERRORS",
    "WRITE_ERRORS",
    "Id",
    "PersonRefOut",
    "PlainText",
    "RefOut",
    "Small",
    "Text20",
    "Text30",
    "Text40",
    "Text50",
    "Text60",
    "Text100",
    "Text200",
    "Text300",
    "Text1000",
    "Text2000",
    "UnitRefOut",
]

# Ids the database can hold; a larger one is refused (422) instead of failing the query.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
# Small numbers as their columns hold them; the services say what is allowed.
Small = Annotated[int, Field(ge=-32768, le=32767)]

# Text no longer than its column; the limit is named in the 422 message.
Text20 = Annotated[PlainText, Field(max_length=20)]
Text30 = Annotated[PlainText, Field(max_length=30)]
Text40 = Annotated[PlainText, Field(max_length=40)]
Text50 = Annotated[PlainText, Field(max_length=50)]
Text60 = Annotated[PlainText, Field(max_length=60)]
Text100 = Annotated[PlainText, Field(max_length=100)]
Text200 = Annotated[PlainText, Field(max_length=200)]
Text300 = Annotated[PlainText, Field(max_length=300)]
Text1000 = Annotated[PlainText, Field(max_length=1000)]
Text2000 = Annotated[PlainText, Field(max_length=2000)]

# What an operation may answer besides success, for the docs (api/errors.py maps them).
READ_ERRORS: dict[int, type[Schema]] = {**AUTH_ERRORS, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
EDIT_ERRORS: dict[int, type[Schema]] = {**WRITE_ERRORS, 409: ErrorOut}
# A photo answered as a file: what the schema says of it (the operation's 200 is the file).
PHOTO_OPENAPI: dict[str, object] = {
    "responses": {
        "200": {
            "description": "The photo (JPEG or PNG).",
            "content": {
                "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                "image/png": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }
}


class RefOut(Schema):
    """A row named for people: an account, a unit, a plan."""

    id: int
    name: str


class PersonRefOut(RefOut):
    """A person, by id and name only (no numbers)."""


class UnitRefOut(RefOut):
    """An org unit, by id and name."""
