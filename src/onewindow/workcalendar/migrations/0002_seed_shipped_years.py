"""Seed the holiday schedules that ship with the product (2004-2026, from chinesecalendar)."""

from django.db import migrations


def seed(apps, schema_editor):
    from onewindow.workcalendar.official import seed_shipped_years

    seed_shipped_years(apps.get_model("workcalendar", "CalendarYear"), apps.get_model("workcalendar", "CalendarDay"))


def unseed(apps, schema_editor):
    from onewindow.workcalendar.official import shipped_years

    years = list(shipped_years())
    apps.get_model("workcalendar", "CalendarDay").objects.filter(day__year__in=years).delete()
    apps.get_model("workcalendar", "CalendarYear").objects.filter(year__in=years).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
