"""Finding a case by the applicant's ID number: the exact number through its keyed digest, on the staff
list, the API and the list filters; never a LIKE over the stored number, and a part finds nobody."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onewindow.cases import listing
from onewindow.cases.models import Case
from tests.cases.conftest import api, firm

from .conftest import MORTGAGE, OTHER_PERSON_ID, PERSON_ID, intake, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(catalog, today):
    """Two cases of 张三, one of another person and one of a firm, all at the demo center."""
    return {
        "mine": [intake("clerk", MORTGAGE), intake("clerk", MORTGAGE)],
        "other": intake("clerk", MORTGAGE, applicant=person(name="李四", id_number=OTHER_PERSON_ID)),
        "firm": intake("clerk", MORTGAGE, applicant=firm()),
    }


def _api_numbers(q):
    response = api("clerk").get("/api/v1/cases", {"q": q})
    assert response.status_code == 200
    return {row["number"] for row in response.json()["items"]}


def _page_numbers(login, q):
    text = login("clerk").get("/cases/", {"q": q}).content.decode()
    return {number for number in Case.objects.values_list("number", flat=True) if number in text}


def test_the_exact_number_finds_that_persons_cases_on_the_api_and_the_list(cases, login):
    mine = {c.number for c in cases["mine"]}
    assert _api_numbers(PERSON_ID) == mine
    assert _page_numbers(login, PERSON_ID) == mine
    assert _api_numbers(f" {PERSON_ID[:6]} {PERSON_ID[6:]} ") == mine  # spaces typed at the counter
    assert _api_numbers(OTHER_PERSON_ID.lower()) == {cases["other"].number}  # a lowercase check letter
    assert _api_numbers(cases["firm"].applicant_id_number) == {cases["firm"].number}  # a credit code


PARTS = {
    "area": PERSON_ID[:6],
    "area-birth": PERSON_ID[:14],
    "all-but-check": PERSON_ID[:17],
    "last4": PERSON_ID[-4:],
    "last6": PERSON_ID[-6:],
    "birthday": PERSON_ID[6:14],
}


def test_a_part_of_a_number_finds_nobody_by_it(cases, login):
    """A part is read only as the beginning of a case number: what it finds does not depend on whose
    number it is a part of (the demo case numbers begin with the area code, as ID numbers do)."""
    for label, part in PARTS.items():
        by_case_number = _case_numbers_starting(part)
        assert _api_numbers(part) == by_case_number, label
        assert _page_numbers(login, part) == by_case_number, label


def test_the_search_reads_the_digest_never_the_number(cases):
    with CaptureQueriesContext(connection) as queries:
        list(listing.matching(Case.objects.all(), PERSON_ID))
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "applicant_id_digest" in sql
    assert "applicant_id_number" not in sql.split("WHERE", 1)[-1]
    assert PERSON_ID not in sql


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, 17), length=st.integers(1, 17))
def test_no_substring_of_a_number_finds_its_cases(cases, start, length):
    part = PERSON_ID[start : start + length]
    found = set(listing.matching(Case.objects.all(), part).values_list("number", flat=True))
    assert found == _case_numbers_starting(part)


def _case_numbers_starting(part: str) -> set[str]:
    numbers = Case.objects.values_list("number", flat=True)
    return {n for n in numbers if part.isdigit() and n.startswith(part)}
