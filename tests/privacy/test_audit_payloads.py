"""The audit log proves what changed, not whose number it was: personal fields and ID- or phone-like
text in any before/after payload are masked when the event is written."""

import json

import pytest

from onewindow.audit import services as audit
from onewindow.audit.models import AuditEvent

from .conftest import MORTGAGE, PERSON_ID, PHONE, intake

pytestmark = pytest.mark.django_db


def test_personal_fields_and_free_text_are_masked_in_payloads(db):
    event = audit.record(
        actor=None,
        action="test.change",
        object_type="test",
        object_id=1,
        before={"applicant_phone": PHONE, "holder_id_number": PERSON_ID},
        after={"note": f"申请人身份证{PERSON_ID}，电话{PHONE}", "items": [{"phone": PHONE}], "n": 3},
    )
    event.refresh_from_db()
    stored = json.dumps([event.before, event.after], ensure_ascii=False)
    assert PERSON_ID not in stored and PHONE not in stored
    assert event.before == {"applicant_phone": "138****1234", "holder_id_number": "370982********0011"}
    assert event.after["n"] == 3 and "370982********0011" in event.after["note"]


def test_no_event_of_an_intake_and_its_actions_holds_a_whole_number(catalog, today):
    intake("clerk", MORTGAGE, note=f"申请人电话 {PHONE}，证件 {PERSON_ID}")
    stored = json.dumps(list(AuditEvent.objects.values("before", "after")), ensure_ascii=False)
    assert AuditEvent.objects.exists()
    assert PERSON_ID not in stored and PHONE not in stored
