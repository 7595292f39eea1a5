from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.audit.models import AuditEvent
from onewindow.core.clock import ClockState, read_clock
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Invalid
from onewindow.workcalendar import services
from onewindow.workcalendar.models import CalendarDay, CalendarYear, YearSource
from onewindow.workcalendar.parsing import parse_csv, parse_notice

# The 2027 schedule as a CSV file, as an administrator would upload it.
CSV_2027 = """date,kind,name
2027-01-01,off,元旦
2027-01-02,off,元旦
2027-01-03,off,元旦
2027-02-06,off,春节
2027-02-07,off,春节
2027-02-08,off,春节
2027-02-09,off,春节
2027-02-10,off,春节
2027-02-11,off,春节
2027-02-12,off,春节
2027-02-13,off,春节
2027-02-14,work,春节
2027-02-20,work,春节
2027-10-01,off,国庆节
2027-10-02,off,国庆节
2027-10-03,off,国庆节
2027-10-04,off,国庆节
2027-10-05,off,国庆节
2027-10-06,off,国庆节
2027-10-07,off,国庆节
2027-09-26,work,国庆节
2027-10-09,work,国庆节
"""


@pytest.fixture
def admin_user(demo_county, django_user_model):
    return django_user_model.objects.get(username="admin")


def test_shipped_years_are_seeded_at_migrate_time(db):
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    assert CalendarDay.objects.get(day=date(2026, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(day=date(2026, 2, 14)).kind == "work"


def test_deadline_endpoint(demo_county, login):
    body = login("clerk").get("/api/v1/calendar/deadline?start=2026-09-30&days=5").json()
    assert body == {"start": "2026-09-30", "days": 5, "deadline": "2026-10-13"}
    assert (
        login("clerk").get("/api/v1/calendar/deadline?start=2026-02-13&days=1").json()["deadline"]
        == "2026-02-14"
    )


def test_a_2027_deadline_before_2027_is_loaded_answers_422_naming_the_year(demo_county, login):
    response = login("clerk").get("/api/v1/calendar/deadline?start=2027-03-01&days=5")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "calendar_not_loaded"
    assert body["details"] == {"year": 2027}
    assert "2027" in body["message"]
    spill = login("clerk").get("/api/v1/calendar/deadline?start=2026-12-28&days=10")
    assert spill.status_code == 422 and spill.json()["details"] == {"year": 2027}


def test_after_importing_2027_the_same_request_succeeds(
    demo_county, login, django_capture_on_commit_callbacks
):
    admin = login("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/calendar/import/", {"file": SimpleUploadedFile("2027.csv", CSV_2027.encode(), "text/csv")}
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    body = login("clerk").get("/api/v1/calendar/deadline?start=2027-02-05&days=1").json()
    assert body["deadline"] == "2027-02-14"  # 6-13 Feb off, Sunday 14 Feb a make-up working day
    event = AuditEvent.objects.get(action="workcalendar.year.load")
    assert event.object_id == "2027" and event.actor_label == "admin"
    assert event.after["days"]["2027-02-14"] == ["work", "春节"]


def test_days_and_workdays_endpoints(demo_county, login):
    clerk = login("clerk")
    days = clerk.get("/api/v1/calendar/days?year=2026").json()
    assert {"date": "2026-10-10", "kind": "work", "name": "国庆节"} in days["days"]
    assert {"date": "2026-10-01", "kind": "off", "name": "国庆节"} in days["days"]
    assert clerk.get("/api/v1/calendar/days?year=2031").json()["details"] == {"year": 2031}
    count = clerk.get("/api/v1/calendar/workdays?start=2026-09-30&end=2026-10-13").json()
    assert count == {"start": "2026-09-30", "end": "2026-10-13", "workdays": 5}


@pytest.mark.parametrize(
    "query",
    ["start=2026-13-01&days=5", "start=2026-01-01&days=-1", "start=2026-01-01", "days=3"],
)
def test_bad_deadline_queries_answer_422(demo_county, login, query):
    response = login("clerk").get(f"/api/v1/calendar/deadline?{query}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_calendar_api_needs_authentication(client, db):
    assert client.get("/api/v1/calendar/deadline?start=2026-09-30&days=5").status_code == 401


def test_a_file_with_any_bad_line_imports_nothing_and_names_every_bad_line(demo_county, login):
    bad = CSV_2027 + "2027-13-01,off,x\n2027-03-03,work,周三\n2027-01-01,off,again\n2027-05-01,maybe,x\n"
    page = login("admin").post("/calendar/import/", {"text": bad})
    assert page.status_code == 200
    text = page.content.decode()
    for line in (24, 25, 26, 27):
        assert f"第 {line} 行" in text
    assert "本来就是工作日" in text and "重复" in text
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(day__year=2027).exists()


def test_entering_the_state_council_notice(demo_county, login, django_capture_on_commit_callbacks):
    typed = {
        "year": 2027,
        "holidays": "元旦, 2027-01-01, 2027-01-03\n"
        "春节，2027-02-06，2027-02-13\n"  # full-width commas, as people type them
        "国庆节, 2027-10-01, 2027-10-07",
        "makeup": "2027-02-14, 春节\n2027-02-20, 春节\n2027-09-26, 国庆节\n2027-10-09, 国庆节",
    }
    admin = login("admin")
    unseen = admin.post("/calendar/notice/", {**typed, "action": "confirm"})  # no preview: nothing stored
    assert unseen.status_code == 200 and "请先预览" in unseen.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    basis = admin.post("/calendar/notice/", {**typed, "action": "preview"}).context["plan"].basis
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/calendar/notice/", {**typed, "action": "confirm", "basis": basis})
    assert response.status_code == 302
    assert response["Location"] == "/calendar/2027/"
    assert services.current_calendar().add_workdays(date(2027, 9, 30), 1) == date(2027, 10, 8)


def test_notice_errors_say_which_box_and_line(demo_county, login):
    page = login("admin").post(
        "/calendar/notice/",
        {
            "year": 2027,
            "holidays": "元旦, 2027-01-01, 2027-01-03\n春节, 2028-02-06, 2028-02-13",
            "makeup": "2027-02-17",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "不在 2027 年内" in text
    assert "本来就是工作日" in text
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_reloading_a_year_replaces_it_whole(admin_user, django_capture_on_commit_callbacks):
    services.import_days(actor=admin_user, parsed=parse_csv(CSV_2027), source=YearSource.CSV)
    with pytest.raises(Invalid) as refused:  # fewer days off, festivals and make-up days: confirm first
        services.import_days(
            actor=admin_user, parsed=parse_csv("2027-01-01,off,元旦\n"), source=YearSource.CSV
        )
    assert refused.value.code == "calendar_needs_confirmation"
    assert CalendarDay.objects.filter(day__year=2027).count() == 22
    services.import_days(
        actor=admin_user,
        parsed=parse_csv("2027-01-01,off,元旦\n"),
        source=YearSource.CSV,
        accept_warnings=True,
    )
    assert list(CalendarDay.objects.filter(day__year=2027).values_list("day", flat=True)) == [
        date(2027, 1, 1)
    ]
    assert AuditEvent.objects.filter(action="workcalendar.year.reload").count() == 1


def test_only_administrators_may_change_the_calendar(demo_county, login, django_user_model):
    supervisor = django_user_model.objects.get(username="supervisor")
    from onewindow.errors import Forbidden

    with pytest.raises(Forbidden):
        services.import_days(actor=supervisor, parsed=parse_csv(CSV_2027), source=YearSource.CSV)
    assert login("supervisor").post("/calendar/import/", {"text": CSV_2027}).status_code == 403
    assert login("clerk").get("/calendar/").status_code == 403


def test_year_view_marks_days_off_and_make_up_days(demo_county, login):
    page = login("admin").get("/calendar/2026/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-date="2026-10-01" data-kind="holiday"' in text
    assert 'data-date="2026-10-10" data-kind="makeup"' in text
    assert 'data-date="2026-10-17" data-kind="weekend"' in text
    assert 'data-date="2026-10-13" data-kind="workday"' in text
    assert login("admin").get("/calendar/2031/").status_code == 302


def test_years_page_lists_the_loaded_years(demo_county, login):
    text = login("admin").get("/calendar/").content.decode()
    assert "/calendar/2026/" in text and "/calendar/2004/" in text


# --- recomputing stored deadlines, on the clock alone (cases arrive in F4) -----------------------


def test_a_calendar_change_recomputes_stored_deadlines(admin_user, django_capture_on_commit_callbacks):
    stored = {"deadline": None, "state": None}

    def recompute_clock(calendar, years):
        try:
            reading = read_clock(
                calendar, limit_days=20, accepted_on=date(2026, 12, 21), today=date(2026, 12, 31)
            )
        except CalendarNotLoaded:
            return 0
        stored.update(deadline=reading.deadline, state=reading.state)
        return 1

    services.register_recomputer("test-clock", recompute_clock)
    try:
        assert services.recompute_deadlines({2026})["test-clock"] == 0  # 2027 not loaded: nothing stored
        with django_capture_on_commit_callbacks(execute=True):
            services.import_days(actor=admin_user, parsed=parse_csv(CSV_2027), source=YearSource.CSV)
    finally:
        services.unregister_recomputer("test-clock")
    # 21 Dec + 20 working days: 22-31 Dec is 8, then 4-8, 11-15 Jan (1-3 Jan off) and 18-19 Jan.
    assert stored == {"deadline": date(2027, 1, 19), "state": ClockState.RUNNING}


def test_parse_notice_rejects_long_and_reversed_ranges():
    parsed = parse_notice(2027, "春节, 2027-02-13, 2027-02-06\n长假, 2027-01-01, 2027-03-01", "")
    assert [e.line for e in parsed.errors] == [1, 2]
