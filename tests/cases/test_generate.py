"""`onewindow generate`: shaped like the services' output (allowed paths, clocks equal to the replay,
numbers the next intake continues), reproducible by seed, and usable through the API and pages."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from onewindow.cases import clocks, synthetic, workflow
from onewindow.cases.choices import Status
from onewindow.cases.models import Case, CaseEvent, CaseMaterial, CaseTask

from .conftest import api, intake

COUNT = 1500


@pytest.fixture
def generated(catalog, today):
    return synthetic.generate(COUNT, seed=7)


def test_counts_and_every_status(generated):
    assert Case.objects.count() == generated["cases"] == COUNT
    assert CaseEvent.objects.count() == generated["events"] > COUNT * 3
    assert CaseMaterial.objects.count() == generated["materials"]
    assert CaseTask.objects.count() == generated["tasks"] > 0
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses >= set(Status.values) - {Status.REPORTED_UP}
    assert set(Case.objects.values_list("channel", flat=True)) == {"window", "online", "agent"}
    assert set(Case.objects.values_list("kind", flat=True)) >= {"immediate", "promised", "joint"}
    assert set(
        Case.objects.filter(status__in=["in_review", "accepted"]).values_list("warning", flat=True)
    ) == {
        "normal",
        "yellow",
        "red",
    }


def test_every_event_follows_the_lifecycle_table(generated):
    by_case = {}
    for event in CaseEvent.objects.filter(task__isnull=True).order_by("case_id", "at", "pk"):
        by_case.setdefault(event.case_id, []).append(event)
    for case in Case.objects.all():
        status = ""
        for event in by_case[case.pk]:
            assert event.from_status == status
            expected = (
                Status.PREREVIEW if event.action == "submit" else workflow.ALLOWED[status][event.action]
            )
            assert event.to_status == expected
            status = event.to_status
        assert status == case.status


def test_stored_clocks_equal_the_replay(generated):
    fields = ["deadline", "remaining_days", "warning", "clock_state", "finished_on", "finished_late"]
    sample = list(Case.objects.order_by("?")[:300])
    for case in sample:
        stored = {f: getattr(case, f) for f in fields}
        clocks.refresh(case)
        case.refresh_from_db()
        assert stored == {f: getattr(case, f) for f in fields}, case.number
        for task in case.tasks.all():
            before = (task.deadline, task.remaining_days, task.warning)
            task.refresh_from_db()
            assert before == (task.deadline, task.remaining_days, task.warning)


def test_no_row_points_nowhere(generated):
    with connection.cursor() as cursor:
        for child, column, parent in [
            ("cases_caseevent", "case_id", "cases_case"),
            ("cases_casematerial", "case_id", "cases_case"),
            ("cases_casetask", "case_id", "cases_case"),
            ("cases_case", "item_version_id", "catalog_itemversion"),
            ("cases_case", "department_id", "org_department"),
            ("cases_case", "received_by_id", "accounts_user"),
        ]:
            cursor.execute(
                f"SELECT count(*) FROM {child} c LEFT JOIN {parent} p ON p.id = c.{column} "
                f"WHERE c.{column} IS NOT NULL AND p.id IS NULL"
            )
            assert cursor.fetchone()[0] == 0, (child, column)


def test_numbers_are_unique_and_the_next_intake_continues(generated, today):
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    case = intake("clerk", "不动产抵押登记")
    assert case.number not in numbers


def test_a_generated_case_reads_through_the_api_and_its_page(generated, login):
    case = Case.objects.filter(status=Status.IN_REVIEW).first()
    answer = api("leader").get(f"/api/v1/cases/{case.number}")
    assert answer.status_code == 200 and answer.json()["number"] == case.number
    page = login("leader").get(f"/cases/{case.number}/")
    assert page.status_code == 200 and case.number in page.content.decode()


def _digest() -> str:
    rows = Case.objects.order_by("number").values_list(
        "number", "applicant_id_number", "status", "deadline", "query_code"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_the_same_seed_gives_the_same_rows(catalog, today, django_db_blocker):
    synthetic.generate(400, seed=3)
    first = _digest()
    Case.objects.all().delete()
    from onewindow.cases.models import CaseNumberSequence

    CaseNumberSequence.objects.all().delete()
    synthetic.generate(400, seed=3)
    assert _digest() == first
    Case.objects.all().delete()
    CaseNumberSequence.objects.all().delete()
    synthetic.generate(400, seed=4)
    assert _digest() != first


def test_the_command_reports_what_it_wrote(catalog, today):
    out = StringIO()
    call_command("generate", "--cases", "300", "--seed", "2", stdout=out)
    assert "generated 300 cases" in out.getvalue() and "cases/s" in out.getvalue()
    assert Case.objects.count() == 300
