"""The system actor (issue 13 point 6): commands act as SYSTEM, nobody acting is refused."""

from __future__ import annotations

import pytest
from django.utils import translation

from guanai.core.actors import SYSTEM, SystemActor, account_of, is_system, require_actor
from guanai.core.errors import PermissionRefused


def test_nobody_acting_is_refused_with_a_message() -> None:
    with translation.override("zh-hans"), pytest.raises(PermissionRefused) as refused:
        require_actor(None)
    assert "未指明" in str(refused.value.message)


def test_the_system_acts_and_is_recorded_as_no_account() -> None:
    assert require_actor(SYSTEM) is SYSTEM
    assert is_system(SYSTEM)
    assert account_of(SYSTEM) is None
    account = object()
    assert account_of(account) is account
    assert not is_system(account)


def test_there_is_one_system() -> None:
    assert isinstance(SYSTEM, SystemActor)
    assert not SYSTEM.is_authenticated
    with translation.override("zh-hans"):
        assert str(SYSTEM) == "系统"
