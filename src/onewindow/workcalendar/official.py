"""The State Council holiday schedules that ship with the product, read from the chinesecalendar package.

Pure Python: the seeding migration, the tests and the benchmark all read the same records here.
"""

from datetime import date, timedelta

import chinese_calendar

FIRST_SHIPPED_YEAR = 2004
LAST_SHIPPED_YEAR = 2026

# chinesecalendar names holidays in English; the calendar keeps the Chinese names people use.
CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def shipped_years() -> range:
    return range(FIRST_SHIPPED_YEAR, LAST_SHIPPED_YEAR + 1)


def official_exceptions(years=None) -> dict[date, tuple[bool, str]]:
    """Statutory days off (with their names) and make-up working days, for the shipped years."""
    wanted = set(shipped_years() if years is None else years)
    days: dict[date, tuple[bool, str]] = {}
    for day, name in chinese_calendar.holidays.items():
        if day.year in wanted and name:
            days[day] = (False, CHINESE_NAMES.get(name, name))
    for day, name in chinese_calendar.workdays.items():
        if day.year in wanted and day.weekday() >= 5:
            days[day] = (True, CHINESE_NAMES.get(name, name) if name else "")
    return days


def seed_shipped_years(year_model, day_model) -> None:
    """Store the shipped schedules; idempotent. Takes the models so a migration can pass its own."""
    day_model.objects.bulk_create(
        [
            day_model(day=day, kind="work" if is_workday else "off", name=name)
            for day, (is_workday, name) in sorted(official_exceptions().items())
        ],
        ignore_conflicts=True,
    )
    year_model.objects.bulk_create(
        [year_model(year=y, source="shipped") for y in shipped_years()], ignore_conflicts=True
    )


def naive_add_workdays(d: date, n: int) -> date:
    """The reference the fast calendar is checked and measured against: walk day by day asking
    chinesecalendar. Slow on purpose (some 20 us a day); never use it for real deadlines."""
    if n == 0:
        while not chinese_calendar.is_workday(d):
            d += timedelta(days=1)
        return d
    while n:
        d += timedelta(days=1)
        n -= chinese_calendar.is_workday(d)
    return d
