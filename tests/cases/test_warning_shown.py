"""F8 item 18: a warning is never older than the day. What a page, a list or the API shows follows from
the stored yellow day and deadline and today, whether or not the worker's sweep has run; the sweep
announces, it does not decide what is shown."""

from datetime import date

from django.test import Client

from onewindow.cases import clocks
from onewindow.cases.models import Case
from onewindow.timelimits import sweep
from onewindow.workcalendar.official import naive_add_workdays

from .conftest import do, intake, staff_in


def _token_client(username):
    from django.contrib.auth import get_user_model

    from onewindow.accounts.services import create_token

    user = get_user_model().objects.get(username=username)
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_token(actor=None, user=user, name='t')[1]}")


def test_without_a_sweep_the_shown_warning_equals_a_full_replay_on_every_day(catalog, today):
    today.set(date(2025, 9, 1))
    staff_in("自然资源和规划局", "zr")
    cases = [intake("clerk", name) for name in ("不动产抵押登记", "企业设立登记", "食品经营许可")]
    do("reviewer2", cases[0], "start_review")
    stored = {c.pk: (c.warning, c.deadline) for c in Case.objects.all()}
    day = date(2025, 9, 1)
    for _ in range(60):  # across National Day, past every deadline
        day = naive_add_workdays(day, 1)
        shown = {c.pk: clocks.warning_of(c, day) for c in Case.objects.all()}
        assert {c.pk: (c.warning, c.deadline) for c in Case.objects.all()} == stored  # nothing was swept
        replayed = {}
        for case in Case.objects.all():
            clocks.refresh(case, on=day)  # the truth: every event replayed on the day
            replayed[case.pk] = case.warning
            clocks.refresh(case, on=date(2025, 9, 1))  # and back to the figures as stored on day one
        assert shown == replayed, day


def test_the_api_and_the_lists_show_red_for_an_unswept_late_case(catalog, today, client):
    today.set(date(2025, 9, 1))
    case = intake("clerk", "不动产抵押登记")
    assert case.warning == "normal"
    late = naive_add_workdays(case.deadline, 143)
    today.set(late)
    answer = _token_client("clerk").get(f"/api/v1/cases/{case.number}").json()
    assert answer["remaining_days"] == -143
    assert answer["warning"] == "red"
    listed = _token_client("clerk").get("/api/v1/cases", {"warning": "red"}).json()
    assert [c["number"] for c in listed["items"]] == [case.number]
    assert _token_client("clerk").get("/api/v1/cases", {"warning": "normal"}).json()["items"] == []
    client.force_login(case.received_by)
    page = client.get("/cases/overdue/").content.decode()
    assert case.number in page and 'data-warning="red"' in page
    detail = client.get(f"/cases/{case.number}/").content.decode()
    assert 'data-testid="warning-badge" data-warning="red"' in detail
    public = Client().get("/track/", {"number": case.number, "code": case.query_code}).content.decode()
    assert 'data-testid="case-days-left" data-warning="red"' in public
    assert Case.objects.get(pk=case.pk).warning == "normal"  # showing it did not need the sweep
    sweep.refresh_due(on=late)
    assert Case.objects.get(pk=case.pk).warning == "red"  # the sweep still raises and announces it
