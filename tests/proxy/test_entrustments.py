"""Entrustments (委托书) and the intake that rests on one: an agent without a valid entrustment for the
item on the day (none, expired, revoked, another item) or with an item off their tier's proxy list cannot
file, and the API says why; with one, the case records it."""

import base64
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from onewindow.audit.models import AuditEvent
from onewindow.cases.models import Case
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.proxy import entrustments
from onewindow.proxy.models import EntrustedCase, Entrustment
from tests.cases.conftest import OTHER_PERSON_ID, PERSON_ID, api, intake, intake_json, live, person, post

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n%%EOF\n"
MORTGAGE = "不动产抵押登记"
SETUP = "企业设立登记"  # on the proxy lists of all three tiers
CLOSING = "企业注销登记"  # on the city's and towns' lists, not the villages'
MONDAY = date(2025, 9, 1)


def Upload(content: bytes, name: str = "sign.png"):
    return ContentFile(content, name=name)


def user(username):
    return get_user_model().objects.get(username=username)


def entrust(username="agent", *, codes=(SETUP,), all_in_scope=False, valid_from=MONDAY, days=30, **changes):
    new = entrustments.NewEntrustment(
        principal=changes.pop("principal", person()),
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=days),
        signed_by=changes.pop("signed_by", "touch"),
        signature=changes.pop("signature", Upload(PNG)),
        all_in_scope=all_in_scope,
        item_codes=[live(name).implementation_code for name in codes],
        **changes,
    )
    return entrustments.entrust(actor=user(username), new=new, today=MONDAY)


def entrustment_json(**changes):
    body = {
        "principal_kind": "person",
        "principal_name": "张三",
        "principal_id_number": PERSON_ID,
        "principal_phone": "13805381234",
        "item_codes": [live(SETUP).implementation_code],
        "valid_until": str(MONDAY + timedelta(days=30)),
        "signed_by": "touch",
        "signature_base64": base64.b64encode(PNG).decode(),
        "priority": "elderly",
        "door_to_door": True,
    }
    body.update(changes)
    return body


def test_an_agent_entrusted_for_the_item_files_and_the_case_records_the_entrustment(catalog, today):
    entrustment = entrust()
    case = intake("agent", SETUP)
    assert case.channel == "agent" and EntrustedCase.objects.get(case=case).entrustment == entrustment
    assert entrustment.number.startswith("WT370982") and len(entrustment.number) == 20
    assert AuditEvent.objects.filter(
        action="proxy.entrustment.create", object_id=str(entrustment.pk)
    ).exists()


@pytest.mark.parametrize(
    ("prepare", "code"),
    [
        (lambda: None, "entrustment_missing"),
        (lambda: entrust(principal=person(id_number=OTHER_PERSON_ID, name="李四")), "entrustment_missing"),
        (lambda: entrust(username="agent_city"), "entrustment_missing"),  # another agent's
        (lambda: entrust(days=0), None),  # valid for its one day: files
        (lambda: entrust(valid_from=MONDAY + timedelta(days=1)), "entrustment_expired"),  # not yet valid
        (lambda: entrust(codes=(MORTGAGE,)), "entrustment_other_item"),
    ],
)
def test_who_may_file_rests_on_a_valid_entrustment(catalog, today, prepare, code):
    prepare()
    if code is None:
        assert intake("agent", SETUP).channel == "agent"
        return
    with pytest.raises(Invalid) as refused:
        intake("agent", SETUP)
    assert refused.value.code == code
    assert not Case.objects.exists()


def test_an_expired_or_revoked_entrustment_files_nothing(catalog, today):
    made = entrust(days=2)
    today.set(MONDAY + timedelta(days=3))
    with pytest.raises(Invalid) as refused:
        intake("agent", SETUP)
    assert refused.value.code == "entrustment_expired" and made.number in refused.value.message
    today.set(MONDAY + timedelta(days=1))
    entrustments.revoke(actor=user("agent"), entrustment=made, reason="委托人自己去办")
    with pytest.raises(Invalid) as refused:
        intake("agent", SETUP)
    assert refused.value.code == "entrustment_revoked"
    with pytest.raises(Conflict):
        entrustments.revoke(actor=user("agent"), entrustment=made, reason="again")
    assert not Case.objects.exists()


def test_a_village_agent_cannot_file_an_item_off_the_village_list_even_entrusted_for_everything(
    catalog, today
):
    entrust("agent_village", codes=(), all_in_scope=True)
    with pytest.raises(Invalid) as refused:
        intake("agent_village", CLOSING)
    assert refused.value.code == "not_on_proxy_list" and "村" in refused.value.message
    with pytest.raises(Invalid) as listed:
        entrust("agent_village", codes=(CLOSING,))
    assert listed.value.code == "not_on_proxy_list"
    assert intake("agent_village", SETUP).channel == "agent"  # on the village list, covered by "all"


def test_the_window_is_not_asked_for_an_entrustment(catalog, today):
    assert intake("clerk", SETUP).channel == "window"


def test_the_api_says_why_an_agent_cannot_file(catalog, today):
    agent = api("agent")
    refused = post(agent, "/cases", intake_json(SETUP))
    assert refused.status_code == 422 and refused.json()["code"] == "entrustment_missing"
    assert "委托书" in refused.json()["message"]
    made = post(agent, "/proxy/entrustments", entrustment_json())
    assert made.status_code == 201, made.content
    number = made.json()["number"]
    assert made.json()["principal_id_number"] == PERSON_ID  # whole for the agent who signed it
    filed = post(agent, "/cases", intake_json(SETUP))
    assert filed.status_code == 201 and filed.json()["channel"] == "agent"
    revoked = post(agent, f"/proxy/entrustments/{number}/revoke", {"reason": "委托人要求撤销"})
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    again = post(agent, "/cases", intake_json(SETUP))
    assert again.status_code == 422 and again.json()["code"] == "entrustment_revoked"
    twice = post(agent, f"/proxy/entrustments/{number}/revoke", {"reason": "again"})
    assert twice.status_code == 409


def test_the_api_checks_an_entrustment_at_the_edge(catalog, today):
    agent = api("agent")
    wrong_id = post(agent, "/proxy/entrustments", entrustment_json(principal_id_number="370982199003150012"))
    assert wrong_id.status_code == 422 and "校验位" in wrong_id.json()["details"]["applicant_id_number"]
    cases = [
        ({"signature_base64": "not base64!"}, "signature_refused"),
        ({"signature_base64": base64.b64encode(b"<html>").decode()}, "signature_refused"),
        ({"signature_base64": base64.b64encode(PDF).decode()}, "signature_refused"),  # touch: a PNG
        ({"item_codes": []}, "items_required"),
        ({"item_codes": ["nope"]}, "unknown_item"),
        ({"valid_from": str(MONDAY - timedelta(days=1))}, "backdated"),
        ({"valid_until": str(MONDAY + timedelta(days=400))}, "too_long"),
    ]
    for changes, code in cases:
        response = post(agent, "/proxy/entrustments", entrustment_json(**changes))
        assert response.status_code == 422 and response.json()["code"] == code, (changes, response.content)
    scan = post(
        agent,
        "/proxy/entrustments",
        entrustment_json(signed_by="scan", signature_base64=base64.b64encode(PDF).decode()),
    )
    assert scan.status_code == 201
    assert Entrustment.objects.count() == 1
    assert post(api("clerk"), "/proxy/entrustments", entrustment_json()).status_code == 403


def test_each_sees_the_entrustments_of_their_scope_masked_unless_theirs(catalog, today):
    made = entrust()
    number = made.number
    assert api("agent").get(f"/api/v1/proxy/entrustments/{number}").json()["principal_phone"] == "13805381234"
    clerk = api("clerk").get("/api/v1/proxy/entrustments").json()["items"]
    assert clerk == []  # the county hall's clerk: the town's entrustment is not theirs
    for username in ("agent_city", "agent_village", "reviewer"):
        assert api(username).get(f"/api/v1/proxy/entrustments/{number}").status_code == 404
    supervisor = api("leader").get(f"/api/v1/proxy/entrustments/{number}")
    assert supervisor.status_code == 200 and supervisor.json()["principal_id_number"] != PERSON_ID
    assert "*" in supervisor.json()["principal_phone"]
    with pytest.raises(Forbidden):
        entrustments.revoke(actor=user("leader"), entrustment=made, reason="不是委托人的意思")
