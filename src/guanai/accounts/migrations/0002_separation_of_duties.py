"""Two-person rule for data roles and API token lifetime (issue 12)."""

from datetime import timedelta

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _expire_existing_tokens(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Give the tokens made before tokens expired the lifetime they would have had."""
    token_model = apps.get_model("accounts", "ApiToken")
    lifetime = timedelta(days=settings.GUANAI_API_TOKEN_DAYS)
    for token in token_model.objects.filter(expires_at__isnull=True).only("created_at"):
        token_model.objects.filter(pk=token.pk).update(expires_at=token.created_at + lifetime)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(_expire_existing_tokens, migrations.RunPython.noop),
        migrations.AddField(
            model_name="membership",
            name="status",
            field=models.CharField(
                choices=[
                    ("active", "Active"),
                    ("pending", "Awaiting approval"),
                    ("rejected", "Refused"),
                ],
                default="active",
                max_length=8,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="requested by",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="approved or refused by",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="decided"),
        ),
    ]
