"""updated_at on topics, legal references and audiences: the partner API's validators and updated_since."""

import django.utils.timezone
from django.db import migrations, models


def field():
    return models.DateTimeField(auto_now=True, db_index=True, default=django.utils.timezone.now,
                                verbose_name="updated")


class Migration(migrations.Migration):
    dependencies = [("counselling", "0003_editorial_groups")]

    operations = [
        migrations.AddField("topic", "updated_at", field(), preserve_default=False),
        migrations.AddField("legalreference", "updated_at", field(), preserve_default=False),
        migrations.AddField("audience", "updated_at", field(), preserve_default=False),
    ]
