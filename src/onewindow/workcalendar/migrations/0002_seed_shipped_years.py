"""Seed the holiday schedules that ship with the product (2004-2026, from chinesecalendar)."""

from django.db import migrations


def seed(apps, schema_editor):
    from onewindow.workcalendar.official import official_exceptions, shipped_years

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(day=day, kind="work" if is_workday else "off", name=name)
            for day, (is_workday, name) in sorted(official_exceptions().items())
        ],
        ignore_conflicts=True,
    )
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=year, source="shipped") for year in shipped_years()],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    from onewindow.workcalendar.official import shipped_years

    years = list(shipped_years())
    apps.get_model("workcalendar", "CalendarDay").objects.filter(day__year__in=years).delete()
    apps.get_model("workcalendar", "CalendarYear").objects.filter(year__in=years).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
