"""Groups of the editorial workflow. Their page permissions and the workflow itself need the
counselling index page, which a fresh database does not have yet: `manage.py setup_counselling`
(run by counselling_demo) assigns them idempotently."""

from django.db import migrations

GROUPS = ["Editor Satbinmas", "Supervisor Satbinmas"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("counselling", "0002_article_import_checksum"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
