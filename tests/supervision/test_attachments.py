"""A matter's attachments (附件): the unit attaches its evidence and the office its papers, through the
page and the API; the file is checked by its content, stored under a random name, on the timeline and in
the audit log, and served only to those who see the matter; nobody attaches to a closed matter."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.audit.models import AuditEvent
from onewindow.supervision.models import MatterAttachment

from .test_matter_pages import registered  # noqa: F401  (fixture: a complaint registered by the office)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def assigned(registered, login, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    from onewindow.org.models import Department

    number = registered["number"]
    market = Department.objects.get(name="市场监督管理局")
    answer = login("supervisor").post(
        f"/api/v1/supervision/matters/{number}/actions/assign",
        {"lead_unit": market.pk},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    return number


def attach_json(client, number, title="整改前后照片", content=PDF):
    return client.post(
        f"/api/v1/supervision/matters/{number}/attachments",
        {
            "title": title,
            "file_name": "张三的身份证.pdf",
            "content_base64": base64.b64encode(content).decode(),
        },
        content_type="application/json",
    )


def test_the_unit_attaches_its_evidence_through_the_api_and_the_office_reads_it(assigned, login):
    unit, office = login("reviewer"), login("supervisor")
    made = attach_json(unit, assigned)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["title"], body["unit"]) == ("整改前后照片", "市场监督管理局")
    stored = MatterAttachment.objects.get()
    assert "张三" not in stored.file.name and stored.file.name.endswith(".pdf")
    listed = office.get(f"/api/v1/supervision/matters/{assigned}/attachments").json()
    assert [a["id"] for a in listed] == [body["id"]]
    got = office.get(f"/api/v1/supervision/matters/{assigned}/attachments/{body['id']}/file")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert got["X-Content-Type-Options"] == "nosniff" and got["Content-Type"] == "application/pdf"
    timeline = office.get(f"/api/v1/supervision/matters/{assigned}").json()["timeline"]
    assert [(e["action"], e["text"]) for e in timeline][-1] == ("attach", "整改前后照片")
    assert AuditEvent.objects.filter(action="supervision.matter.attach").count() == 1


def test_what_is_refused_and_who_may_not_attach_or_read(assigned, login):
    unit = login("reviewer")
    html = attach_json(unit, assigned, content=b"<html><script>alert(1)</script></html>")
    assert html.status_code == 422 and "文件格式不支持" in html.json()["message"]
    assert attach_json(unit, assigned, title=" ").status_code == 422
    assert attach_json(login("leader"), assigned).status_code == 403  # a leader reads, does not attach
    assert attach_json(login("reviewer2"), assigned).status_code == 404  # another unit sees nothing
    made = attach_json(unit, assigned).json()
    path = f"/api/v1/supervision/matters/{assigned}/attachments/{made['id']}/file"
    assert login("reviewer2").get(path).status_code == 404
    assert login("leader").get(path).status_code == 200
    assert not MatterAttachment.objects.exclude(pk=made["id"]).exists()


def test_the_page_uploads_and_serves_and_a_closed_matter_takes_none(assigned, login):
    unit, office = login("reviewer"), login("supervisor")
    page = unit.get(f"/supervision/matters/{assigned}/").content.decode()
    assert 'data-testid="attach-form"' in page
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    posted = unit.post(
        f"/supervision/matters/{assigned}/attachments/", {"title": "处理情况报告", "file": upload}
    )
    assert posted.status_code == 302
    attachment = MatterAttachment.objects.get()
    shown = office.get(f"/supervision/matters/{assigned}/").content.decode()
    assert "处理情况报告" in shown and f"/attachments/{attachment.pk}/" in shown
    served = office.get(f"/supervision/matters/{assigned}/attachments/{attachment.pk}/")
    assert served.status_code == 200 and served["Content-Disposition"].startswith("attachment")
    # the office closes it (no requester to reply to: cleared for the test); then nothing is attached
    unit.post(
        f"/api/v1/supervision/matters/{assigned}/actions/feed_back",
        {"text": "已办"},
        content_type="application/json",
    )
    from onewindow.supervision.models import Matter

    Matter.objects.filter(number=assigned).update(requester_name="", requester_phone="", source="instruction")
    closed = office.post(
        f"/api/v1/supervision/matters/{assigned}/actions/close", {}, content_type="application/json"
    )
    assert closed.status_code == 200, closed.content
    assert attach_json(office, assigned).status_code == 409
    assert 'data-testid="attach-form"' not in office.get(f"/supervision/matters/{assigned}/").content.decode()
