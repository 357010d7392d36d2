from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_more_actions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("login", "Login"),
                    ("login_failed", "Failed login"),
                    ("locked_out", "Account locked"),
                    ("logout", "Logout"),
                    ("unlock", "Lock reset"),
                    ("password_change", "Password changed"),
                    ("password_reset", "Password set by an administrator"),
                    ("account_create", "Account created"),
                    ("role_request", "Role requested"),
                    ("role_grant", "Role granted"),
                    ("role_approve", "Role approved"),
                    ("role_reject", "Role refused"),
                    ("role_revoke", "Role removed"),
                    ("read", "Read sensitive record"),
                    ("reveal", "Revealed masked value"),
                    ("export", "Export"),
                    ("token", "API token"),
                    ("backup", "Database backup"),
                    ("restore", "Database restore"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
    ]
