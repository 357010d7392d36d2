"""The care app's scheduled job (``notify.jobs``): the nightly early-warning detection, for
every unit, as ``guanai detect-warnings`` without ``--org``."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _

from guanai.care.warnings import detect
from guanai.notify import jobs


def detect_warnings() -> str:
    return json.dumps(detect(None).counts())


def register() -> None:
    """Called from ``CareConfig.ready``."""
    jobs.register(jobs.Job("detect_warnings", _("Detect early warnings"), detect_warnings))
