"""Ids past the 64-bit range the databases hold answer 422, not a server error (found by
schemathesis: GET /api/benefits/rolls?org_unit=-187095539831696916480 overflowed SQLite)."""

from __future__ import annotations

import pytest
from django.test import Client

from guanai.accounts.models import User
from tests.api.conftest import bearer
from tests.conftest import Region

HUGE = str(10**21)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/benefits/rolls?org_unit={HUGE}",
        f"/api/benefits/rolls?org_unit=-{HUGE}",
        f"/api/benefits/claims?person_id={HUGE}",
        f"/api/benefits/policies?org_unit={HUGE}",
    ],
)
def test_a_huge_id_is_refused_as_input(region: Region, township_worker: User, path: str) -> None:
    response = Client().get(path, headers=bearer(township_worker))

    assert response.status_code == 422, response.content
