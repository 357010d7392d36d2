"""The two questionnaires Guanai ships with, there for every surveys test.

The data migration ``0002_seeded_forms`` makes them, but a transactional test (a browser test,
a concurrency test) empties every table when it ends: a later test on the same worker would
find none (seen on PostgreSQL). The fixture makes them again, as the migration does
(``seeded.seed``), when they are missing.
"""

from __future__ import annotations

import pytest

from guanai.surveys import seeded
from guanai.surveys.models import FormVersion, Questionnaire


@pytest.fixture(autouse=True)
def _seeded_forms(request: pytest.FixtureRequest) -> None:
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in names and "transactional_db" not in names:
        return  # a test of the pure engine or tally: no database
    transactional = "transactional_db" in names or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not Questionnaire.objects.filter(org_unit=None, title=seeded.SEEDED_LEFT_BEHIND).exists():
        seeded.seed(Questionnaire, FormVersion)
