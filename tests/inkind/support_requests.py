"""Requests made through the services for the tests of the request services and pages, and
photo bytes (a PNG, a JPEG, a text file named like a photo)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guanai.inkind.applications import (
    application_assess,
    application_create,
    application_decide,
    stage_record,
)
from guanai.inkind.models import Application, ApplicationSource
from guanai.registry.models import Person
from tests.inkind.support import World, service

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 32


def png(name: str = "房屋.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, "image/png")


def jpeg(name: str = "施工.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, JPEG, "image/jpeg")


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def asked(w: World, person: Person, code: str, *, days: int = 10) -> Application:
    """Return a request for ``code`` for ``person``, asked ``days`` ago by the worker."""
    return application_create(
        w.lengqi_worker,
        person=person,
        service=service(code),
        source=ApplicationSource.OFFICE,
        reason="本人申请",
        requested_on=days_ago(days),
    )


def assessed(w: World, person: Person, code: str) -> Application:
    application = asked(w, person, code)
    return application_assess(
        w.lengqi_worker,
        application,
        version=application.version,
        assessment="适配标准轮椅",
        on=days_ago(8),
    )


def approved(w: World, person: Person, code: str) -> Application:
    application = assessed(w, person, code)
    return application_decide(
        w.lengqi_leader, application, version=application.version, approve=True, on=days_ago(6)
    )


def refused(w: World, person: Person, code: str) -> Application:
    application = assessed(w, person, code)
    return application_decide(
        w.lengqi_leader,
        application,
        version=application.version,
        approve=False,
        note="已享受同类救助",
        on=days_ago(6),
    )


def fresh(application: Application) -> Application:
    return Application.objects.select_related("service", "person__org_unit").get(pk=application.pk)


def staged(w: World, application: Application, *stages: str) -> Application:
    """Record ``stages`` of an approved project in order, a day apart, and return it fresh."""
    for n, stage in enumerate(stages):
        current = fresh(application)
        stage_record(
            w.lengqi_worker,
            current,
            version=current.version,
            stage=stage,
            on=days_ago(5 - n),
            amount="35000" if stage == "funding" else None,
        )
    return fresh(application)
