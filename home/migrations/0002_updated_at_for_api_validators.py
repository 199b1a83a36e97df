"""updated_at on regions, police units and officers: the API's ETag/Last-Modified and `updated_since`."""

import django.utils.timezone
from django.db import migrations, models


def _field():
    return models.DateTimeField(
        auto_now=True, db_index=True, default=django.utils.timezone.now, verbose_name="updated"
    )


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]

    operations = [
        migrations.AddField("kecamatan", "updated_at", _field(), preserve_default=False),
        migrations.AddField("kelurahan", "updated_at", _field(), preserve_default=False),
        migrations.AddField("policeunit", "updated_at", _field(), preserve_default=False),
        migrations.AddField("officer", "updated_at", _field(), preserve_default=False),
    ]
