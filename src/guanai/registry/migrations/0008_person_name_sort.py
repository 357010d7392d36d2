"""The roster's order: a stored sort key, pinyin, tone and character per character.

Ordered by the whole pinyin, 陈 (chen) and 程 (cheng) interleaved (陈安 chenan, 程立
chengli, 陈晓 chenxiao); ``core.pinyin.sort_key`` keeps each surname together. The key of
every stored person is computed here, then the roster's two indexes move from
``name_pinyin`` to the key.
"""

from django.db import migrations, models

from guanai.core.pinyin import sort_key

BATCH = 2000


def fill_sort_keys(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    persons = Person.objects.only("pk", "name").order_by("pk")
    last = 0
    while True:
        batch = list(persons.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        for person in batch:
            person.name_sort = sort_key(person.name)
        Person.objects.bulk_update(batch, ["name_sort"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_person_index_constraints"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_sort",
            field=models.CharField(default="", editable=False, max_length=400),
            preserve_default=False,
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(model_name="person", name="person_unit_pinyin"),
        migrations.RemoveIndex(model_name="person", name="person_pinyin"),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["org_unit", "name_sort"], name="person_unit_sort"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name_sort"], name="person_sort"),
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["name_sort", "pk"],
                "verbose_name": "person",
                "verbose_name_plural": "persons",
            },
        ),
    ]
