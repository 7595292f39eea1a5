"""Who sees an applicant's whole ID number and phone (personal.shows_whole, the one rule): the case page,
the printed receipt and the API detail follow it; every list masks whatever the role."""

import pytest

from onewindow.cases.models import Case
from tests.cases.conftest import api

from .conftest import MORTGAGE, PERSON_ID, PHONE, intake

pytestmark = pytest.mark.django_db

MASKED_ID = "370982********0011"
MASKED_PHONE = "138****1234"

# username -> True (whole) / False (masked) for a mortgage case the clerk took in at the demo center.
WHOLE = {
    "clerk": True,  # took it in at the window: checks the person, prints the receipt
    "clerk2": True,  # a clerk of the same hall, who may hand over the result
    "reviewer2": True,  # 不动产登记中心 decides it
    "leader": False,
    "supervisor": False,
    "admin": False,
}


@pytest.fixture
def case(catalog, today):
    return intake("clerk", MORTGAGE)


def test_the_api_detail_and_the_case_page_follow_the_rule(case, login):
    for username, whole in WHOLE.items():
        body = api(username).get(f"/api/v1/cases/{case.number}").json()
        shown = (body["applicant_id_number"], body["applicant_phone"])
        text = login(username).get(f"/cases/{case.number}/").content.decode()
        if whole:
            assert shown == (PERSON_ID, PHONE), username
            assert body["query_code"] == case.query_code
            assert PERSON_ID in text and PHONE in text, username
        else:
            assert (body["applicant_id_number"], body["applicant_phone"]) == (MASKED_ID, MASKED_PHONE), (
                username
            )
            assert body["query_code"] is None
            assert PERSON_ID not in text and PHONE not in text and MASKED_ID in text, username


def test_the_printed_receipt_masks_the_number_for_everyone(case, login):
    """A receipt goes home with the applicant and names the case by its number: the ID is masked on it,
    for the window too (F8 item 5); a decision addressed to the person names them whole."""
    for username in ("clerk", "supervisor"):
        text = login(username).get(f"/cases/{case.number}/print/receipt/").content.decode()
        assert PERSON_ID not in text and MASKED_ID in text, username


def test_every_list_masks_on_the_api_and_the_staff_pages(case, login):
    Case.objects.update(warning="red")  # so the overdue lists hold the case too
    for username in ("clerk", "reviewer2", "supervisor", "admin"):
        client = api(username)
        for path in ("/api/v1/cases", "/api/v1/cases/inbox", "/api/v1/cases/overdue"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert PERSON_ID not in response.content.decode() and PHONE not in response.content.decode()
        assert [r["applicant_id_number"] for r in client.get("/api/v1/cases").json()["items"]] == [MASKED_ID]
    for username in ("clerk", "reviewer2"):
        for path in ("/cases/", "/cases/inbox/", "/cases/overdue/", "/cases/intake/"):
            response = login(username).get(path)
            if response.status_code == 200:  # (the intake page is the window's only)
                text = response.content.decode()
                assert PERSON_ID not in text and PHONE not in text, (username, path)
    assert MASKED_ID in login("clerk").get("/cases/").content.decode()


def test_the_admin_registers_no_model_holding_a_whole_id_number():
    """Cases, citizens and certificates are read through the scoped pages and API only: a model with an
    ID number registered in the admin would show it whole to administrators, against the rule."""
    from django.contrib import admin

    for model in admin.site._registry:
        holding = [f.name for f in model._meta.get_fields() if f.name.endswith("id_number")]
        assert not holding, (model, holding)
