"""Every API token expires (issue 12); 0002 gave the existing ones their date.

A migration of its own: PostgreSQL refuses to alter a table in the transaction that
updated its rows while it has deferred foreign-key checks pending.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_separation_of_duties"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
