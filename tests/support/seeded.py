"""What the data migrations seed, made again where a transactional test emptied every table.

A browser or concurrency test ends by truncating every table, the rows its data migrations
wrote included (the shipped questionnaires, services, service standard and score sheet). A
later fixture on the same worker that builds on them (the demo) calls ``reseed`` first: each
migration's own function runs again, and adds nothing where the rows are there.
"""

from __future__ import annotations

import importlib

from django.apps import apps

SEEDS = (
    "guanai.surveys.migrations.0002_seeded_forms",
    "guanai.inkind.migrations.0002_seed_services",
    "guanai.institutions.migrations.0002_national_standard",
    "guanai.institutions.migrations.0005_assessment",
)


def reseed() -> None:
    for name in SEEDS:
        importlib.import_module(name).seed(apps, None)
