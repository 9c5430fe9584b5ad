"""API tokens get a scope and an expiry.

Tokens made before had every right of their user and no end: they become read-write (what they
could do) and, unless revoked, expire 90 days after this migration, so none lasts for ever
unnoticed. Their owners see them on the *API tokens* page; an operator can make a replacement
with ``ssrmonitor create_api_token``.
"""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

EXISTING_TOKENS_DAYS = 90


def give_existing_tokens_an_end(apps, schema_editor):
    tokens = apps.get_model("core", "ApiToken")
    until = timezone.now() + timedelta(days=EXISTING_TOKENS_DAYS)
    tokens.objects.filter(expires_at__isnull=True, revoked_at__isnull=True).update(expires_at=until)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_alter_membership_role")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("read_write", "Read and write")],
                default="read_write",
                max_length=10,
                verbose_name="scope",
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("read_write", "Read and write")],
                default="read",
                max_length=10,
                verbose_name="scope",
            ),
        ),
        migrations.RunPython(give_existing_tokens_an_end, migrations.RunPython.noop),
    ]
