"""Lists run a fixed number of queries; applicants and staff are told what happened; personal data
stays masked in messages and the audit log."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.audit.models import AuditEvent
from onewindow.notices.models import ApplicantMessage, Notice

from .conftest import api, do, intake, person


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("path", ["/api/v1/cases", "/api/v1/cases/inbox", "/api/v1/cases/overdue"])
@pytest.mark.parametrize("username", ["clerk", "reviewer2", "leader"])
def test_lists_run_a_constant_number_of_queries(catalog, today, path, username):
    intake("clerk", "不动产抵押登记")
    few = _queries(api(username), path)
    for _ in range(12):
        intake("clerk", "不动产抵押登记")
    assert _queries(api(username), path) == few


def test_the_applicant_is_told_of_acceptance_pause_result_and_delivery(
    catalog, today, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level("INFO", logger="onewindow.messages")
    with django_capture_on_commit_callbacks(execute=True):
        case = intake("clerk", "不动产抵押登记")
        do("reviewer2", case, "start_review")
        do("reviewer2", case, "pause", pause_kind="supplement", reason="补正抵押合同")
        do("reviewer2", case, "resume")
        do("reviewer2", case, "approve")
        do("clerk", case, "waive_fee", reason="减免", basis="发改价格规〔2016〕2559号")
        do("clerk", case, "deliver", delivery="window")
    kinds = list(ApplicantMessage.objects.filter(case=case).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["accepted", "paused", "result", "delivered"]
    message = ApplicantMessage.objects.filter(case=case).order_by("pk").first()
    assert case.number in message.text and case.query_code in message.text
    assert message.recipient == "138****1234" and message.state == "sent"
    assert person().phone not in caplog.text and "138****1234" in caplog.text


def test_a_failing_gateway_is_recorded_and_the_case_still_moves(
    catalog, today, settings, django_capture_on_commit_callbacks
):
    settings.ONEWINDOW_MESSAGE_BACKEND = "tests.cases.test_queries_and_notices.BrokenGateway"
    with django_capture_on_commit_callbacks(execute=True):
        case = intake("clerk", "不动产抵押登记")
    assert case.status == "accepted"
    message = ApplicantMessage.objects.get(case=case)
    assert message.state == "failed" and "gateway down" in message.error


class BrokenGateway:
    name = "broken-sms"

    def send(self, message):
        raise ConnectionError("gateway down")

    def recipient_label(self, message):
        return "masked"


def test_staff_get_an_in_app_notice_when_work_lands_in_their_inbox(catalog, today):
    case = intake("clerk", "不动产抵押登记")
    notice = Notice.objects.get(recipient__username="reviewer2")
    assert case.number in notice.text and notice.link == f"/cases/{case.number}/"
    assert not Notice.objects.filter(recipient__username="reviewer").exists()  # another department
    mine = api("reviewer2").get("/api/v1/notices?unread=true").json()
    assert [n["id"] for n in mine] == [notice.pk]
    assert api("reviewer2").post("/api/v1/notices/read", {}, content_type="application/json").json() == {
        "marked": 1
    }


def test_the_audit_log_records_every_action_without_whole_personal_data(catalog, today):
    today.set(date(2025, 9, 1))
    case = intake("clerk", "不动产抵押登记")
    do("reviewer2", case, "approve")
    events = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("pk")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["cases.case.intake", "cases.case.approve"]
    dumped = json.dumps(list(AuditEvent.objects.values("before", "after")), ensure_ascii=False)
    assert person().id_number not in dumped and person().phone not in dumped


def test_a_message_is_written_with_its_case_so_a_crash_before_sending_cannot_lose_it(
    catalog, today, django_capture_on_commit_callbacks
):
    """The process may die between the commit and the after-commit send (the crash-safety test found
    such acceptances with no message): the message is then on record, pending, and the sweep sends it
    once, however often it runs; one that a worker died sending is sent again once it is clearly stuck."""
    from datetime import timedelta

    from django.utils import timezone

    from onewindow.notices.services import RESEND_AFTER, STUCK_AFTER, send_unsent

    with django_capture_on_commit_callbacks(execute=False):  # the process dies before its send runs
        case = intake("clerk", "不动产抵押登记")
    message = ApplicantMessage.objects.get(case=case)
    assert message.state == "pending" and case.number in message.text  # the real number, not a stand-in
    assert send_unsent() == 0  # young: the after-commit send may still be on its way
    later = timezone.now() + RESEND_AFTER + timedelta(seconds=1)
    assert send_unsent(now=later) == 1
    assert send_unsent(now=later) == 0
    message.refresh_from_db()
    assert message.state == "sent" and message.recipient == "138****1234"

    ApplicantMessage.objects.filter(pk=message.pk).update(state="sending")  # its sender died mid-send
    assert send_unsent(now=timezone.now() + STUCK_AFTER / 2) == 0
    assert send_unsent(now=timezone.now() + STUCK_AFTER + timedelta(seconds=1)) == 1
    assert ApplicantMessage.objects.get(pk=message.pk).state == "sent"


def test_a_refused_intake_leaves_no_message(catalog, today):
    from onewindow.errors import Forbidden

    with pytest.raises(Forbidden):
        intake("clerk", "个体工商户设立登记", finish_now=True)  # a clerk without the authority
    assert not ApplicantMessage.objects.exists()
