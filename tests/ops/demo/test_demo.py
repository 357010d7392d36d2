"""The demo region and accounts; the first sysadmin of a new installation.

The demo is built once for the package (``demo_once`` in conftest); each test runs in a
savepoint of its own within it.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.core.crypto import lookup_hash
from guanai.core.idnumber import parse_id
from guanai.core.phone import parse_phone
from guanai.core.pinyin import full_pinyin
from guanai.core.uscc import parse_uscc
from guanai.ops.demo import DEMO_PASSWORD, USERS, DemoUser, demo_build
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry.models import (
    Category,
    Contact,
    ContactKind,
    Person,
)
from tests.ops.persons import is_child

pytestmark = pytest.mark.xdist_group("demo")  # one build for the package (conftest)


def test_demo_is_the_luding_tree_and_idempotent(demo: dict[str, OrgUnit]) -> None:
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
    assert kinds.count(OrgKind.SCHOOL) == 5  # and the special school of the giving demo
    for kind in (OrgKind.KINDERGARTEN, OrgKind.VOLUNTEER_GROUP):
        assert kinds.count(kind) == 1
    # The care centre, the day-care centre and the township elder home
    assert kinds.count(OrgKind.INSTITUTION) == 3
    divisions = [u for u in below if u.code and u.kind != OrgKind.INSTITUTION]
    assert all(len(u.code) == 12 and u.code.startswith("513322") for u in divisions)
    # A care institution is coded by its unified social credit code (issue 17)
    for institution in (u for u in below if u.kind == OrgKind.INSTITUTION):
        assert parse_uscc(institution.code)[2:8] == "513322"
    listed = User.objects.filter(username__in=[u.username for u in USERS])
    assert listed.count() == len(USERS)


@pytest.mark.parametrize("account", USERS, ids=[u.username for u in USERS])
def test_every_demo_account_logs_in_with_its_role(
    demo: dict[str, OrgUnit], account: DemoUser
) -> None:
    client = Client()
    username = account.username
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    # Helpers and volunteers land on their work list.
    home = client.get("/", follow=True)
    assert home.status_code == 200
    user = User.objects.get(username=username)
    assert account.role in scoping.roles(user)
    assert user.full_name in home.content.decode()


def test_demo_sysadmin_sees_no_beneficiary_data(demo: dict[str, OrgUnit]) -> None:
    admin = User.objects.get(username="admin")
    assert scoping.org_units_visible(admin).count() > 10
    assert not scoping.can_see_beneficiary_data(admin)


def test_create_admin_for_a_new_installation(
    demo: dict[str, OrgUnit], monkeypatch: pytest.MonkeyPatch
) -> None:
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
    demo: dict[str, OrgUnit], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "weak")
    with pytest.raises(CommandError, match="999999"):
        call_command("create_admin", org_code="999999", username="x", full_name="x")
    with pytest.raises(CommandError):
        call_command("create_admin", org_code="513322", username="x", full_name="x")
    assert not User.objects.filter(username="x").exists()


def test_demo_roster_is_valid_scoped_and_idempotent(demo: dict[str, OrgUnit]) -> None:
    from guanai.registry.selectors import persons_visible

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


def test_demo_county_has_2000_persons_with_valid_encrypted_ids(
    demo: dict[str, OrgUnit],
) -> None:
    persons = list(Person.objects.all())
    assert len(persons) == 2000
    for person in persons:
        parsed = parse_id(person.id_number)
        assert parsed.number == person.id_number
        assert (parsed.birth_date, parsed.gender) == (person.birth_date, person.gender)
        assert person.id_hash == lookup_hash(person.id_number)
        assert person.province_code == "51"
        assert person.name_pinyin == full_pinyin(person.name)
        if person.phone:
            assert parse_phone(person.phone) == person.phone
    assert len({p.id_hash for p in persons}) == 2000
    # Written in bulk, the numbers are still encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM registry_person")
        stored = cursor.fetchall()
        cursor.execute("SELECT phone FROM registry_contact")
        stored += [(phone, "") for (phone,) in cursor.fetchall()]
    assert all(number.startswith("v1:") for number, _phone in stored)
    assert all(phone == "" or phone.startswith("v1:") for _number, phone in stored)
    assert all(parse_phone(c.phone) == c.phone for c in Contact.objects.all())


def test_every_child_has_a_guardian_and_left_behind_ones_their_parents(
    demo: dict[str, OrgUnit],
) -> None:
    persons = Person.objects.prefetch_related("categories", "contacts")
    children = [p for p in persons if is_child(p)]
    assert len(children) > 1100
    for person in children:
        guardians = [c for c in person.contacts.all() if c.is_guardian]
        assert guardians, person.name
        assert all(g.name and g.relation and g.phone for g in guardians)
    left_behind = 0
    for person in children:
        for entry in person.categories.all():
            if entry.category != Category.LEFT_BEHIND or entry.ended_on or not entry.details:
                continue
            left_behind += 1
            away = entry.details["away"]
            working = [c for c in person.contacts.all() if c.works_away_at]
            assert all(c.kind == ContactKind.PARENT for c in working)
            assert {c.works_away_at for c in working} == {entry.details["away_at"]}
            assert len(working) == (2 if away == "both" else 1)
    assert left_behind > 450
    assert Contact.objects.filter(kind=ContactKind.NEIGHBOUR).count() > 100
