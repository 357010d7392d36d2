"""A kind registered for the notify tests only, removed afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanai.accounts.models import Role
from guanai.notify import kinds
from guanai.notify.models import Notification


def _say(notification: Notification) -> str:
    count = notification.count or 0
    return ngettext("%(n)d talk due this week", "%(n)d talks due this week", count) % {"n": count}


def _nothing(now: datetime) -> list[kinds.Event]:
    return []


@pytest.fixture
def test_kind() -> Iterator[kinds.Kind]:
    kind = kinds.Kind(
        code="test_talks",
        label=_("Talks and visits due"),
        group="care",
        roles=frozenset({Role.WORKER, Role.HELPER}),
        say=_say,
        collect=_nothing,
    )
    kinds.register(kind)
    yield kind
    kinds._KINDS.pop(kind.code, None)
