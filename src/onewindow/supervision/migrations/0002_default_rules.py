"""The default monitoring rules: yellow and red cards for cases and joint-case steps."""

from django.db import migrations


def seed(apps, schema_editor):
    from onewindow.supervision.defaults import seed_default_rules

    seed_default_rules(apps.get_model("supervision", "MonitoringRule"))


def unseed(apps, schema_editor):
    from onewindow.supervision.defaults import DEFAULT_RULES

    apps.get_model("supervision", "MonitoringRule").objects.filter(code__in=[r[0] for r in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
