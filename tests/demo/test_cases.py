"""The demo cases of `onewindow demo`: played through the services, every status, kind, channel and
warning, valid applicants, current clocks, reproducible, and loaded only once."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from onewindow.accounts.applicants import check_applicant
from onewindow.audit import services as audit
from onewindow.cases import clocks
from onewindow.cases.choices import OPEN_STATUSES, Action, Channel, Status
from onewindow.cases.models import Case, CaseEvent
from onewindow.catalog.choices import CaseKind
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import SPAN_WORKDAYS, load_demo_cases, working_days
from onewindow.demo.cases.people import AREA_CODE, EARLIER_AREA_CODES
from onewindow.timelimits.choices import Warning
from onewindow.workcalendar.services import current_calendar

XINTAI_CODES = {AREA_CODE, *(code for _year, code in EARLIER_AREA_CODES)}
PLAYED_CHANNELS = {Channel.WINDOW, Channel.AGENT, Channel.ONLINE}


@pytest.fixture
def demo_catalog_loaded(demo_county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # online applicants upload their materials
    demo_catalog.load_demo_catalog()


def test_default_load_has_every_status_kind_channel_and_warning_and_a_sound_audit_log(demo_catalog_loaded):
    result = load_demo_cases()

    assert result["created"] == result["cases"] == Case.objects.count() >= 500
    assert set(result["status"]) == set(Status.values)
    assert set(result["kind"]) == set(CaseKind.values)
    assert PLAYED_CHANNELS <= set(result["channel"])
    assert result["open_warning"].get(Warning.YELLOW, 0) >= 1
    assert result["open_warning"].get(Warning.RED, 0) >= 1
    bundles = set(Case.objects.filter(bundle__isnull=False).values_list("bundle__code", flat=True))
    assert bundles == {b["code"] for b in demo_catalog.BUNDLES}
    assert result["on_the_spot"] > 0 and result["finished_late"] > 0 and result["certificates"] > 0
    returned = Case.objects.filter(status=Status.RETURNED)
    assert returned.exists() and not returned.filter(reason="").exists()
    assert not returned.filter(legal_basis="").exists()
    paused = Case.objects.filter(status=Status.PAUSED)
    assert {"supplement"} < set(
        CaseEvent.objects.filter(action=Action.PAUSE).values_list("pause_kind", flat=True)
    )
    assert not paused.filter(paused_kind="").exists()
    assert Case.objects.filter(status=Status.EXTENDED, extended_days__gt=0).exists()

    audit.seal_pending()  # as `onewindow audit verify` does
    verification = audit.verify()
    assert verification.ok, verification.reason
    assert verification.pending == 0 and verification.checked > result["cases"]

    cases, events = Case.objects.count(), CaseEvent.objects.count()
    again = load_demo_cases()
    assert again["created"] == 0
    assert (Case.objects.count(), CaseEvent.objects.count()) == (cases, events)


def test_applicants_are_valid_people_and_firms_of_xintai(demo_catalog_loaded):
    load_demo_cases(count=60)
    for case in Case.objects.all():
        applicant = check_applicant(
            kind=case.applicant_kind,
            name=case.applicant_name,
            id_number=case.applicant_id_number,
            phone=case.applicant_phone,
            legal_representative=case.legal_representative,
        )
        if applicant.kind == "person":
            assert applicant.id_number[:6] in XINTAI_CODES
        else:
            assert applicant.id_number[2:8] == AREA_CODE
    online = Case.objects.filter(channel=Channel.ONLINE)
    assert online.exists() and not online.filter(citizen__isnull=True).exists()


def test_stored_clocks_are_current_and_times_follow_the_days(demo_catalog_loaded):
    today = clocks.today()
    load_demo_cases(count=60)
    calendar = current_calendar()
    days = working_days(calendar, today, SPAN_WORKDAYS)
    for case in Case.objects.filter(status__in=OPEN_STATUSES):
        reading = clocks.reading_for(case, list(case.events.all()), calendar, today)
        assert (case.deadline, clocks.days_left(case, today), case.yellow_on) == (
            reading.deadline,
            reading.remaining_days,
            reading.yellow_on,
        ), case.number
        assert clocks.worst(reading.warning.value, case.warning) == case.warning
    for event in CaseEvent.objects.all():
        assert days[0] <= event.day <= days[-1]
        assert timezone.localtime(event.at).date() == event.day
    for case in Case.objects.all():
        submitted = case.events.get(action=Action.SUBMIT)
        assert case.submitted_at == submitted.at
        assert case.number[6:14] == f"{submitted.day:%Y%m%d}"


def test_the_same_seed_gives_the_same_cases(demo_catalog_loaded):
    def snapshot():
        return list(
            Case.objects.order_by("number").values_list(
                "number", "title", "status", "channel", "applicant_name", "applicant_id_number", "warning"
            )
        )

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        load_demo_cases(count=40, seed=7)
        first = snapshot()
        raise Undo
    assert not Case.objects.exists()
    load_demo_cases(count=40, seed=7)
    assert snapshot() == first


def test_the_last_day_of_the_loaded_calendar_still_has_every_status(demo_catalog_loaded):
    last = date(max(current_calendar().years), 12, 31)
    result = load_demo_cases(count=60, today=last)
    assert set(result["status"]) == set(Status.values)
    assert not Case.objects.filter(deadline__year__gt=last.year).exists()


def test_a_year_without_calendar_is_refused_and_writes_nothing(demo_catalog_loaded):
    year = max(current_calendar().years) + 1
    with pytest.raises(CalendarNotLoaded):
        load_demo_cases(count=20, today=date(year, 3, 2))
    assert not Case.objects.exists()


def test_command_loads_the_cases_once(demo_catalog_loaded, capsys, monkeypatch):
    from onewindow.demo.management.commands import demo as command

    monkeypatch.setattr(command, "load_demo_cases", lambda **kw: load_demo_cases(count=30, **kw))
    call_command("demo")
    out = capsys.readouterr().out
    made = Case.objects.count()  # a small load still makes every showcase case
    assert f"demo cases loaded: {made} cases" in out and f"{made}/{made} cases" in out
    call_command("demo")
    assert f"cases present ({made}); demo cases not loaded" in capsys.readouterr().out
    call_command("demo", "--if-empty")
    assert "not loaded" in capsys.readouterr().out
    assert Case.objects.count() == made
