"""The access log and django-auditlog's log partitioned by month on PostgreSQL (issue 24,
point 4; ``core.partitions``). The rows a database already holds are kept. Nothing on
SQLite, and no change to the models' state: the tables keep their columns."""

from typing import Any

from django.db import migrations

from guanai.core import partitions

LOGS = (partitions.ACCESS_LOG, partitions.AUDIT_LOG)


def forward(apps: Any, schema_editor: Any) -> None:
    for spec in LOGS:
        partitions.partition(spec, connection=schema_editor.connection)


def backward(apps: Any, schema_editor: Any) -> None:
    for spec in LOGS:
        partitions.unpartition(spec, connection=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_accesslog_log_archive_action"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
