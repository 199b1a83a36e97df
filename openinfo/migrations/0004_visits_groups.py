"""Groups for the visit-report roles (DESIGN §6): officers, supervisors and leadership."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Bhabinkamtibmas": [
        ("wagtailadmin", "access_admin"),
        ("openinfo", "add_visitreport"), ("openinfo", "change_visitreport"),
        ("openinfo", "delete_visitreport"), ("openinfo", "view_visitreport"),
    ],
    "Supervisor Satbinmas": [
        ("wagtailadmin", "access_admin"), ("openinfo", "view_visitreport"),
        ("openinfo", "review_visitreport"), ("openinfo", "view_visit_dashboard"),
    ],
    "Kanit Binmas": [
        ("wagtailadmin", "access_admin"), ("openinfo", "view_visitreport"),
        ("openinfo", "review_visitreport"), ("openinfo", "view_visit_dashboard"),
    ],
    "Pimpinan": [("wagtailadmin", "access_admin"), ("openinfo", "view_visit_dashboard")],
}


def create_groups(apps, schema_editor):
    from django.apps import apps as global_apps

    # Permissions are normally created after all migrations; the groups need them now.
    create_permissions(global_apps.get_app_config("openinfo"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("openinfo", "0003_visits"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
