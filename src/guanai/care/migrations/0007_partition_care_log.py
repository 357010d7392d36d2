"""The care log partitioned by month of ``occurred_on`` on PostgreSQL (issue 24, point 4;
``core.partitions``). The rows a database already holds are kept. The foreign keys of the
persons met and the photos to their record are dropped there (a partitioned table's key is
``(id, occurred_on)``); Django still deletes them with their record. Nothing on SQLite, and
no change to the models' state."""

from typing import Any

from django.db import migrations

from guanai.core import partitions


def forward(apps: Any, schema_editor: Any) -> None:
    partitions.partition(partitions.CARE_LOG, connection=schema_editor.connection)


def backward(apps: Any, schema_editor: Any) -> None:
    def fk_name(table: str, column: str) -> str:
        # The name Django gave these foreign keys (``_create_fk_sql``).
        return str(
            schema_editor._create_index_name(table, [column], suffix="_fk_care_carerecord_id")
        )

    partitions.unpartition(
        partitions.CARE_LOG, connection=schema_editor.connection, fk_name=fk_name
    )


class Migration(migrations.Migration):
    dependencies = [("care", "0006_record_key_and_photos")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
