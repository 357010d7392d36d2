"""Move the services' targets onto the work organisation's multi-year targets (issue 21).

Each ``inkind.Target`` becomes a ``governance.Target`` — the same unit, title, years (from
→ base, to → final), note, author, creation time, archiving and version — whose source
names its measure (``inkind.all_served``: the share of every eligible person served, in
percent, goal 100; ``inkind.count``: the persons served, goal the number promised), with
baseline 0 and rising; and a ``ServiceTarget`` row keeping its service. The old table is
then dropped. Going back moves them the other way.
"""

import django.db.models.deletion
from django.db import migrations, models

PREFIX = "inkind."


def forward(apps, schema_editor):
    Old = apps.get_model("inkind", "Target")
    ServiceTarget = apps.get_model("inkind", "ServiceTarget")
    Target = apps.get_model("governance", "Target")
    for old in Old.objects.order_by("pk").iterator():
        every = old.measure == "all_served"
        new = Target.objects.create(
            org_unit_id=old.org_unit_id,
            title=old.title,
            source=PREFIX + old.measure,
            value_kind="percent" if every else "count",
            direction="up",
            base_year=old.start_year,
            final_year=old.end_year,
            baseline=0,
            goal=100 if every else old.goal,
            note=old.note,
            created_by_id=old.created_by_id,
            archived_at=old.archived_at,
            version=old.version,
        )
        # auto_now_add set the time of the copy: keep the original's.
        Target.objects.filter(pk=new.pk).update(created_at=old.created_at)
        ServiceTarget.objects.create(target_id=new.pk, service_id=old.service_id)


def backward(apps, schema_editor):
    Old = apps.get_model("inkind", "Target")
    ServiceTarget = apps.get_model("inkind", "ServiceTarget")
    Target = apps.get_model("governance", "Target")
    for row in ServiceTarget.objects.select_related("target").order_by("pk").iterator():
        target = row.target
        measure = target.source.removeprefix(PREFIX)
        old = Old.objects.create(
            org_unit_id=target.org_unit_id,
            service_id=row.service_id,
            title=target.title,
            start_year=target.base_year,
            end_year=target.final_year,
            measure=measure,
            goal=int(target.goal) if measure == "count" and target.goal is not None else None,
            note=target.note,
            created_by_id=target.created_by_id,
            archived_at=target.archived_at,
            version=target.version,
        )
        Old.objects.filter(pk=old.pk).update(created_at=target.created_at)
    moved = list(ServiceTarget.objects.values_list("target_id", flat=True))
    ServiceTarget.objects.all().delete()
    Target.objects.filter(pk__in=moved).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inkind", "0002_seed_services"),
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ServiceTarget",
            fields=[
                (
                    "target",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="service_target",
                        serialize=False,
                        to="governance.target",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="service_targets",
                        to="inkind.service",
                        verbose_name="service",
                    ),
                ),
            ],
            options={
                "ordering": ["target__org_unit__path", "target__base_year", "pk"],
            },
        ),
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="Target"),
    ]
