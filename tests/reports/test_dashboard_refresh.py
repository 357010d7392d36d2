"""Asking for the facts to be recomputed: leaders and workers only, through the service."""

from __future__ import annotations

from datetime import date

import pytest

from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused
from guanai.registry.models import Person
from guanai.reports import dashboard
from guanai.reports.models import Fact
from tests.conftest import Region, logged_in


def test_a_worker_recomputes_the_month(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    dashboard.facts_refresh_request(acting_user=township_worker, month=date(2026, 10, 1))

    # The test settings run tasks at once.
    assert Fact.objects.filter(month=date(2026, 10, 1), org_unit=region.lengqi).exists()


def test_a_viewer_recomputes_nothing(
    region: Region, october: dict[str, Person], prefecture_viewer: User
) -> None:
    with pytest.raises(PermissionRefused):
        dashboard.facts_refresh_request(acting_user=prefecture_viewer, month=date(2026, 10, 1))
    response = logged_in(prefecture_viewer).post(
        f"/reports/dashboard/{region.county.pk}/2026-10/refresh/"
    )

    assert response.status_code == 302
    assert not Fact.objects.exists()
