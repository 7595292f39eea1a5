"""F8 item 12 (second half): a case decided after its deadline asks for an explanation (超时说明), which
is kept on the case and shown on its page and in the API; a case decided in time is asked nothing."""

from onewindow.cases.models import Case
from onewindow.errors import Invalid
from onewindow.workcalendar.official import naive_add_workdays

from .conftest import api, do, intake, post


def test_a_late_decision_needs_its_explanation_which_is_kept_and_shown(catalog, today, login):
    case = intake("clerk", "不动产抵押登记")
    today.set(naive_add_workdays(case.deadline, 3))  # three working days late
    try:
        do("reviewer2", case, "approve")
    except Invalid as refused:
        assert refused.code == "late_explanation_required" and "late_explanation" in refused.details
    else:
        raise AssertionError("a late approval went through without an explanation")
    page = login("reviewer2").get(f"/cases/{case.number}/").content.decode()
    form = page.split('id="form-approve"', 1)[1].split("</form>", 1)[0]
    assert 'name="late_explanation"' in form and "3 个工作日" in form
    do("reviewer2", case, "approve", late_explanation="抵押权人补正材料延误，经协调后办结。")
    case.refresh_from_db()
    assert case.status == "approved" and case.finished_late
    assert case.late_explanation == "抵押权人补正材料延误，经协调后办结。"
    page = login("reviewer2").get(f"/cases/{case.number}/").content.decode()
    assert 'data-testid="late-explanation"' in page and "抵押权人补正材料延误" in page
    answer = api("reviewer2").get(f"/api/v1/cases/{case.number}").json()
    assert answer["late_explanation"] == "抵押权人补正材料延误，经协调后办结。" and answer["finished_late"]


def test_a_decision_in_time_is_asked_nothing(catalog, today, login):
    case = intake("clerk", "不动产抵押登记")
    page = login("reviewer2").get(f"/cases/{case.number}/").content.decode()
    assert 'name="late_explanation"' not in page
    clerk_api = api("reviewer2")
    answer = post(clerk_api, f"/cases/{case.number}/actions/approve", {"version": case.version}).json()
    assert answer["status"] == "approved" and answer["late_explanation"] == ""
    assert Case.objects.get(pk=case.pk).late_explanation == ""


def test_a_decision_the_day_after_a_friday_deadline_is_late(catalog, today):
    from datetime import date

    today.set(date(2025, 9, 3))  # a Wednesday: two working days end on Friday 5 September
    case = intake("clerk", "不动产抵押登记")
    assert case.deadline == date(2025, 9, 5)
    today.set(date(2025, 9, 6))  # Saturday: no working day used, yet past the deadline
    try:
        do("reviewer2", case, "approve")
    except Invalid as refused:
        assert refused.code == "late_explanation_required"
    else:
        raise AssertionError("a decision after the deadline went through without an explanation")
