"""F8 item 2 in the browser: a housing transaction bundle (不动产交易登记一件事) asks the use of the property
once and charges only the housing lines; the clerk then reduces the fee on its legal basis."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from onewindow.cases.models import Case
from onewindow.demo.catalog import load_demo_catalog
from onewindow.demo.county import DEMO_PASSWORD
from onewindow.timelimits import reading as timelimits_reading

from .conftest import fill_in_everything_on_paper, sign_in

PERSON_ID = "370982199003150011"


@pytest.fixture
def hall(demo_live, monkeypatch):
    load_demo_catalog()
    monkeypatch.setattr(timelimits_reading, "today", lambda: date(2025, 9, 1))


def test_a_housing_transaction_bundle_charges_only_the_housing_lines(page, hall):
    sign_in(page, "clerk", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/home/"))
    page.goto(page.base_url + "/cases/intake/new/?bundle=YJS-BDCJY")
    fill_in_everything_on_paper(page, PERSON_ID)
    use = page.locator('[data-testid="fee-question"][data-question="房屋用途"]')
    expect(use).to_have_count(1)  # asked once for the three items of the bundle
    use.select_option("住宅")
    page.get_by_test_id("submit").click()
    expect(page).to_have_url(re.compile(r"/cases/intake/\d{20}/$"))
    expect(page.get_by_test_id("outcome")).to_have_attribute("data-outcome", "accepted")

    case = Case.objects.get()
    page.goto(f"{page.base_url}/cases/{case.number}/")
    rows = page.get_by_test_id("fee-row")
    expect(rows.first).to_be_visible()
    names = [text.split("\n")[0] for text in rows.locator("td:first-child").all_inner_texts()]
    assert names and all(name.startswith("不动产登记费（住宅）") for name in names), names
    assert "非住宅" not in " ".join(names) and "工本费" not in " ".join(names)
    assert case.fees_total == 80 * len(names)
