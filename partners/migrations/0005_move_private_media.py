"""Documents, visit photos and original images move from MEDIA_ROOT to PRIVATE_MEDIA_ROOT (issue 16)."""

from django.db import migrations


def move(apps, schema_editor):
    from cms.protected_media import move_legacy_files

    move_legacy_files()


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_idempotency_lease")]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
