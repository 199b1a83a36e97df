"""Seed the holiday calendar from openinfo/data/holidays_id.csv and create the PPID group."""

import csv
import datetime
from pathlib import Path

from django.contrib.auth.management import create_permissions
from django.db import migrations

HOLIDAYS_CSV = Path(__file__).resolve().parent.parent / "data" / "holidays_id.csv"
PPID_MODELS = ["informationrequest", "objection", "requestevent", "responsedocument", "holiday",
               "publicinformation"]


def seed_holidays(apps, schema_editor):
    Holiday = apps.get_model("openinfo", "Holiday")
    with HOLIDAYS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Holiday.objects.update_or_create(
                date=datetime.date.fromisoformat(row["date"]),
                defaults={"kind": row["kind"], "name": row["name_id"], "source_url": row["source_url"]},
            )


def create_ppid_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create this app's now.
    app_config = apps.get_app_config("openinfo")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="PPID")
    perms = Permission.objects.filter(content_type__app_label="openinfo",
                                      content_type__model__in=PPID_MODELS)
    group.permissions.add(*perms)
    # Wagtail adds publish/lock permissions of snippets after migrating; the group needs them now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct = ContentType.objects.get(app_label="openinfo", model="publicinformation")
    for action in ("publish", "lock", "unlock"):
        perm, _ = Permission.objects.get_or_create(
            content_type=ct, codename=f"{action}_publicinformation",
            defaults={"name": f"Can {action} public information (register item)"},
        )
        group.permissions.add(perm)
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin",
                                             codename="access_admin")
    group.permissions.add(*admin_access)
    # Wagtail documents are permitted per collection: PPID staff manage documents from the root.
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is not None:
        for perm in Permission.objects.filter(content_type__app_label="wagtaildocs",
                                              codename__in=["add_document", "change_document",
                                                            "choose_document"]):
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=perm)


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("openinfo", "0001_ppid_register_requests_objections"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(seed_holidays, noop),
        migrations.RunPython(create_ppid_group, noop),
    ]
