"""Seed the two questionnaires Guanai ships with (``surveys.seeded``): the left-behind
children's situation survey and the disabled persons' services-and-needs survey, with no
unit and version 1 published."""

from django.db import migrations

from guanai.surveys import seeded


def seed(apps, schema_editor):
    seeded.seed(apps.get_model("surveys", "Questionnaire"), apps.get_model("surveys", "FormVersion"))


def unseed(apps, schema_editor):
    seeded.unseed(apps.get_model("surveys", "Questionnaire"))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
