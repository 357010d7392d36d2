"""The demo region and accounts; the first sysadmin of a new installation."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.ops.demo import DEMO_PASSWORD, USERS, DemoUser, demo_build
from guanai.orgs.models import OrgKind, OrgUnit


def test_demo_is_the_luding_tree_and_idempotent(db: None) -> None:
    demo_build()
    first = list(OrgUnit.objects.values_list("name", "code", "kind", "path"))
    demo_build()
    assert list(OrgUnit.objects.values_list("name", "code", "kind", "path")) == first
    county = OrgUnit.objects.get(code="513322")
    assert county.name == "泸定县"
    assert county.parent is not None and county.parent.code == "513300"
    below = OrgUnit.objects.filter(path__startswith=county.path).exclude(pk=county.pk)
    kinds = [u.kind for u in below]
    assert kinds.count(OrgKind.TOWNSHIP) == 3
    assert kinds.count(OrgKind.VILLAGE) == 6
    assert kinds.count(OrgKind.SCHOOL) == 4
    for kind in (OrgKind.KINDERGARTEN, OrgKind.INSTITUTION, OrgKind.VOLUNTEER_GROUP):
        assert kinds.count(kind) == 1
    assert all(len(u.code) == 12 and u.code.startswith("513322") for u in below if u.code)
    assert User.objects.count() == len(USERS)


@pytest.mark.parametrize("demo", USERS, ids=[u.username for u in USERS])
def test_every_demo_account_logs_in_with_its_role(db: None, demo: DemoUser) -> None:
    demo_build()
    client = Client()
    username = demo.username
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    user = User.objects.get(username=username)
    assert demo.role in scoping.roles(user)
    assert user.full_name in home.content.decode()


def test_demo_sysadmin_sees_no_beneficiary_data(db: None) -> None:
    demo_build()
    admin = User.objects.get(username="admin")
    assert scoping.org_units_visible(admin).count() > 10
    assert not scoping.can_see_beneficiary_data(admin)


def test_create_admin_for_a_new_installation(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    demo_build()
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "First-pass-2026")
    call_command("create_admin", org_code="513322", username="it_luding", full_name="信息科")
    account = User.objects.get(username="it_luding")
    assert account.must_change_password
    assert scoping.roles(account) == {Role.SYSADMIN}
    call_command(
        "create_admin", org_code="513322", username="audit2", full_name="审计", role="auditor"
    )
    assert scoping.roles(User.objects.get(username="audit2")) == {Role.AUDITOR}


def test_create_admin_refuses_unknown_code_and_weak_password(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_build()
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "weak")
    with pytest.raises(CommandError, match="999999"):
        call_command("create_admin", org_code="999999", username="x", full_name="x")
    with pytest.raises(CommandError):
        call_command("create_admin", org_code="513322", username="x", full_name="x")
    assert not User.objects.filter(username="x").exists()


def test_demo_roster_is_valid_scoped_and_idempotent(db: None) -> None:
    from guanai.registry.models import Person
    from guanai.registry.selectors import persons_visible

    demo_build()
    count = Person.objects.count()
    demo_build()
    assert Person.objects.count() == count >= 60
    worker = User.objects.get(username="township_worker")
    visible = list(persons_visible(worker))
    assert visible
    assert all(
        p.org_unit.path.startswith(OrgUnit.objects.get(code="513322101000").path) for p in visible
    )
    pupil = Person.objects.filter(school__isnull=False).first()
    assert pupil is not None and pupil.contacts.filter(is_guardian=True).exists()
    assert all(p.birth_date is not None and p.gender for p in Person.objects.all())
