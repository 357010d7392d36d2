"""Kinds of our own for the preferences' tests (the real ones are registered by the apps)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from guanai.accounts.models import Role
from guanai.notify import kinds
from guanai.notify.channels import sms
from guanai.notify.models import Notification


def _say(notification: Notification) -> str:
    return f"{notification.count} things"


def _nothing(now: datetime) -> list[kinds.Event]:
    return []


def make_kind(code: str, group: str, *roles: Role, urgent: bool = False) -> kinds.Kind:
    return kinds.Kind(
        code=code,
        label=f"Label of {code}",
        group=group,
        roles=frozenset(str(role) for role in roles),
        say=_say,
        collect=_nothing,
        urgent=urgent,
    )


TEST_KINDS = (
    make_kind("t_talks_due", "care", Role.HELPER),
    make_kind("t_warnings", "care", Role.LEADER),
    make_kind("t_report_due", "office", Role.WORKER, Role.LEADER, urgent=True),
    make_kind("t_bulletin", "events", Role.WORKER, Role.LEADER, Role.HELPER),
)


@pytest.fixture
def test_kinds() -> Iterator[tuple[kinds.Kind, ...]]:
    """Our kinds registered for the test, and removed after it."""
    for kind in TEST_KINDS:
        kinds.register(kind)
    yield TEST_KINDS
    for kind in TEST_KINDS:
        kinds._KINDS.pop(kind.code, None)


@pytest.fixture
def sms_test(settings: Any) -> Iterator[list[sms.TestMessage]]:
    """The SMS test adapter, its outbox emptied."""
    settings.GUANAI_SMS_PROVIDER = "test"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()
