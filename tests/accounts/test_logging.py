"""Refusals are logged as one line, not as a traceback (issue 12, point 11)."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from guanai.accounts.models import User
from tests.conftest import logged_in


def test_a_refused_page_is_logged_in_one_line(
    township_worker: User, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = logged_in(township_worker).get(reverse("accounts:user_list"))

    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = logging.Formatter().format(record)
    assert line == "Forbidden (Permission denied): /users/"
