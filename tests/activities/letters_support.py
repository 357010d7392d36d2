"""Helpers of the letters-home tests: children of a school by class, a round opened as of
a fixed day (the week before Mid-Autumn 2026), PNG and JPEG bytes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from guanai.accounts.scoping import Actor
from guanai.activities.letters import round_create
from guanai.activities.models.letters import LetterRound
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person
from tests import factories
from tests.care.log_support import on

DAY = date(2026, 9, 20)
MID_AUTUMN = "mid_autumn:2026-09-25"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def child(
    school: OrgUnit,
    name: str,
    klass: str = "2班",
    categories: tuple[str, ...] = (Category.LEFT_BEHIND,),
) -> Person:
    return factories.person(
        school, name, categories=categories, school=school, grade="三年级", class_name=klass
    )


@contextmanager
def that_day() -> Iterator[None]:
    with on(DAY):
        yield


def open_round(
    worker: Actor,
    unit: OrgUnit,
    occasion: str = MID_AUTUMN,
    categories: tuple[str, ...] = (Category.LEFT_BEHIND,),
) -> LetterRound:
    with that_day():
        return round_create(
            acting_user=worker,
            org_unit=unit,
            occasion=occasion,
            title="2026年中秋节亲情书信",
            opens_on=date(2026, 9, 11),
            closes_on=date(2026, 10, 2),
            target_categories=categories,
        )


def upload(data: bytes = PNG, name: str = "信.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")
