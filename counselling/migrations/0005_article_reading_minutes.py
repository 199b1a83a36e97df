"""The reading time is stored on save, so API listings need not load and walk every body."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    from counselling.models import CounsellingArticlePage

    for page in CounsellingArticlePage.objects.only("pk", "summary", "body").iterator():
        CounsellingArticlePage.objects.filter(pk=page.pk).update(reading_minutes=page.reading_time)


class Migration(migrations.Migration):
    dependencies = [("counselling", "0004_partner_api_updated_at")]

    operations = [
        migrations.AddField(
            model_name="counsellingarticlepage",
            name="reading_minutes",
            field=models.PositiveSmallIntegerField(
                default=1, editable=False, help_text="Stored on save, so listings need not read the body.",
                verbose_name="reading time (minutes)",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
