"""The entrustment pages: an agent signs one with a principal (on the pad or with a scan), it shows in
the list and on its page with the cases filed on it, prints, gives its signature file to those in scope,
and is revoked on the principal's word; the principal's ID number is masked for everyone but the agent."""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.proxy.models import Entrustment
from tests.cases.conftest import PERSON_ID, intake, live

from .test_entrustments import PDF, PNG, SETUP

DRAWN = "data:image/png;base64," + base64.b64encode(PNG).decode()


def form(**changes):
    data = {
        "principal_kind": "person",
        "principal_name": "张三",
        "principal_id_number": PERSON_ID,
        "principal_phone": "13805381234",
        "priority": "elderly",
        "door_to_door": "on",
        "items": [live(SETUP).implementation_code],
        "mode": "whole",
        "valid_from": "2025-09-01",
        "valid_until": "2026-08-31",
        "signed_by": "touch",
        "signature_drawn": DRAWN,
    }
    data.update(changes)
    return data


def test_an_agent_signs_an_entrustment_on_the_pad_and_files_on_it(catalog, today, login):
    agent = login("agent")
    page = agent.get("/proxy/entrustments/new/")
    assert page.status_code == 200 and "data-signature-pad" in page.content.decode()
    assert live(SETUP).name in page.content.decode()  # the town's proxy list to choose from
    response = agent.post("/proxy/entrustments/new/", form())
    made = Entrustment.objects.get()
    assert response.status_code == 302 and response.url == f"/proxy/entrustments/{made.number}/"
    assert made.signed_by == "touch" and made.priority == "elderly" and made.door_to_door
    case = intake("agent", SETUP)
    detail = agent.get(response.url).content.decode()
    assert case.number in detail and PERSON_ID in detail and made.number in detail
    assert made.number in agent.get("/proxy/entrustments/").content.decode()
    printed = agent.get(f"/proxy/entrustments/{made.number}/print/entrustment/").content.decode()
    assert "代办委托书" in printed and PERSON_ID in printed and "老年人" in printed
    signature = agent.get(f"/proxy/entrustments/{made.number}/signature/")
    assert signature.status_code == 200 and b"".join(signature.streaming_content).startswith(b"\x89PNG")


def test_a_scan_signs_too_and_bad_input_is_shown_beside_its_field(catalog, today, login):
    agent = login("agent")
    missing = agent.post("/proxy/entrustments/new/", form(signature_drawn=""))
    assert missing.status_code == 422 and "请选择要上传的文件" in missing.content.decode()
    wrong = agent.post("/proxy/entrustments/new/", form(principal_id_number="370982199003150012"))
    assert wrong.status_code == 422 and 'data-for="principal_id_number"' in wrong.content.decode()
    nothing = agent.post("/proxy/entrustments/new/", form(items=[]))
    assert nothing.status_code == 422 and 'data-for="items"' in nothing.content.decode()
    scan = SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")
    signed = agent.post(
        "/proxy/entrustments/new/", form(signed_by="scan", signature_drawn="", signature_scan=scan)
    )
    assert signed.status_code == 302 and Entrustment.objects.get().signed_by == "scan"


def test_others_see_it_masked_in_their_scope_and_only_agents_sign(catalog, today, login):
    login("agent").post("/proxy/entrustments/new/", form())
    made = Entrustment.objects.get()
    leader = login("leader").get(f"/proxy/entrustments/{made.number}/").content.decode()
    assert "张三" in leader and PERSON_ID not in leader and "revoke-panel" not in leader
    printed = login("leader").get(f"/proxy/entrustments/{made.number}/print/entrustment/").content.decode()
    assert PERSON_ID not in printed and "张三" in printed
    assert login("agent_village").get(f"/proxy/entrustments/{made.number}/").status_code == 404
    assert login("clerk").get("/proxy/entrustments/new/").status_code == 403


def test_the_agent_revokes_on_the_principals_word_after_a_confirmation(catalog, today, login):
    agent = login("agent")
    agent.post("/proxy/entrustments/new/", form())
    number = Entrustment.objects.get().number
    page = agent.get(f"/proxy/entrustments/{number}/").content.decode()
    assert 'data-testid="revoke"' in page and "data-confirm" in page
    empty = agent.post(f"/proxy/entrustments/{number}/revoke/", {"reason": ""}, follow=True)
    assert "请填写撤销理由" in empty.content.decode() and Entrustment.objects.get().revoked_at is None
    done = agent.post(f"/proxy/entrustments/{number}/revoke/", {"reason": "委托人要求"}, follow=True)
    assert 'data-testid="revoked"' in done.content.decode() and Entrustment.objects.get().revoked


def test_the_first_receiver_takes_a_request_in_and_sees_who_proxies_it_and_why(catalog, today, login):
    clerk = login("clerk")
    page = clerk.get("/proxy/requests/new/").content.decode()
    assert "东都村" in page and live(SETUP).name in page
    response = clerk.post(
        "/proxy/requests/new/",
        {
            "principal_kind": "person",
            "principal_name": "张大爷",
            "principal_id_number": PERSON_ID,
            "principal_phone": "13905381234",
            "priority": "elderly",
            "door_to_door": "on",
            "items": [live(SETUP).implementation_code],
            "home_code": "370982100201",
        },
    )
    assert response.status_code == 302
    detail = clerk.get(response.url).content.decode()
    assert 'data-rule="territory"' in detail and "谁的地盘谁代办" in detail and "冯春梅" in detail
    assert 'data-testid="reassign-panel"' not in detail  # the clerk does not reassign
    number = response.url.rstrip("/").rsplit("/", 1)[1]
    supervisor = login("supervisor")
    assert 'data-testid="reassign-panel"' in supervisor.get(response.url).content.decode()
    empty = supervisor.post(
        f"/proxy/requests/{number}/reassign/", {"to": "agent:agent", "reason": ""}, follow=True
    )
    assert "请填写改派理由" in empty.content.decode()
    moved = supervisor.post(
        f"/proxy/requests/{number}/reassign/", {"to": "agent:agent", "reason": "村代办员休假"}, follow=True
    ).content.decode()
    assert 'data-testid="reassigned"' in moved and "郑红" in moved and "规则原定" in moved
    assert number in login("agent").get("/proxy/requests/").content.decode()
    assert login("reviewer").get(response.url).status_code == 404
    assert login("reviewer").get("/proxy/requests/new/").status_code == 403
