"""Transfers: the receiving unit accepts or declines; the file moves; the sender keeps a trace."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.idnumber import make_id
from guanai.core.models import AccessLog, AuditAction
from guanai.core.text import column_limit
from guanai.registry import selectors, services
from guanai.registry.models import Person, Transfer, TransferStatus
from tests.conftest import Region, logged_in


@pytest.fixture
def pupil(region: Region, township_worker: User) -> Person:
    person = services.person_register(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        data=services.PersonData(
            name="王小明",
            id_number=make_id("513322", date(2015, 5, 5), 21),
            school=region.lengqi_school,
            grade="三年级",
            class_name="2班",
        ),
        categories=[("left_behind", date(2024, 9, 1))],
    )
    services.contact_add(
        acting_user=township_worker, person=person, kind="guardian", name="王奶奶", is_guardian=True
    )
    return person


def test_accepted_transfer_moves_the_file_with_its_history(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    transfer = services.transfer_request(
        acting_user=township_worker,
        person=pupil,
        to_unit=services.transfer_target("兴隆镇中心小学"),
        reason="随父母迁居兴隆镇",
        handover_note="每周与奶奶通话一次",
    )
    # Before acceptance the receiving unit sees the request, not the file.
    assert list(selectors.transfers_incoming(other_township_worker)) == [transfer]
    assert not selectors.persons_visible(other_township_worker).exists()
    services.transfer_accept(acting_user=other_township_worker, transfer=transfer)
    moved = Person.objects.get(pk=pupil.pk)
    assert moved.org_unit == region.xinglong_school
    assert moved.school == region.xinglong_school
    assert moved.categories.count() == 1 and moved.contacts.count() == 1
    assert list(selectors.persons_visible(other_township_worker)) == [moved]
    # The sending unit no longer has the file, but keeps the trace of where it went.
    assert not selectors.persons_visible(township_worker).exists()
    trace = selectors.transfers_outgoing(township_worker).get()
    assert trace.status == TransferStatus.ACCEPTED and trace.to_unit == region.xinglong_school


def test_only_the_receiving_unit_decides(
    region: Region, pupil: Person, township_worker: User
) -> None:
    transfer = services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong_school, reason="迁居"
    )
    with pytest.raises(PermissionRefused):
        services.transfer_accept(acting_user=township_worker, transfer=transfer)
    assert Person.objects.get(pk=pupil.pk).org_unit == region.lengqi_school


def test_declined_transfer_leaves_the_person_and_needs_a_reason(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    transfer = services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong_school, reason="迁居"
    )
    with pytest.raises(ValidationFailed):
        services.transfer_decline(acting_user=other_township_worker, transfer=transfer, note=" ")
    services.transfer_decline(
        acting_user=other_township_worker, transfer=transfer, note="本校学位已满"
    )
    assert Person.objects.get(pk=pupil.pk).org_unit == region.lengqi_school
    with pytest.raises(ValidationFailed):
        services.transfer_accept(acting_user=other_township_worker, transfer=transfer)


def test_one_waiting_transfer_at_a_time_and_not_to_the_same_unit(
    region: Region, pupil: Person, township_worker: User
) -> None:
    with pytest.raises(ValidationFailed):
        services.transfer_request(
            acting_user=township_worker, person=pupil, to_unit=region.lengqi_school, reason="x"
        )
    services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong_school, reason="迁居"
    )
    with pytest.raises(ValidationFailed):
        services.transfer_request(
            acting_user=township_worker, person=pupil, to_unit=region.xinglong, reason="迁居"
        )


def test_unknown_or_ambiguous_target_is_refused(region: Region) -> None:
    with pytest.raises(ValidationFailed):
        services.transfer_target("不存在的学校")
    assert services.transfer_target("513322102000") == region.xinglong


def test_pages_send_accept_and_trace(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    sender = logged_in(township_worker)
    sender.post(
        reverse("registry:person_transfer", args=[pupil.pk]),
        {"to_unit": "兴隆镇中心小学", "reason": "随父母迁居"},
    )
    receiver = logged_in(other_township_worker)
    page = receiver.get(reverse("registry:transfer_list")).content.decode()
    assert "王小明" in page and "随父母迁居" in page
    transfer = selectors.transfers_incoming(other_township_worker).get()
    # The sender cannot accept its own transfer: it is not in its incoming list.
    url = reverse("registry:transfer_decide", args=[transfer.pk, "accept"])
    assert sender.post(url).status_code == 404
    response = receiver.post(url)
    assert response["Location"] == reverse("registry:person_detail", args=[pupil.pk])
    assert sender.get(reverse("registry:person_detail", args=[pupil.pk])).status_code == 404
    assert "王小明" in sender.get(reverse("registry:transfer_list")).content.decode()
    bogus = reverse("registry:transfer_decide", args=[transfer.pk, "delete"])
    assert receiver.post(bogus).status_code == 404


def test_a_village_outside_the_new_unit_is_cleared(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    Person.objects.filter(pk=pupil.pk).update(village=region.ganlusi)
    transfer = services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong, reason="迁居"
    )
    services.transfer_accept(acting_user=other_township_worker, transfer=transfer)
    assert Person.objects.get(pk=pupil.pk).village is None


def test_a_long_reason_or_decision_note_is_refused_naming_the_limit_not_cut(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    """Issue 13, point 7: the decision note was cut to 200 characters; now it is refused."""
    reason_limit = column_limit(Transfer, "reason")
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        services.transfer_request(
            acting_user=township_worker,
            person=pupil,
            to_unit=region.xinglong_school,
            reason="迁" * (reason_limit + 1),
        )
    assert (refused.value.field, str(refused.value.message)) == (
        "reason",
        f"此处最多填写 {reason_limit} 个字。",
    )
    assert not Transfer.objects.exists()

    transfer = services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong_school, reason="迁居"
    )
    limit = column_limit(Transfer, "decision_note")
    long_note = "满" * (limit + 1)
    for decide in (services.transfer_decline, services.transfer_accept):
        with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
            decide(acting_user=other_township_worker, transfer=transfer, note=long_note)
        assert (refused.value.field, str(refused.value.message)) == (
            "note",
            f"此处最多填写 {limit} 个字。",
        )
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decision_note) == (TransferStatus.PENDING, "")
    assert Person.objects.get(pk=pupil.pk).org_unit == region.lengqi_school

    # The page says so and decides nothing.
    receiver = logged_in(other_township_worker)
    url = reverse("registry:transfer_decide", args=[transfer.pk, "decline"])
    page = receiver.post(url, {"note": long_note}, follow=True).content.decode()
    assert f"此处最多填写 {limit} 个字。" in page
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decision_note) == (TransferStatus.PENDING, "")


def test_the_sent_transfers_are_paged_not_cut_at_100(
    region: Region, pupil: Person, township_worker: User
) -> None:
    """Issue 13, point 7: the trace of sent transfers showed the newest 100 and hid the rest."""
    first = services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong_school, reason="迁居"
    )
    services.transfer_cancel(acting_user=township_worker, transfer=first)
    Transfer.objects.bulk_create(
        Transfer(
            person=pupil,
            from_unit=region.lengqi_school,
            to_unit=region.xinglong_school,
            reason=f"第{n}次",
            status=TransferStatus.CANCELLED,
            requested_by=township_worker,
        )
        for n in range(100)
    )
    client = logged_in(township_worker)
    pages = [
        client.get(reverse("registry:transfer_list"), {"page": n}, HTTP_ACCEPT_LANGUAGE="en")
        for n in (1, 2, 3)
    ]
    rows = [page.content.decode().count('<td data-label="Full name">王小明') for page in pages]
    assert rows == [50, 50, 1]
    assert "101 in all · page 1 of 3" in pages[0].content.decode()


def test_each_decision_writes_a_transfer_event(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    # Given a declined transfer, a cancelled one and an accepted one,
    declined = services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong_school, reason="迁居"
    )
    services.transfer_decline(acting_user=other_township_worker, transfer=declined, note="学位满")
    cancelled = services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong_school, reason="迁居"
    )
    services.transfer_cancel(acting_user=township_worker, transfer=cancelled)
    accepted = services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong_school, reason="迁居"
    )
    services.transfer_accept(acting_user=other_township_worker, transfer=accepted, note="已接收")

    # then the access log holds one transfer event per decision, by whom and what.
    events = list(AccessLog.objects.filter(action=AuditAction.TRANSFER).order_by("pk"))
    assert [(e.user, e.object_id, e.detail["decision"]) for e in events] == [
        (other_township_worker, str(declined.pk), TransferStatus.DECLINED),
        (township_worker, str(cancelled.pk), TransferStatus.CANCELLED),
        (other_township_worker, str(accepted.pk), TransferStatus.ACCEPTED),
    ]
    assert events[0].object_type == "registry.transfer"
    assert events[0].detail["note"] == "学位满"
    assert events[2].detail == {
        "decision": TransferStatus.ACCEPTED,
        "person": pupil.pk,
        "from_unit": region.lengqi_school.pk,
        "to_unit": region.xinglong_school.pk,
        "note": "已接收",
    }


def test_a_refused_decision_writes_no_event(
    region: Region, pupil: Person, township_worker: User
) -> None:
    transfer = services.transfer_request(
        acting_user=township_worker, person=pupil, to_unit=region.xinglong_school, reason="迁居"
    )
    with pytest.raises(PermissionRefused):
        services.transfer_accept(acting_user=township_worker, transfer=transfer)
    assert not AccessLog.objects.filter(action=AuditAction.TRANSFER).exists()
