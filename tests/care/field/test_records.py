"""Records sent from the phone's outbox (issue 23): stored once whatever the number of
sends, checked as online records, and refused with a reason the helper can act on."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from guanai.accounts.models import Role, User
from guanai.care.field import FIELD_PHOTOS_MAX
from guanai.care.models import CareRecord, CareRecordPhoto, Pairing
from guanai.care.pairing import pairing_end
from guanai.core.photos import MAX_PHOTO_BYTES
from guanai.registry.models import Person
from guanai.registry.services import person_archive, transfer_accept, transfer_request
from tests import factories
from tests.care.field.support import JPEG, TODAY, jpeg, paired_pupil, send, zh_day
from tests.care.log_support import on, zh
from tests.conftest import Region, logged_in

ALREADY = "This record had already arrived; it was not stored twice."


@pytest.fixture
def child(region: Region, school_helper: User, township_worker: User) -> Person:
    return paired_pupil(township_worker, school_helper, region.lengqi_school, "李小花")


def _refused(answer: object, status: int, message: str, field: str | None) -> None:
    assert answer.status_code == status, answer.content  # type: ignore[attr-defined]
    assert answer.json() == {"detail": message, "field": field}  # type: ignore[attr-defined]


def test_a_record_sent_twice_is_stored_once(child: Person, school_helper: User) -> None:
    phone = logged_in(school_helper)
    key = uuid.uuid4()

    # Given a visit sent from the outbox, when its answer is lost and it is sent again
    first = send(phone, child, key=key, mood="2", needs="缺冬衣")
    second = send(phone, child, key=key, mood="2", needs="缺冬衣")

    # Then it is stored once, and the second answer says so
    record = CareRecord.objects.get()
    assert first.status_code == 201
    assert first.json() == {"stored": True, "record_id": record.pk, "detail": zh("Saved.")}
    assert second.status_code == 200
    assert second.json() == {"stored": False, "record_id": record.pk, "detail": zh(ALREADY)}
    assert (record.key, record.author, record.kind, record.mood, record.study) == (
        key,
        school_helper,
        "home_visit",
        2,
        None,
    )
    assert (record.needs, record.occurred_on) == ("缺冬衣", date(2026, 11, 24))
    assert list(record.persons.all()) == [child]


def test_the_answers_are_in_english_for_an_english_phone(
    child: Person, school_helper: User
) -> None:
    phone = logged_in(school_helper)
    key = uuid.uuid4()
    send(phone, child, key=key)
    english = {"Accept-Language": "en"}

    again = send(phone, child, key=key, headers=english)
    chinese = send(phone, child, occurred_on="2026-12-01")
    refused = send(phone, child, occurred_on="2026-12-01", headers=english)

    assert again.json()["detail"] == ALREADY
    assert (
        chinese.json()["detail"]
        == zh("The date cannot be in the future.")
        != ("The date cannot be in the future.")
    )
    assert refused.json()["detail"] == "The date cannot be in the future."


def test_a_resend_after_the_pairing_ended_still_says_it_arrived(
    child: Person, school_helper: User, township_worker: User
) -> None:
    phone = logged_in(school_helper)
    key = uuid.uuid4()
    first = send(phone, child, key=key)
    with on(TODAY):
        pairing_end(
            acting_user=township_worker,
            pairing=Pairing.objects.get(person=child),
            ended_on=TODAY,
            reason="调班",
        )

    again = send(phone, child, key=key)

    assert (again.status_code, again.json()["stored"]) == (200, False)
    assert again.json()["record_id"] == first.json()["record_id"]


def test_the_same_key_from_another_helper_is_refused(
    region: Region, child: Person, school_helper: User, township_worker: User
) -> None:
    other = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    their_child = paired_pupil(township_worker, other, region.lengqi_school, "王小明")
    key = uuid.uuid4()
    send(logged_in(school_helper), child, key=key)

    answer = send(logged_in(other), their_child, key=key)

    _refused(answer, 400, zh("This key belongs to another record."), "key")
    assert CareRecord.objects.count() == 1


def test_a_record_after_the_pairing_ended_is_refused_with_the_day(
    child: Person, school_helper: User, township_worker: User
) -> None:
    with on(TODAY):
        pairing_end(
            acting_user=township_worker,
            pairing=Pairing.objects.get(person=child),
            ended_on=date(2026, 11, 20),
            reason="调换班主任",
        )

    answer = send(logged_in(school_helper), child)

    message = (
        "Your pairing with %(name)s ended on %(day)s; this record can no longer be saved. "
        "Copy it and give it to the person's current helper."
    )
    _refused(answer, 403, zh(message, name="李小花", day=zh_day(date(2026, 11, 20))), "person_id")
    assert not CareRecord.objects.exists()


def test_a_record_for_a_person_transferred_meanwhile_names_the_new_unit(
    region: Region,
    child: Person,
    school_helper: User,
    township_worker: User,
    other_township_worker: User,
) -> None:
    # Given the pupil transferred to 兴隆镇中心小学, whose worker ends the old pairing
    with on(date(2026, 11, 22)):
        transfer = transfer_request(
            acting_user=township_worker,
            person=child,
            to_unit=region.xinglong_school,
            reason="随父母迁居",
        )
        transfer_accept(acting_user=other_township_worker, transfer=transfer)
        pairing_end(
            acting_user=other_township_worker,
            pairing=Pairing.objects.get(person=child),
            ended_on=date(2026, 11, 22),
            reason="已转入新学校",
        )

    # When the class teacher's outbox sends a visit written before
    answer = send(logged_in(school_helper), child)

    message = (
        "%(name)s was transferred to %(unit)s on %(day)s; this record can no longer be saved "
        "here. Copy it and give it to the person's new helper."
    )
    day = zh_day(date(2026, 11, 22))
    _refused(answer, 403, zh(message, name="李小花", unit="兴隆镇中心小学", day=day), "person_id")
    assert not CareRecord.objects.exists()


def test_a_pairing_ended_with_a_move_as_its_reason_says_the_pairing_ended(
    child: Person, school_helper: User, township_worker: User
) -> None:
    with on(TODAY):
        pairing_end(
            acting_user=township_worker,
            pairing=Pairing.objects.get(person=child),
            ended_on=date(2026, 11, 21),
            reason="转学到成都",
        )

    answer = send(logged_in(school_helper), child)

    # The registry knows of no transfer: the reason's words are not guessed at.
    message = (
        "Your pairing with %(name)s ended on %(day)s; this record can no longer be saved. "
        "Copy it and give it to the person's current helper."
    )
    _refused(answer, 403, zh(message, name="李小花", day=zh_day(date(2026, 11, 21))), "person_id")
    assert not CareRecord.objects.exists()


def test_a_record_for_an_archived_file_is_refused(
    child: Person, school_helper: User, township_worker: User
) -> None:
    person_archive(acting_user=township_worker, person=child, reason="moved_away")

    answer = send(logged_in(school_helper), child)

    message = "The file of %(name)s is archived; no care can be recorded for it."
    _refused(answer, 400, zh(message, name="李小花"), "person_id")
    assert not CareRecord.objects.exists()


def test_a_date_in_the_future_is_refused_as_online(child: Person, school_helper: User) -> None:
    answer = send(logged_in(school_helper), child, occurred_on="2026-11-26")

    _refused(answer, 400, zh("The date cannot be in the future."), "occurred_on")
    assert not CareRecord.objects.exists()


def test_a_family_call_without_minutes_is_refused_as_online(
    child: Person, school_helper: User
) -> None:
    answer = send(logged_in(school_helper), child, kind="family_call", parent="mother")

    _refused(
        answer,
        400,
        zh("Enter how many minutes the call lasted (1 to %(max)s).", max=600),
        "minutes",
    )


def test_the_photos_are_stored_with_the_record_and_shown_to_its_readers(
    region: Region, child: Person, school_helper: User
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32
    answer = send(
        logged_in(school_helper),
        child,
        photos=[jpeg("家里.jpg"), jpeg("院子.png", png)],
    )

    assert answer.status_code == 201, answer.content
    record = CareRecord.objects.get()
    photos = list(record.photos.order_by("pk"))
    assert [(p.original_name, p.content_type, p.size) for p in photos] == [
        ("家里.jpg", "image/jpeg", len(JPEG)),
        ("院子.png", "image/png", len(png)),
    ]
    assert photos[0].file.name.startswith("care/")
    # Served to the author (and on the person's care page), not to another school's helper
    served = logged_in(school_helper).get(f"/care/records/{record.pk}/photos/{photos[1].pk}/")
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")
    assert b"".join(served.streaming_content) == png  # type: ignore[attr-defined]
    link = f"/care/records/{record.pk}/photos/{photos[0].pk}/"
    for page in (f"/care/persons/{child.pk}/", f"/care/records/{record.pk}/edit/"):
        assert link in logged_in(school_helper).get(page).content.decode()
    outsider = factories.user(unit=region.xinglong_school, role=Role.HELPER)
    assert (
        logged_in(outsider).get(f"/care/records/{record.pk}/photos/{photos[0].pk}/").status_code
        == 404
    )


def test_a_photo_of_another_record_is_not_found_under_this_one(
    child: Person, school_helper: User
) -> None:
    phone = logged_in(school_helper)
    send(phone, child, photos=[jpeg()])
    send(phone, child)
    with_photo, without = CareRecord.objects.order_by("pk")
    photo = CareRecordPhoto.objects.get()

    with on(TODAY):
        answer = phone.get(f"/care/records/{without.pk}/photos/{photo.pk}/")
        found = phone.get(f"/care/records/{with_photo.pk}/photos/{photo.pk}/")

    assert (answer.status_code, found.status_code) == (404, 200)


@pytest.mark.parametrize(
    ("files", "message", "params"),
    [
        (
            lambda: [jpeg(f"{n}.jpg") for n in range(FIELD_PHOTOS_MAX + 1)],
            "Send at most %(count)s photos with a record.",
            {"count": FIELD_PHOTOS_MAX},
        ),
        (
            lambda: [jpeg("照片.jpg", b"not a photo at all")],
            "%(name)s is not a JPEG or PNG photo.",
            {"name": "照片.jpg"},
        ),
        (
            lambda: [jpeg("大.jpg", JPEG[:4] + b"\x00" * MAX_PHOTO_BYTES)],
            "%(name)s is larger than 5 MB; send a smaller photo.",
            {"name": "大.jpg"},
        ),
    ],
    ids=["too many", "not a photo", "too large"],
)
def test_photos_refused_leave_nothing_stored(
    child: Person, school_helper: User, files: object, message: str, params: dict[str, object]
) -> None:
    answer = send(logged_in(school_helper), child, photos=files())  # type: ignore[operator]

    _refused(answer, 400, zh(message, **params), "photos")
    assert not CareRecord.objects.exists()
    assert not CareRecordPhoto.objects.exists()


def test_a_person_never_paired_is_not_found_without_a_reason(
    region: Region, school_helper: User, township_worker: User, other_township_worker: User
) -> None:
    # A pupil of the helper's own school paired with someone else, and one of another town
    colleague = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    theirs = paired_pupil(township_worker, colleague, region.lengqi_school, "王小明")
    elsewhere = factories.pupil(other_township_worker, region.xinglong_school, "赵小军", 7)

    answers = [send(logged_in(school_helper), p) for p in (theirs, elsewhere)]
    answers.append(send(logged_in(school_helper), 999_999))

    for answer in answers:
        _refused(answer, 404, zh("Not found."), None)
    assert not CareRecord.objects.exists()


def test_a_worker_of_another_township_cannot_record_for_this_ones_pupils(
    child: Person, other_township_worker: User
) -> None:
    answer = send(logged_in(other_township_worker), child)

    _refused(answer, 404, zh("Not found."), None)


def test_a_worker_of_the_pupils_unit_records_as_online(
    child: Person, township_worker: User
) -> None:
    answer = send(logged_in(township_worker), child)

    assert answer.status_code == 201
    assert CareRecord.objects.get().author == township_worker


def test_a_key_not_in_form_is_refused_before_anything(child: Person, school_helper: User) -> None:
    answer = send(logged_in(school_helper), child, key="not-a-uuid")

    assert answer.status_code == 422
    assert not CareRecord.objects.exists()
