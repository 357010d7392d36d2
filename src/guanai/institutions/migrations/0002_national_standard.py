"""Seed the national service standard (plan 五, 残疾人托养服务规范) as checklist version 1:
the items of ``institutions.national``, with the rules that decide them."""

from django.db import migrations

from guanai.institutions import national


def seed(apps, schema_editor):
    national.seed(
        apps.get_model("institutions", "Standard"), apps.get_model("institutions", "StandardItem")
    )


def unseed(apps, schema_editor):
    Standard = apps.get_model("institutions", "Standard")
    Standard.objects.filter(code=national.CODE, version=national.VERSION, org_unit=None).delete()


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
