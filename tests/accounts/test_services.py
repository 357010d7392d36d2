"""Accounts, memberships, role separation, passwords and tokens (services)."""

from __future__ import annotations

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts import scoping, services
from guanai.accounts.models import Membership, Role, User
from guanai.accounts.passwords import CharacterClassValidator, character_classes
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.conftest import Region


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Role.SYSADMIN, Role.SECADMIN),
        (Role.SYSADMIN, Role.AUDITOR),
        (Role.SECADMIN, Role.AUDITOR),
        (Role.AUDITOR, Role.WORKER),
        (Role.SYSADMIN, Role.LEADER),
        (Role.WORKER, Role.SECADMIN),
    ],
)
def test_admin_roles_cannot_be_combined(region: Region, first: Role, second: Role) -> None:
    account = factories.user(unit=region.county, role=first)
    with pytest.raises(ValidationFailed) as caught:
        services.membership_grant(
            acting_user=SYSTEM, user=account, org_unit=region.lengqi, role=second
        )
    assert "须各用独立账号" in str(caught.value.message)
    assert list(account.memberships.values_list("role", flat=True)) == [first]


def test_data_roles_can_be_combined(region: Region, township_worker: User) -> None:
    services.membership_grant(
        acting_user=SYSTEM, user=township_worker, org_unit=region.lengqi_school, role=Role.LEADER
    )
    assert scoping.roles(township_worker) == {Role.WORKER, Role.LEADER}


def test_same_admin_role_in_two_units_is_allowed(region: Region, county_sysadmin: User) -> None:
    services.membership_grant(
        acting_user=SYSTEM, user=county_sysadmin, org_unit=region.prefecture, role=Role.SYSADMIN
    )
    assert Membership.objects.filter(user=county_sysadmin).count() == 2


def test_a_grant_with_no_one_acting_is_refused_and_changes_nothing(
    region: Region, township_worker: User
) -> None:
    with pytest.raises(PermissionRefused):
        services.membership_grant(
            acting_user=None,  # type: ignore[arg-type]
            user=township_worker,
            org_unit=region.lengqi_school,
            role=Role.LEADER,
        )
    assert scoping.roles(township_worker) == {Role.WORKER}


def test_only_the_system_creates_accounts_without_a_one_time_password(
    region: Region, county_sysadmin: User
) -> None:
    with pytest.raises(PermissionRefused):
        services.user_create(
            acting_user=county_sysadmin,  # type: ignore[arg-type]
            username="sneaky",
            full_name="某人",
            password=factories.PASSWORD,
            org_unit=region.county,
            role=Role.LEADER,
        )
    assert not User.objects.filter(username="sneaky").exists()


def test_last_membership_cannot_be_revoked(township_worker: User) -> None:
    only = township_worker.memberships.get()
    with pytest.raises(ValidationFailed):
        services.membership_revoke(acting_user=SYSTEM, membership=only)
    assert township_worker.memberships.count() == 1


def test_created_account_must_change_initial_password(region: Region) -> None:
    account = services.user_create(
        acting_user=SYSTEM,
        username="new_clerk",
        full_name="新职员",
        password="Initial-2026",
        org_unit=region.lengqi,
        role=Role.WORKER,
    )
    assert account.must_change_password
    assert services.password_expired(account, 90)


@pytest.mark.parametrize("password", ["short1A", "alllowercase", "lowercase123", "12345678"])
def test_weak_password_refused_and_nothing_created(region: Region, password: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.user_create(
            acting_user=SYSTEM,
            username="weak",
            full_name="弱口令",
            password=password,
            org_unit=region.lengqi,
            role=Role.WORKER,
        )
    assert caught.value.field == "password"
    assert not User.objects.filter(username="weak").exists()


def test_duplicate_username_refused(region: Region, township_worker: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.user_create(
            acting_user=SYSTEM,
            username="TOWNSHIP_worker",
            full_name="重名",
            password="Strong-pass-1",
            org_unit=region.lengqi,
            role=Role.WORKER,
        )
    assert caught.value.field == "username"


def test_password_change_clears_flag_and_is_audited(region: Region) -> None:
    account = factories.user(unit=region.lengqi, role=Role.WORKER, must_change_password=True)
    services.password_change(
        user=account, old_password=factories.PASSWORD, new_password="Another-pass-9"
    )
    account.refresh_from_db()
    assert not account.must_change_password
    assert account.check_password("Another-pass-9")
    assert AccessLog.objects.filter(user=account, action=AuditAction.PASSWORD_CHANGE).exists()


def test_password_change_with_wrong_old_password_changes_nothing(township_worker: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.password_change(
            user=township_worker, old_password="wrong", new_password="Another-pass-9"
        )
    assert caught.value.field == "old_password"
    township_worker.refresh_from_db()
    assert township_worker.check_password(factories.PASSWORD)


def test_password_change_to_same_password_refused(township_worker: User) -> None:
    with pytest.raises(ValidationFailed):
        services.password_change(
            user=township_worker,
            old_password=factories.PASSWORD,
            new_password=factories.PASSWORD,
        )


def test_production_hasher_is_argon2() -> None:
    import guanai.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"


@given(st.text(min_size=0, max_size=40))
def test_character_class_validator_agrees_with_count(password: str) -> None:
    validator = CharacterClassValidator(min_classes=3)
    try:
        validator.validate(password)
        accepted = True
    except Exception:
        accepted = False
    assert accepted == (character_classes(password) >= 3)


def test_token_key_is_shown_once_and_only_its_hash_kept(township_worker: User) -> None:
    token, key = services.api_token_create(user=township_worker, name="报表脚本")
    assert key.startswith("ga_")
    assert key not in token.key_hash
    assert services.api_token_authenticate(key) == township_worker
    services.api_token_revoke(token=token)
    assert services.api_token_authenticate(key) is None
    assert AccessLog.objects.filter(action=AuditAction.TOKEN, user=township_worker).count() == 2


def test_token_of_deactivated_account_is_refused(township_worker: User) -> None:
    _token, key = services.api_token_create(user=township_worker, name="脚本")
    township_worker.is_active = False
    township_worker.save()
    assert services.api_token_authenticate(key) is None


def test_one_time_passwords_meet_the_policy_and_differ() -> None:
    from django.contrib.auth import password_validation

    from guanai.accounts.passwords import one_time_password

    passwords = {one_time_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        password_validation.validate_password(password)
        assert not set(password) & set("0O1lI")
