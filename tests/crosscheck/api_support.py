"""Calling the cross-checks API in tests: a client with a token, read in English, and an
upload posted as a script would post it (multipart)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from guanai.accounts.models import User
from guanai.orgs.models import OrgUnit
from tests.api.conftest import bearer
from tests.crosscheck.support import csv_bytes

DEATHS = ["姓名", "公民身份号码", "死亡日期"]


def api(user: User) -> Client:
    return Client(headers=bearer(user))


def post_list(
    client: Client,
    unit: OrgUnit,
    rows: list[list[str]] | None = None,
    *,
    kind: str = "deaths",
    content: bytes | None = None,
    filename: str = "deaths.csv",
    **fields: Any,
) -> Any:
    """POST a list to ``/api/crosscheck/lists``; ``fields`` replace the form's values."""
    as_of: date = fields.pop("as_of", timezone.localdate())
    form: dict[str, Any] = {
        "org_unit_id": unit.pk,
        "kind": kind,
        "source": "县公安局",
        "purpose": "月度比对",
        "as_of": as_of.isoformat(),
        **fields,
    }
    data = content if content is not None else csv_bytes(rows or [DEATHS])
    form["file"] = SimpleUploadedFile(filename, data, content_type="text/csv")
    return client.post("/api/crosscheck/lists", form)


def post_json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")
