"""The services of a request: the whole path from asking to the follow-up, and every refusal
(nothing delivered before approval, only a leader approves, one open request per person and
service, stale versions, dates out of order, serial numbers, reasons), then the stages of a
renovation project with their photos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone, translation

from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.inkind import access
from guanai.inkind.applications import (
    application_assess,
    application_cancel,
    application_create,
    application_decide,
    application_deliver,
    followup_add,
    stage_record,
)
from guanai.inkind.eligibility import person_decision
from guanai.inkind.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    FollowUp,
    StagePhoto,
    StageRecord,
)
from guanai.registry.models import HouseCondition, Person
from tests.inkind.support import World, service
from tests.inkind.support_requests import (
    approved,
    asked,
    assessed,
    days_ago,
    fresh,
    jpeg,
    png,
    refused,
    staged,
)


def english(call: Any) -> str:
    """Return the message of the ValidationFailed (or other refusal) ``call`` raises, in English."""
    with translation.override("en"), pytest.raises((ValidationFailed, PermissionRefused)) as err:
        call()
    return str(err.value.message)


def test_a_wheelchair_goes_from_asking_to_the_follow_up(world: World) -> None:
    # Given 王大爷's request for a wheelchair, asked by the worker
    application = asked(world, world.elder, "wheelchair")
    assert application.status == ApplicationStatus.REQUESTED
    assert application.requested_by == world.lengqi_worker

    # When the worker assesses it, the leader approves it and the worker delivers it
    application = application_assess(
        world.lengqi_worker,
        application,
        version=application.version,
        assessment="适配标准轮椅（座宽46cm）",
        on=days_ago(8),
    )
    application = application_decide(
        world.lengqi_leader, application, version=application.version, approve=True, on=days_ago(6)
    )
    application = application_deliver(
        world.lengqi_worker,
        application,
        version=application.version,
        on=days_ago(2),
        supplier="泸定县康复器材站",
        cost="1280.00",
        serial_number="LZ-2026-0001",
    )
    followup_add(world.lengqi_worker, application, status="in_use", on=days_ago(1))

    # Then every step is on the request, in order, with who did it
    stored = fresh(application)
    assert stored.status == ApplicationStatus.DELIVERED
    assert stored.assessment == "适配标准轮椅（座宽46cm）"
    assert stored.decided_by == world.lengqi_leader
    assert (stored.delivered_on, stored.serial_number) == (days_ago(2), "LZ-2026-0001")
    assert str(stored.cost) == "1280.00"
    assert stored.version == 4
    assert [f.status for f in stored.followups.all()] == ["in_use"]
    logged = set(
        AccessLog.objects.filter(object_id=str(stored.pk)).values_list("action", flat=True)
    )
    assert logged == {AuditAction.ASSISTANCE_DECIDE, AuditAction.ASSISTANCE_DELIVER}


@pytest.mark.parametrize("state", ["requested", "assessed", "refused", "cancelled"])
def test_a_request_is_not_delivered_before_it_is_approved(world: World, state: str) -> None:
    application = {"requested": asked, "assessed": assessed, "refused": refused}.get(state, asked)(
        world, world.elder, "wheelchair"
    )
    if state == "cancelled":
        application = application_cancel(
            world.lengqi_worker, application, version=application.version, reason="本人撤回"
        )
    label = ApplicationStatus(state).label
    before = fresh(application)

    message = english(
        lambda: application_deliver(
            world.lengqi_worker, before, version=before.version, serial_number="SN1"
        )
    )

    with translation.override("en"):
        assert message == f"Only an approved request can be delivered; this one is {label}."
    after = fresh(application)
    assert (after.status, after.version, after.delivered_on) == (state, before.version, None)


def test_only_a_leader_approves(world: World) -> None:
    application = assessed(world, world.elder, "wheelchair")

    message = english(
        lambda: application_decide(
            world.lengqi_worker, application, version=application.version, approve=True
        )
    )

    assert message == "Only a leader of the person's unit may approve or refuse."
    assert fresh(application).status == ApplicationStatus.ASSESSED
    # The county's leader is over the township: they may.
    application_decide(world.county_leader, application, version=application.version, approve=True)
    assert fresh(application).status == ApplicationStatus.APPROVED


def test_a_worker_of_another_township_can_neither_ask_nor_read_nor_act(world: World) -> None:
    application = asked(world, world.elder, "wheelchair")
    outsider = world.xinglong_worker

    refused_ask = english(
        lambda: application_create(
            outsider, person=world.elder, service=service("crutches"), source="office"
        )
    )
    assert refused_ask == "You may not ask for services for this person."
    with pytest.raises(Http404):
        access.access_request(outsider, application.pk)
    assert not access.requests_visible(outsider).exists()
    refused_assess = english(
        lambda: application_assess(
            outsider, application, version=application.version, assessment="看过了"
        )
    )
    assert refused_assess == "Only a leader or worker of the person's unit may do this."
    assert Application.objects.count() == 1
    assert fresh(application).status == ApplicationStatus.REQUESTED


def test_one_open_request_per_person_and_service(world: World) -> None:
    first = asked(world, world.elder, "wheelchair", days=10)

    message = english(lambda: asked(world, world.elder, "wheelchair", days=3))

    assert message == (
        f"王大爷 already has an open request for 轮椅 (from {days_ago(10):%Y-%m-%d})."
    )
    assert Application.objects.count() == 1
    # Another service is another request; once the first is cancelled, a new one may be made.
    asked(world, world.elder, "crutches")
    application_cancel(world.lengqi_worker, first, version=first.version, reason="重复申请")
    assert asked(world, world.elder, "wheelchair", days=1).status == ApplicationStatus.REQUESTED


def test_a_stale_version_is_refused_and_changes_nothing(world: World) -> None:
    application = asked(world, world.elder, "wheelchair")
    opened_at = application.version
    application_assess(world.lengqi_worker, application, version=opened_at, assessment="第一次")

    with translation.override("en"), pytest.raises(StaleEdit) as err:
        application_assess(world.lengqi_worker, application, version=opened_at, assessment="第二次")

    assert str(err.value.message).startswith("Someone changed this request after you opened it")
    assert str(err.value.message).endswith("reload and try again.")
    assert fresh(application).assessment == "第一次"


def test_a_delivery_dated_before_the_decision_is_refused(world: World) -> None:
    application = approved(world, world.elder, "wheelchair")

    message = english(
        lambda: application_deliver(
            world.lengqi_worker,
            application,
            version=application.version,
            on=days_ago(7),
            serial_number="SN1",
        )
    )

    assert message == f"The date cannot be before {days_ago(6):%Y-%m-%d}, the step before it."
    assert fresh(application).status == ApplicationStatus.APPROVED


def test_a_wheelchair_needs_its_serial_number_crutches_do_not(world: World) -> None:
    wheelchair = approved(world, world.elder, "wheelchair")

    message = english(
        lambda: application_deliver(
            world.lengqi_worker, wheelchair, version=wheelchair.version, serial_number="  "
        )
    )

    assert message == "Write the serial number of the 轮椅 delivered."
    assert fresh(wheelchair).status == ApplicationStatus.APPROVED
    crutches = approved(world, world.elder, "crutches")
    application_deliver(world.lengqi_worker, crutches, version=crutches.version)
    assert fresh(crutches).status == ApplicationStatus.DELIVERED


def test_a_refusal_says_why(world: World) -> None:
    application = assessed(world, world.elder, "wheelchair")

    message = english(
        lambda: application_decide(
            world.lengqi_leader, application, version=application.version, approve=False, note=" "
        )
    )

    assert message == "Say why the request is refused."
    assert fresh(application).status == ApplicationStatus.ASSESSED


def test_an_unused_device_says_why_one_in_use_need_not(world: World) -> None:
    application = approved(world, world.elder, "crutches")
    application_deliver(
        world.lengqi_worker, application, version=application.version, on=days_ago(3)
    )
    application = fresh(application)

    message = english(lambda: followup_add(world.lengqi_worker, application, status="unused"))

    assert message == "Say why it needs repair or is not used."
    assert not FollowUp.objects.exists()
    followup_add(world.lengqi_worker, application, status="unused", reason="老人卧床，用不上")
    followup_add(world.lengqi_worker, application, status="in_use")
    assert sorted(FollowUp.objects.values_list("status", flat=True)) == ["in_use", "unused"]


# --- A renovation project: stages in order, funding with its amount, photos ---------------


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_stages_are_recorded_in_order_only(world: World) -> None:
    project = approved(world, world.scattered, "housing_renovation")

    message = english(
        lambda: stage_record(world.lengqi_worker, project, version=project.version, stage="plan")
    )

    assert message == "The next stage to record is Survey of the house."
    assert not StageRecord.objects.exists()
    project = staged(world, project, "survey", "plan")
    assert list(project.stages.values_list("stage", flat=True)) == ["survey", "plan"]


def test_funding_states_its_amount_and_no_other_stage_does(world: World) -> None:
    project = staged(world, approved(world, world.scattered, "housing_renovation"), "survey")

    missing = english(
        lambda: stage_record(
            world.lengqi_worker, project, version=project.version, stage="plan", amount="500"
        )
    )
    assert missing == "Only the funding stage states an amount."
    project = staged(world, project, "plan")
    no_amount = english(
        lambda: stage_record(world.lengqi_worker, project, version=project.version, stage="funding")
    )
    assert no_amount == "Enter the amount."
    assert list(project.stages.values_list("stage", flat=True)) == ["survey", "plan"]


def test_acceptance_delivers_and_the_house_is_safe(world: World) -> None:
    today = timezone.localdate()
    assert person_decision(service("housing_renovation"), world.scattered, today).eligible

    project = staged(
        world,
        approved(world, world.scattered, "housing_renovation"),
        "survey",
        "plan",
        "funding",
        "works",
        "acceptance",
    )

    assert project.status == ApplicationStatus.DELIVERED
    assert project.delivered_on == days_ago(1)
    assert str(project.cost) == "35000.00"  # the funding's amount
    person = Person.objects.get(pk=world.scattered.pk)
    assert person.house_condition == HouseCondition.SAFE
    # Then 赵婆婆 no longer qualifies for a renovation: her house is safe
    with translation.override("en"):
        decision = person_decision(service("housing_renovation"), person, today)
    assert not decision.eligible
    assert [line.met for line in decision.lines if line.text.startswith("House")] == [False]


def test_photos_are_kept_with_their_stage(world: World, media: Path) -> None:
    project = approved(world, world.scattered, "housing_renovation")

    record = stage_record(
        world.lengqi_worker,
        project,
        version=project.version,
        stage="survey",
        photos=[png(), jpeg()],
    )

    photos = list(StagePhoto.objects.filter(record=record).order_by("pk"))
    assert [(p.original_name, p.content_type) for p in photos] == [
        ("房屋.png", "image/png"),
        ("施工.jpg", "image/jpeg"),
    ]
    assert len(stored_files(media)) == 2


def test_a_text_file_named_like_a_photo_is_refused(world: World, media: Path) -> None:
    project = approved(world, world.scattered, "housing_renovation")
    fake = SimpleUploadedFile("x.jpg", b"not a photo at all", "image/jpeg")

    message = english(
        lambda: stage_record(
            world.lengqi_worker, project, version=project.version, stage="survey", photos=[fake]
        )
    )

    assert message == "x.jpg is not a JPEG or PNG photo."
    assert not StageRecord.objects.exists()
    assert not StagePhoto.objects.exists()
    assert stored_files(media) == []
    assert fresh(project).version == project.version


def test_more_than_six_photos_are_refused(world: World, media: Path) -> None:
    project = approved(world, world.scattered, "housing_renovation")

    message = english(
        lambda: stage_record(
            world.lengqi_worker,
            project,
            version=project.version,
            stage="survey",
            photos=[png(f"{n}.png") for n in range(7)],
        )
    )

    assert message == "A stage keeps at most 6 photos."
    assert not StageRecord.objects.exists()
    assert stored_files(media) == []


def test_a_project_is_not_delivered_in_one_step(world: World) -> None:
    project = approved(world, world.scattered, "housing_renovation")

    message = english(
        lambda: application_deliver(world.lengqi_worker, project, version=project.version)
    )

    assert message == (
        "散居五保户危房改造 is a project: it is delivered when its acceptance is recorded."
    )
    assert fresh(project).status == ApplicationStatus.APPROVED


def test_a_request_may_be_asked_from_a_survey_for_a_person_who_does_not_qualify(
    world: World,
) -> None:
    application = application_create(
        world.lengqi_worker,
        person=world.healthy,
        service=service("skills_training"),
        source=ApplicationSource.SURVEY,
        reason="调查发现：有培训意愿",
    )
    assert (application.source, application.requested_on) == ("survey", timezone.localdate())
