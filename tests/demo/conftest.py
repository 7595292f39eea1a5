import pytest

from onewindow.timelimits import reading
from onewindow.workcalendar.services import current_calendar


@pytest.fixture(autouse=True)
def working_service_day(db, monkeypatch):
    """The demo plays the working days up to its day: on a weekend or a holiday, the real day would put
    the load's last sweep on a day the demo never played, so the tests load it on the last working day."""
    calendar, day = current_calendar(), reading.today()
    if not calendar.is_workday(day):
        day = calendar.add_workdays(day, -1)
    monkeypatch.setattr(reading, "today", lambda: day)
    return day
