"""Helpers shared by the tests of field work offline: paired pupils, syncs and sends."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from guanai.accounts.models import User
from guanai.care.models import HelperRole, Pairing
from guanai.registry.models import Person
from tests import factories
from tests.care.log_support import on

TODAY = date(2026, 11, 25)
STARTED = date(2024, 9, 1)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# ID and phone numbers differ per pupil; the counter wraps (each test rolls back).
_sequences = itertools.cycle(range(100, 999))


def paired_pupil(
    by: User,
    helper: User,
    school: Any,
    name: str = "李小花",
    *,
    role: str = HelperRole.CLASS_TEACHER,
    categories: tuple[str, ...] = ("left_behind",),
) -> Person:
    """Register a pupil of ``school`` (born 2015-05-05, a grandmother as guardian) paired
    with ``helper`` since 1 September 2024."""
    pupil = factories.pupil(by, school, name, next(_sequences), categories=categories)
    Pairing.objects.create(person=pupil, helper=helper, role=role, started_on=STARTED)
    return pupil


def zh_day(day: date) -> str:
    """Return ``day`` as a Chinese message writes it."""
    with translation.override("zh-hans"):
        return date_format(day)


def sync(client: Client, have: dict[str, str] | None = None, **headers: str) -> Any:
    with on(TODAY):
        return client.post(
            "/api/care/field/sync",
            data={"have": have or {}},
            content_type="application/json",
            headers=headers,
        )


def have_of(answer: Any) -> dict[str, str]:
    return {str(card["id"]): card["hash"] for card in answer.json()["persons"]}


def jpeg(name: str = "visit.jpg", data: bytes = JPEG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def send(
    client: Client,
    person: Person | int,
    *,
    key: uuid.UUID | str | None = None,
    photos: Sequence[SimpleUploadedFile] = (),
    headers: dict[str, str] | None = None,
    **values: Any,
) -> Any:
    """Send one record of the outbox as the phone does (multipart/form-data)."""
    fields: dict[str, Any] = {
        "key": str(key or uuid.uuid4()),
        "person_id": person if isinstance(person, int) else person.pk,
        "kind": "home_visit",
        "occurred_on": "2026-11-24",
        "summary": "到家中走访，奶奶身体还好。",
        # The phone's form sends every field, the optional ones empty.
        "study": "",
        "life": "",
        "mood": "",
        "friends": "",
        "health": "",
        "needs": "",
        "follow_up_on": "",
        "parent": "",
        "minutes": "",
        **values,
    }
    if photos:
        fields["photos"] = list(photos)
    with on(TODAY):
        return client.post("/api/care/field/records", data=fields, headers=headers)
