"""The default urging ladder (Lantian): urging notice, phone, verbal, on-site, special meeting, joint."""

from django.db import migrations


def seed(apps, schema_editor):
    from onewindow.supervision.defaults import seed_default_ladder

    seed_default_ladder(apps.get_model("supervision", "UrgingRung"))


def unseed(apps, schema_editor):
    apps.get_model("supervision", "UrgingRung").objects.filter(source="", urgency="").delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0003_matters")]
    operations = [migrations.RunPython(seed, unseed)]
