"""F8 item 1: deadlines that reach a year whose holidays are not loaded. The intake still accepts; every
page, print, message and API answer says the deadline waits for that year's calendar, in words; the
admins are warned ahead; loading the year recomputes every waiting clock and tells each applicant once."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from onewindow.cases.models import Case
from onewindow.notices.models import ApplicantMessage, Notice
from onewindow.workcalendar import services as calendar_services
from onewindow.workcalendar.ahead import ahead
from onewindow.workcalendar.models import CalendarYear, YearSource
from onewindow.workcalendar.official import official_exceptions
from onewindow.workcalendar.parsing import parse_csv
from tests.workcalendar.test_calendar import CSV_2027

from .conftest import intake, person

WAITING = "办结期限待2027年节假日安排公布后确定，届时短信告知"


def independent_deadline(start: date, n: int) -> date:
    """Count n working days after `start` by walking the days: weekends off unless a make-up day, the
    shipped 2026 schedule and the imported 2027 lines as they are written (not through the calendar)."""
    exceptions = {day: is_work for day, (is_work, _name) in official_exceptions([2026]).items()}
    for line in CSV_2027.strip().splitlines()[1:]:
        day, kind, _name = line.split(",")
        exceptions[date.fromisoformat(day)] = kind == "work"
    day = start
    while n:
        day += timedelta(days=1)
        n -= exceptions.get(day, day.weekday() < 5)
    return day


@pytest.fixture
def december(catalog, today):
    CalendarYear.objects.filter(year__gte=2027).delete()
    today.set(date(2026, 12, 4))
    return today


def test_a_december_intake_is_accepted_and_every_answer_says_the_deadline_waits(december, login):
    case = intake("clerk", "工伤认定")  # 30 working days from 4 December 2026
    assert case.status == "accepted" and case.deadline is None and case.clock_state == "no_calendar"

    clerk = login("clerk")
    api = clerk.get(f"/api/v1/cases/{case.number}").json()
    assert api["deadline"] is None and api["deadline_note"] == WAITING
    for page in (
        f"/cases/{case.number}/",
        f"/cases/{case.number}/print/receipt/",
        f"/cases/intake/{case.number}/",
    ):
        body = clerk.get(page).content.decode()
        assert WAITING in body, page
    receipt = clerk.get(f"/cases/{case.number}/print/receipt/").content.decode()
    assert "—" not in receipt.split("承诺办结期限", 1)[1].split("</tr>", 1)[0]
    public = Client().get("/track/", {"number": case.number, "code": case.query_code}).content.decode()
    assert WAITING in public
    tracked = Client().get(f"/api/v1/public/cases/{case.number}", {"code": case.query_code})
    assert tracked.json()["deadline_note"] == WAITING
    accepted = ApplicantMessage.objects.get(case=case, kind="accepted")
    assert WAITING in accepted.text


def test_loading_the_year_recomputes_every_waiting_clock_and_tells_each_applicant_once(
    december, admin_user, django_capture_on_commit_callbacks
):
    waiting = []
    for day, name in [
        (date(2026, 12, 4), "工伤认定"),
        (date(2026, 12, 10), "最低生活保障审批"),
        (date(2026, 12, 21), "教师资格认定"),
        (date(2026, 12, 31), "食品经营许可"),
    ]:
        december.set(day)
        waiting.append(intake("clerk", name, applicant=person(phone=f"1380538{len(waiting):04d}")))
    known = intake("clerk", "企业设立登记")  # 31 December + 1 day: waits too, a one-day item
    assert all(c.clock_state == "no_calendar" for c in [*waiting, known])

    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.import_days(actor=admin_user, parsed=parse_csv(CSV_2027), source=YearSource.CSV)

    for case in [*waiting, known]:
        case.refresh_from_db()
        assert case.clock_state == "running"
        assert case.deadline == independent_deadline(case.accepted_on, case.limit_days), case.title
        told = ApplicantMessage.objects.filter(case=case, kind="deadline")
        assert told.count() == 1
        assert case.deadline.isoformat() in told.get().text and case.number in told.get().text

    with django_capture_on_commit_callbacks(execute=True):  # the same year again: nobody is told twice
        calendar_services.import_days(actor=admin_user, parsed=parse_csv(CSV_2027), source=YearSource.CSV)
    assert ApplicantMessage.objects.filter(kind="deadline").count() == len(waiting) + 1
    assert Case.objects.filter(clock_state="no_calendar").count() == 0


def test_the_admins_are_warned_from_november_with_the_count_waiting(december, login, settings):
    assert ahead(date(2026, 10, 31)) is None  # nothing waits yet, and it is not November
    assert ahead(date(2026, 11, 1)).year == 2027 and ahead(date(2026, 11, 1)).total == 0
    settings.CALENDAR_AHEAD_FROM = (12, 1)
    assert ahead(date(2026, 11, 30)) is None
    intake("clerk", "工伤认定")
    assert ahead(date(2026, 11, 30)).total == 1  # a row waits: said whatever the day
    home = login("admin").get("/home/admin/").content.decode()
    assert 'data-testid="calendar-ahead" data-year="2027" data-waiting="1"' in home
    assert "/calendar/notice/" in home
    years = login("admin").get("/calendar/").content.decode()
    assert 'data-testid="calendar-ahead" data-year="2027" data-waiting="1"' in years
    assert "calendar-ahead" not in login("clerk").get("/home/window_clerk/").content.decode()


def test_the_worker_tells_the_admins_once_a_day_until_the_year_is_loaded(
    december, admin_user, django_capture_on_commit_callbacks
):
    from onewindow.notices import sweeps

    intake("clerk", "工伤认定")
    admins = set(
        get_user_model().objects.filter(is_superuser=True, is_active=True).values_list("pk", flat=True)
    )
    call_command("worker", "--once", "--only", "calendar_ahead")
    call_command("worker", "--once", "--only", "calendar_ahead")  # not due again within the day
    call_command("worker", "--once", "--force", "--only", "calendar_ahead")  # forced: still once a day
    notices = Notice.objects.filter(link="/calendar/notice/")
    assert {n.recipient_id for n in notices} == admins and notices.count() == len(admins)
    assert "2027" in notices.first().text and "1" in notices.first().text
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.import_days(actor=admin_user, parsed=parse_csv(CSV_2027), source=YearSource.CSV)
    assert "nobody told" in sweeps.calendar_ahead()


def test_a_supplementary_notice_moves_a_running_deadline_and_tells_the_applicant_once(
    catalog, today, admin_user, django_capture_on_commit_callbacks
):
    from tests.workcalendar.test_notices import notice

    def load(text, **options):
        with django_capture_on_commit_callbacks(execute=True):
            plan = calendar_services.plan_notice(text=text)
            calendar_services.apply_import(actor=admin_user, plan=plan, **options)

    load(notice("2019"), accept_warnings=True)  # 2019 as its annual notice had it: Labour Day 1 May only
    today.set(date(2019, 4, 26))
    case = intake("clerk", "不动产变更登记")  # 3 working days: 29, 30 April and 2 May
    assert case.deadline == date(2019, 5, 2)

    load(notice("2019-labour-day"))  # 28 April (a Sunday) works; 2 and 3 May are off
    case.refresh_from_db()
    assert case.deadline == date(2019, 4, 30)
    told = ApplicantMessage.objects.get(case=case, kind="deadline")
    assert "由 2019-05-02 调整为 2019-04-30" in told.text and case.number in told.text

    load(notice("2019-labour-day"))  # the same days again: nothing moves, nobody is told twice
    assert ApplicantMessage.objects.filter(case=case, kind="deadline").count() == 1
