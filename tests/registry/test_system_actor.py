"""Who acts on the roster: a person with the role, or the system — never nobody (issue 13, 6).

A command, the demo or a task acts as ``SYSTEM``, which passes the permission checks and is
recorded as no account; a service called with ``None`` refuses and changes nothing.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from guanai.accounts.models import User
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused
from guanai.core.idnumber import make_id
from guanai.core.models import AccessLog, AuditAction
from guanai.registry import services
from guanai.registry.importing import roster_import
from guanai.registry.models import (
    Category,
    Consent,
    Contact,
    Person,
    PersonCategory,
    Transfer,
    TransferStatus,
)
from guanai.sheets.reading import Table
from tests.conftest import Region

XLSX = Path(__file__).resolve().parents[1] / "data" / "roster_messy.xlsx"
NOBODY: Any = None  # what a caller that forgot to say who acts passes


@pytest.fixture
def pupil(region: Region) -> Person:
    return services.person_register(
        acting_user=SYSTEM,
        org_unit=region.lengqi_school,
        data=services.PersonData(name="王小明", id_number=make_id("513322", date(2015, 5, 5), 21)),
        categories=[(Category.LEFT_BEHIND, date(2024, 9, 1))],
    )


def test_the_system_registers_and_is_recorded_as_no_account(pupil: Person) -> None:
    contact = services.contact_add(
        acting_user=SYSTEM, person=pupil, kind="guardian", name="王奶奶", is_guardian=True
    )
    consent = services.consent_record(
        acting_user=SYSTEM,
        person=pupil,
        given_by="王奶奶",
        relation="祖母",
        given_on=date(2024, 9, 1),
        scope="建档",
        purpose="关爱服务",
    )
    assert pupil.categories.get().category == Category.LEFT_BEHIND
    assert contact.person == pupil
    assert consent.recorded_by is None


def test_a_registration_with_no_one_acting_is_refused_and_nothing_is_made(
    region: Region,
) -> None:
    with pytest.raises(PermissionRefused):
        services.person_register(
            acting_user=NOBODY,
            org_unit=region.lengqi,
            data=services.PersonData(name="张三"),
            categories=[(Category.ORPHAN, date(2024, 9, 1))],
        )
    assert not Person.objects.exists()
    assert not PersonCategory.objects.exists()


def test_a_category_with_no_one_acting_is_refused(pupil: Person) -> None:
    with pytest.raises(PermissionRefused):
        services.category_start(
            acting_user=NOBODY, person=pupil, category=Category.ORPHAN, on=date(2025, 1, 1)
        )
    with pytest.raises(PermissionRefused):
        services.category_end(acting_user=NOBODY, entry=pupil.categories.get(), on=date(2025, 1, 1))
    assert list(pupil.categories.values_list("category", "ended_on")) == [
        (Category.LEFT_BEHIND, None)
    ]


def test_contacts_consent_and_archiving_with_no_one_acting_are_refused(pupil: Person) -> None:
    with pytest.raises(PermissionRefused):
        services.contact_add(acting_user=NOBODY, person=pupil, kind="guardian", name="王奶奶")
    with pytest.raises(PermissionRefused):
        services.consent_record(
            acting_user=NOBODY,
            person=pupil,
            given_by="王奶奶",
            relation="祖母",
            given_on=date(2024, 9, 1),
            scope="建档",
            purpose="关爱服务",
        )
    with pytest.raises(PermissionRefused):
        services.person_archive(acting_user=NOBODY, person=pupil, reason="moved_away")
    pupil.refresh_from_db()
    assert pupil.archived_at is None
    assert not Contact.objects.exists() and not Consent.objects.exists()


def test_a_transfer_with_no_one_acting_is_refused(region: Region, pupil: Person) -> None:
    with pytest.raises(PermissionRefused):
        services.transfer_request(
            acting_user=NOBODY,
            person=pupil,
            to_unit=region.xinglong_school,
            reason="随父母迁居兴隆镇",
        )
    assert not Transfer.objects.exists()
    transfer = services.transfer_request(
        acting_user=SYSTEM, person=pupil, to_unit=region.xinglong_school, reason="随父母迁居"
    )
    for decide in (services.transfer_accept, services.transfer_cancel):
        with pytest.raises(PermissionRefused):
            decide(acting_user=NOBODY, transfer=transfer)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING
    assert transfer.requested_by is None
    assert not AccessLog.objects.filter(action=AuditAction.TRANSFER).exists()


def test_a_transfer_decided_by_the_system_is_logged_with_no_account(
    region: Region, pupil: Person
) -> None:
    transfer = services.transfer_request(
        acting_user=SYSTEM, person=pupil, to_unit=region.xinglong_school, reason="随父母迁居"
    )
    services.transfer_accept(acting_user=SYSTEM, transfer=transfer)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED and transfer.decided_by is None
    entry = AccessLog.objects.get(action=AuditAction.TRANSFER)
    assert entry.user is None and entry.username == ""
    assert entry.detail["decision"] == TransferStatus.ACCEPTED


def test_a_person_without_the_role_is_still_refused(
    region: Region, pupil: Person, prefecture_viewer: User
) -> None:
    with pytest.raises(PermissionRefused):
        services.transfer_request(
            acting_user=prefecture_viewer,
            person=pupil,
            to_unit=region.xinglong_school,
            reason="随父母迁居",
        )
    assert not Transfer.objects.exists()


def test_an_import_with_no_one_acting_is_refused_and_writes_nothing(region: Region) -> None:
    table = Table(
        headers=["姓名", "身份证号"],
        rows=[["李四", make_id("513322", date(2014, 2, 2), 31)]],
    )
    with pytest.raises(PermissionRefused):
        roster_import(table, acting_user=NOBODY, org_unit=region.lengqi)
    assert not Person.objects.exists()


def test_the_command_imports_as_the_system(region: Region) -> None:
    out = io.StringIO()
    call_command(
        "import_roster", str(XLSX), "--org", "513322101000", stdout=out, stderr=io.StringIO()
    )
    assert json.loads(out.getvalue())["created"] == 7
    assert Person.objects.count() == 7
    entries = LogEntry.objects.filter(additional_data={"source": "roster_import"})
    assert entries.count() == 7
    assert not entries.exclude(actor=None).exists()
