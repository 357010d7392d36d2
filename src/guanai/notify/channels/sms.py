"""SMS through a provider: the interface, the choice by setting, and the test adapter.

Chinese SMS providers send only templates approved beforehand, with numbered parameters;
Guanai's templates (``GUANAI_SMS_TEMPLATES``: template name → the provider's template id)
are ``code`` (a verification code and its minutes) and ``digest`` (a count of things to do
and the address of Guanai). The provider is chosen by ``GUANAI_SMS_PROVIDER``: ``tencent``
(Tencent Cloud SMS, ``channels.tencent``), ``test`` (kept in ``outbox``, for tests and
demos) or empty (no SMS).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from guanai.notify.channels import SendError, Sent


class Provider(Protocol):
    def send(self, phone: str, template: str, params: Sequence[str]) -> Sent:
        """Send template ``template`` (Guanai's name of it) with ``params`` to ``phone``;
        raise ``SendError`` if the provider refuses."""
        ...


@dataclass(frozen=True)
class TestMessage:
    phone: str
    template: str
    params: tuple[str, ...]


# What the test adapter "sent", like django.core.mail.outbox.
outbox: list[TestMessage] = []


class TestProvider:
    """Keeps the messages in ``outbox``; a phone number in ``failing`` is refused."""

    failing: set[str] = set()

    def send(self, phone: str, template: str, params: Sequence[str]) -> Sent:
        if phone in self.failing:
            raise SendError('{"Code": "LimitExceeded", "Message": "test refusal"}')
        outbox.append(TestMessage(phone, template, tuple(params)))
        return Sent('{"Code": "Ok"}')


def provider() -> Provider | None:
    """The configured provider, or None when SMS is not set up."""
    name = getattr(settings, "GUANAI_SMS_PROVIDER", "")
    if name == "test":
        return TestProvider()
    if name == "tencent":
        from guanai.notify.channels.tencent import TencentProvider

        return TencentProvider.from_settings()
    return None
