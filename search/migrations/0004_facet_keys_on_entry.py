"""Facet values move from the SearchFacet table onto the entry row (`facet_keys`): the full-text
match has read that row already, so filters and counts need no join and no index probe per match."""

from django.db import migrations, models


def copy_facets(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchFacet = apps.get_model("search", "SearchFacet")
    keys = {}
    for entry_id, name, value in SearchFacet.objects.values_list("entry_id", "name", "value"):
        keys.setdefault(entry_id, []).append(f"{name}={value}")
    entries = list(SearchEntry.objects.filter(id__in=keys))
    for entry in entries:
        entry.facet_keys = keys[entry.id]
    SearchEntry.objects.bulk_update(entries, ["facet_keys"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_head_vector")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="facet_keys",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(copy_facets, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="SearchFacet"),
    ]
