"""Opening and revealing a person's file is audited in one place (``registry.file_reads``),
whichever page or API endpoint asks."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.registry import file_reads
from guanai.registry.models import Person
from tests import factories
from tests.api.conftest import bearer
from tests.care.pairing_support import pair
from tests.conftest import Region, logged_in


@pytest.fixture
def pupil(region: Region, township_worker: User) -> Person:
    return factories.pupil(township_worker, region.lengqi_school, "王小明", 31)


def _reads(person: Person) -> list[dict[str, object]]:
    rows = AccessLog.objects.filter(action=AuditAction.READ, object_id=str(person.pk))
    return [row.detail for row in rows.order_by("pk")]


def test_the_page_and_the_api_record_one_read_each(
    pupil: Person, township_worker: User, county_leader: User
) -> None:
    # When the file is opened on the page, through the API and its consents list,
    logged_in(township_worker).get(reverse("registry:person_detail", args=[pupil.pk]))
    headers = bearer(township_worker)
    client = logged_in(township_worker)
    assert client.get(f"/api/persons/{pupil.pk}", headers=headers).status_code == 200
    assert client.get(f"/api/persons/{pupil.pk}/consents", headers=headers).status_code == 200
    # and a leader reads the change history,
    history = reverse("registry:person_detail", args=[pupil.pk]) + "?tab=history"
    logged_in(county_leader).get(history)
    # then each wrote one read, the history read marked as such.
    assert _reads(pupil) == [{}, {}, {}, {"tab": "history"}]


def test_the_benefits_page_and_api_record_their_reads(pupil: Person, township_worker: User) -> None:
    logged_in(township_worker).get(reverse("benefits:person", args=[pupil.pk]))
    logged_in(township_worker).get(
        f"/api/persons/{pupil.pk}/benefits", headers=bearer(township_worker)
    )
    assert _reads(pupil) == [{"page": "benefits"}, {"api": "benefits"}]


def test_a_file_outside_scope_is_404_and_writes_nothing(
    pupil: Person, other_township_worker: User, school_helper: User, township_worker: User
) -> None:
    with pytest.raises(Http404):
        file_reads.person_file_open(user=other_township_worker, pk=pupil.pk)
    # A pairing opens the file, not its benefits.
    pair(township_worker, pupil, school_helper)
    assert file_reads.person_file_open(user=school_helper, pk=pupil.pk) == pupil
    with pytest.raises(Http404):
        file_reads.person_file_open(user=school_helper, pk=pupil.pk, roster_only=True)
    assert len(_reads(pupil)) == 1


def test_a_reveal_is_recorded_with_its_purpose_from_the_page_and_the_api(
    pupil: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    client.post(reverse("registry:person_reveal", args=[pupil.pk]), {"purpose": "核对户籍"})
    client.post(
        f"/api/persons/{pupil.pk}/reveal",
        {"purpose": "发放核对"},
        content_type="application/json",
        headers=bearer(township_worker),
    )
    reveals = AccessLog.objects.filter(action=AuditAction.REVEAL).order_by("pk")
    assert [r.detail for r in reveals] == [
        {"tab": "basic", "purpose": "核对户籍"},
        {"purpose": "发放核对"},
    ]


def test_a_reveal_is_refused_to_a_viewer_and_without_a_purpose(
    pupil: Person, township_worker: User, prefecture_viewer: User
) -> None:
    with pytest.raises(PermissionRefused):
        file_reads.person_numbers_reveal(user=prefecture_viewer, person=pupil, purpose="看看")
    with pytest.raises(ValidationFailed):
        file_reads.person_numbers_reveal(user=township_worker, person=pupil, purpose="  ")
    assert not AccessLog.objects.filter(action=AuditAction.REVEAL).exists()
