"""The delivery tests' kinds, servers and settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from guanai.notify import kinds
from guanai.notify.delivery.kinds import DIGEST_KIND
from tests.notify.channels.tencent_fake import TencentFake, configure, tencent_fake
from tests.notify.delivery.given import ALARM, REPORT, TALKS
from tests.notify.delivery.servers import Mailbox, Robot, robot_server, smtp_server


@pytest.fixture(autouse=True)
def test_kinds() -> Iterator[None]:
    """The digest's kind (as NotifyConfig.ready registers it) and three kinds of the test."""
    added = [k for k in (DIGEST_KIND, TALKS, REPORT, ALARM) if kinds.get(k.code) is None]
    for kind in added:
        kinds.register(kind)
    yield
    for kind in added:
        kinds._KINDS.pop(kind.code, None)


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    with smtp_server() as box:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = box.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.DEFAULT_FROM_EMAIL = "guanai@example.org"
        yield box


@pytest.fixture
def robot() -> Iterator[Robot]:
    with robot_server() as running:
        yield running


@pytest.fixture
def tencent(settings: Any) -> Iterator[TencentFake]:
    with tencent_fake() as running:
        configure(settings, running)
        yield running


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.GUANAI_SITE_URL = "https://guanai.example.org"
    settings.GUANAI_QUIET_HOURS = ("21:00", "07:00")
    settings.GUANAI_DELIVERY_ATTEMPTS = 3
