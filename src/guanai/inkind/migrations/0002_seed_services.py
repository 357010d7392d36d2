"""Seed the services Guanai ships with (``inkind.catalogue.seeded``, from plan 八)."""

from django.db import migrations

from guanai.inkind.catalogue import seeded


def seed(apps, schema_editor):
    seeded.seed(apps.get_model("inkind", "Service"))


def unseed(apps, schema_editor):
    seeded.unseed(apps.get_model("inkind", "Service"))


class Migration(migrations.Migration):
    dependencies = [("inkind", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
