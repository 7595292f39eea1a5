"""A new time-limited kind is one inherited model line and one registration: the shared sweep raises its
yellow and red warnings exactly once each, and the calendar import replays it."""

from datetime import date

import pytest
from django.db.models import Q

from onewindow.core.clock import read_clock
from onewindow.notices.announcements import Announcement, Digest, announce
from onewindow.notices.models import Notice
from onewindow.timelimits import reading, registry, sweep
from onewindow.timelimits.choices import ClockState, Warning
from onewindow.workcalendar import services as calendar_services
from onewindow.workcalendar.models import YearSource
from onewindow.workcalendar.parsing import parse_csv
from tests.workcalendar.test_calendar import CSV_2027

from .models import Errand

pytestmark = pytest.mark.django_db


def _refresh(errand, calendar, on):
    reading.refresh_row(
        errand,
        lambda: read_clock(calendar, limit_days=errand.limit_days, accepted_on=errand.started_on, today=on),
        calendar,
        on,
    )


def _recompute(calendar, on):
    errands = list(Errand.objects.filter(done=False))
    for errand in errands:
        _refresh(errand, calendar, on)
    return len(errands)


def _announce(errands, day):
    announce(
        [
            Announcement(
                level=e.warning, text=lambda e=e: f"{e.title}: {e.warning}", link="/", recipients=[e.owner_id]
            )
            for e in errands
        ],
        Digest(text=lambda level, count: f"{count} {level}", link=lambda level: "/"),
    )


@pytest.fixture
def errands_registered():
    registry.register(
        registry.TimeLimitKind(
            name="errands",
            model=Errand,
            open=Q(done=False),
            recompute=_recompute,
            announce=_announce,
            announce_fields=("pk", "title", "warning", "owner_id"),
        )
    )
    yield
    registry.unregister("errands")


def test_the_shared_sweep_warns_a_new_kind_once_per_level_and_the_calendar_import_replays_it(
    errands_registered, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(reading, "today", lambda: date(2026, 12, 31))
    errand = Errand.objects.create(
        title="整改", started_on=date(2026, 12, 21), limit_days=20, owner_id=admin_user.pk
    )
    _refresh(errand, calendar_services.current_calendar(), reading.today())
    errand.refresh_from_db()
    assert errand.clock_state == ClockState.NO_CALENDAR and errand.deadline is None  # 2027 not loaded

    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.import_days(actor=admin_user, parsed=parse_csv(CSV_2027), source=YearSource.CSV)
    errand.refresh_from_db()
    # 21 Dec + 20 working days: 22-31 Dec is 8, then 4-8, 11-15 Jan (1-3 Jan off) and 18-19 Jan.
    assert (errand.deadline, errand.clock_state) == (date(2027, 1, 19), ClockState.RUNNING)
    assert errand.yellow_on == date(2027, 1, 13)  # 4 working days left (14, 15, 18, 19): 20% of 20

    told = Notice.objects.filter(recipient=admin_user)
    for day, level in ((date(2027, 1, 13), Warning.YELLOW), (date(2027, 1, 20), Warning.RED)):
        for _ in range(3):  # the worker runs every minute; only the first run of the day finds work
            sweep.refresh_due(on=day)
            sweep.announce_raised(on=day)
        errand.refresh_from_db()
        assert errand.warning == errand.warned == level
        assert told.filter(text=f"整改: {level}").count() == 1
    assert errand.clock_state == ClockState.OVERDUE
    assert reading.days_left(errand, calendar_services.current_calendar(), date(2027, 1, 21)) == -2
    assert told.count() == 2


def test_a_kind_nobody_is_told_of_is_still_raised(admin_user):
    registry.register(registry.TimeLimitKind(name="quiet errands", model=Errand, open=Q(done=False)))
    try:
        calendar = calendar_services.current_calendar()
        errand = Errand.objects.create(
            title="x", started_on=date(2026, 3, 2), limit_days=5, owner_id=admin_user.pk
        )
        _refresh(errand, calendar, date(2026, 3, 2))
        assert sweep.refresh_due(on=date(2026, 3, 20)) == 1
        errand.refresh_from_db()
        assert (errand.warning, errand.clock_state) == (Warning.RED, ClockState.OVERDUE)
        assert sweep.refresh_due(on=date(2026, 3, 20)) == 0
        assert not Notice.objects.exists()
    finally:
        registry.unregister("quiet errands")
