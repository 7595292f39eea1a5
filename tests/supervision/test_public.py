"""Complaints and enquiries from the public: submitted on the portal or through the API with a number
and query code, followed with both (nothing personal shown, a wrong code like an unknown number)."""

from datetime import date

import pytest
from django.test import Client

from onewindow.supervision.models import Matter

PHONE = "13805387777"


def test_a_complaint_on_the_portal_is_answered_with_its_number_and_code_and_followed(
    catalog, today, settings
):
    today.set(date(2026, 3, 2))
    client = Client()
    assert client.get("/complaints/").status_code == 200
    missing = client.post("/complaints/", {"kind": "complaint", "title": "电话断线", "content": "断线五天"})
    assert missing.status_code == 422 and "这个字段是必填项" in missing.content.decode()
    done = client.post(
        "/complaints/",
        {
            "kind": "complaint",
            "title": "电话断线",
            "content": "家中电话断线五天。",
            "name": "张大爷",
            "phone": PHONE,
        },
    )
    matter = Matter.objects.get()
    text = done.content.decode()
    assert done.status_code == 201 and matter.number in text and matter.query_code in text
    assert (matter.source, matter.status, matter.requester_phone) == ("complaint", "registered", PHONE)
    assert matter.body.parent_id is None  # the county's centre assigns it

    followed = client.get("/complaints/follow/", {"number": matter.number, "code": matter.query_code})
    text = followed.content.decode()
    assert followed.status_code == 200 and 'data-status="registered"' in text
    assert PHONE not in text and "张大爷" not in text and "家中电话断线五天" not in text
    wrong = "000000" if matter.query_code != "000000" else "111111"
    assert client.get("/complaints/follow/", {"number": matter.number, "code": wrong}).status_code == 404
    assert client.get("/complaints/follow/", {"number": "DB0", "code": matter.query_code}).status_code == 404


def test_the_public_api_takes_a_complaint_and_answers_its_progress_without_personal_data(catalog, today):
    client = Client()
    answer = client.post(
        "/api/v1/public/complaints",
        {"kind": "enquiry", "title": "社保转移", "content": "怎样办理社保转移？", "phone": PHONE},
        content_type="application/json",
    )
    assert answer.status_code == 201
    number, code = answer.json()["number"], answer.json()["query_code"]
    body = client.get(f"/api/v1/public/matters/{number}", {"code": code}).json()
    assert body["status"] == "registered" and body["steps"][0]["label"] == "立项"
    assert PHONE not in str(body)
    assert client.get(
        f"/api/v1/public/matters/{number}", {"code": "999999" if code != "999999" else "1"}
    ).status_code in (404, 422)
    refused = client.post(
        "/api/v1/public/complaints",
        {"kind": "hotline", "title": "x", "content": "x", "phone": PHONE},
        content_type="application/json",
    )
    assert refused.status_code == 422


@pytest.mark.django_db
def test_complaints_are_throttled_per_client_address(catalog, settings):
    settings.PUBLIC_COMPLAINTS_PER_MINUTE = 2
    client = Client()
    data = {"kind": "complaint", "title": "反复提交", "content": "内容", "phone": PHONE}
    codes = [
        client.post("/api/v1/public/complaints", data, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429] and Matter.objects.count() == 2
