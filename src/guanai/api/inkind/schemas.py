"""What the assistance-in-kind API reads and writes, shared by its modules.

Names start with ``Inkind`` (the OpenAPI components are keyed by class name). A person is
named by id and name only, never by a number; money is text both ways, as in the benefits
API ("1234.50"); the rules of a service are the JSON object ``inkind.rules`` reads, with
their explanation in sentences of the caller's language.
"""

# No `from __future__ import annotations`: ninja builds its models from these classes and
# cannot resolve the types named as strings.

from datetime import date
from typing import Annotated, Any

from django.urls import reverse
from ninja import Field, Schema

from guanai.api.benefits import MoneyOut
from guanai.api.schemas import PersonRefOut, PlainText, UnitRefOut
from guanai.inkind.applications.projects import next_stage
from guanai.inkind.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Service,
    ServiceKind,
    Stage,
    StagePhoto,
    UseStatus,
)
from guanai.inkind.rules import Decision

__all__ = [
    "InkindDecisionOut",
    "InkindFollowUpOut",
    "InkindLineOut",
    "InkindPhotoOut",
    "InkindRequestDetailOut",
    "InkindRequestOut",
    "InkindServiceRefOut",
    "InkindStageOut",
    "MoneyText",
    "Version",
    "decision_out",
    "request_detail_out",
    "request_out",
    "service_ref",
]

# The version read (optimistic locking): a stale one is answered 409.
Version = Annotated[int, Field(ge=1, le=2**31 - 1, description="The version read.")]
MoneyText = Annotated[
    PlainText,
    Field(max_length=30, description='Yuan as text, e.g. "1234.50".', examples=["1234.50"]),
]


class InkindServiceRefOut(Schema):
    id: int
    code: str
    name: str
    kind: ServiceKind


class InkindLineOut(Schema):
    text: str = Field(description="One condition of the rules, in the caller's language.")
    met: bool


class InkindDecisionOut(Schema):
    eligible: bool = Field(description="Whether the person qualifies today under the rules.")
    lines: list[InkindLineOut]


class InkindRequestOut(Schema):
    id: int
    version: int
    person: PersonRefOut
    unit: UnitRefOut = Field(description="The person's unit.")
    service: InkindServiceRefOut
    status: ApplicationStatus
    source: ApplicationSource
    reason: str
    requested_on: date
    assessed_on: date | None
    decided_on: date | None
    delivered_on: date | None


class InkindPhotoOut(Schema):
    id: int
    content_type: str
    size: int
    url: str = Field(description="Where the photo itself is read (the API's own address).")


class InkindStageOut(Schema):
    stage: Stage
    done_on: date
    note: str
    amount: MoneyOut | None = Field(description="The funding stage's amount.")
    photos: list[InkindPhotoOut]


class InkindFollowUpOut(Schema):
    visited_on: date
    status: UseStatus
    reason: str


class InkindRequestDetailOut(InkindRequestOut):
    requested_by: str
    assessment: str
    decided_by: str
    decision_note: str
    supplier: str
    cost: MoneyOut | None
    serial_number: str
    delivery_note: str
    cancel_reason: str
    stages: list[InkindStageOut] = Field(description="A project's stages, in order.")
    next_stage: Stage | None = Field(description="The stage a project records next.")
    followups: list[InkindFollowUpOut] = Field(description="The latest first.")
    eligibility: InkindDecisionOut = Field(
        description="What the service's rules find of the person today, condition by condition."
    )


def service_ref(service: Service) -> InkindServiceRefOut:
    return InkindServiceRefOut(
        id=service.pk, code=service.code, name=service.name, kind=ServiceKind(service.kind)
    )


def decision_out(decision: Decision) -> InkindDecisionOut:
    return InkindDecisionOut(
        eligible=decision.eligible,
        lines=[InkindLineOut(text=line.text, met=line.met) for line in decision.lines],
    )


def _fields(application: Application) -> dict[str, Any]:
    person = application.person
    return {
        "id": application.pk,
        "version": application.version,
        "person": PersonRefOut(id=person.pk, name=person.name),
        "unit": UnitRefOut(id=person.org_unit.pk, name=person.org_unit.name),
        "service": service_ref(application.service),
        "status": ApplicationStatus(application.status),
        "source": ApplicationSource(application.source),
        "reason": application.reason,
        "requested_on": application.requested_on,
        "assessed_on": application.assessed_on,
        "decided_on": application.decided_on,
        "delivered_on": application.delivered_on,
    }


def request_out(application: Application) -> InkindRequestOut:
    return InkindRequestOut(**_fields(application))


def _photo_out(photo: StagePhoto) -> InkindPhotoOut:
    return InkindPhotoOut(
        id=photo.pk,
        content_type=photo.content_type,
        size=photo.size,
        url=reverse("api:inkind_photo", kwargs={"photo_id": photo.pk}),
    )


def _name(user: Any) -> str:
    return "" if user is None else user.full_name


def request_detail_out(application: Application, decision: Decision) -> InkindRequestDetailOut:
    """Return a request read by ``applications.selectors.application_detail`` (its stages,
    photos and follow-ups prefetched), with what the rules find of the person."""
    following = next_stage(application)
    return InkindRequestDetailOut(
        **_fields(application),
        requested_by=_name(application.requested_by),
        assessment=application.assessment,
        decided_by=_name(application.decided_by),
        decision_note=application.decision_note,
        supplier=application.supplier,
        cost=application.cost,
        serial_number=application.serial_number,
        delivery_note=application.delivery_note,
        cancel_reason=application.cancel_reason,
        stages=[
            InkindStageOut(
                stage=Stage(record.stage),
                done_on=record.done_on,
                note=record.note,
                amount=record.amount,
                photos=[_photo_out(photo) for photo in record.photos.all()],
            )
            for record in application.stages.all()
        ],
        next_stage=None if following is None else Stage(following),
        followups=[
            InkindFollowUpOut(visited_on=f.visited_on, status=UseStatus(f.status), reason=f.reason)
            for f in application.followups.all()
        ],
        eligibility=decision_out(decision),
    )
