"""The starter list of everyday search words (catalog.synonyms.STARTER)."""

from django.db import migrations


def add(apps, schema_editor):
    from onewindow.catalog.synonyms import add_starter

    add_starter(apps.get_model("catalog", "SearchSynonym"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_search_synonyms")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
