"""Uploaded materials: refused by size and by content (never by name), stored under random names,
served only through scoped views with private headers, and a lost file is a 404, not a 500."""

import base64
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onewindow.files import check_upload, stored_name
from tests.cases.conftest import api, intake_json, post

from .conftest import JPEG, MORTGAGE, PDF, PERSON_ID, PNG, live, ofd_bytes

pytestmark = pytest.mark.django_db


def upload(content: bytes, name="scan.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- what is accepted --------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [PDF, PNG, JPEG, ofd_bytes()], ids=["pdf", "png", "jpeg", "ofd"])
def test_the_accepted_types_pass_by_their_content(content):
    assert check_upload(upload(content, name="whatever.bin", content_type="text/plain")) is None


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"<?xml version='1.0'?><svg/>",
        b"MZ\x90\x00 an executable",
        ofd_bytes("word/document.xml"),  # a ZIP (a .docx, say) that is not an OFD
        b"PK\x03\x04 not really a zip",
    ],
    ids=["html", "svg", "xml-svg", "exe", "zip-not-ofd", "broken-zip"],
)
def test_other_content_is_refused_whatever_its_name_and_declared_type(content):
    problem = check_upload(upload(content, name="申请书.pdf", content_type="application/pdf"))
    assert problem is not None and "只接受 PDF、JPG、PNG 或 OFD 文件" in problem


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(settings):
    settings.CASE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    problem = check_upload(upload(PDF + b"0" * (2 * 1024 * 1024)))
    assert problem is not None and "2 MB" in problem
    assert check_upload(upload(PDF + b"0" * 1024)) is None


def test_an_empty_file_is_refused():
    assert check_upload(upload(b"")) == "文件是空的，请重新选择。"


def test_stored_names_are_random_and_carry_the_sniffed_extension_only():
    first, second = stored_name(upload(PDF, name=f"张三{PERSON_ID}.exe")), stored_name(upload(PNG))
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", first)
    assert re.fullmatch(r"[0-9a-f]{32}\.png", second)
    assert first.split(".")[0] != stored_name(upload(PDF)).split(".")[0]


# --- the API: the same checks, and a request cap that fits the largest file ------------------------------


def _api_intake(client, content: bytes, file_name="scan.html"):
    version = live(MORTGAGE)
    body = intake_json(MORTGAGE)
    first = version.materials.order_by("sort_order").first()
    body["materials"] = [
        {
            "material_id": first.pk,
            "provision": "upload",
            "file_name": file_name,
            "content_base64": base64.b64encode(content).decode(),
        }
        if m["material_id"] == first.pk
        else m
        for m in body["materials"]
    ]
    return post(client, "/cases", body)


def test_the_api_refuses_html_named_as_pdf_and_a_file_over_the_limit(catalog, today, media, settings):
    response = _api_intake(api("clerk"), b"<html><body>hi</body></html>", file_name="a.pdf")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "materials_invalid"
    assert any("只接受 PDF" in message for message in body["details"].values())
    settings.CASE_UPLOAD_MAX_BYTES = 1024
    response = _api_intake(api("clerk"), PDF + b"0" * 2048, file_name="a.pdf")
    assert response.status_code == 422
    assert any("不能超过" in message for message in response.json()["details"].values())


def test_the_api_request_cap_holds_one_base64_file_of_the_largest_size(settings):
    """The API takes files as Base64 in JSON: the body cap must not be below 4/3 of the upload limit."""
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= -(-settings.CASE_UPLOAD_MAX_BYTES * 4 // 3) + 64 * 1024


def test_the_api_takes_a_file_over_djangos_default_cap_and_answers_413_over_ours(
    catalog, today, media, settings
):
    big = PDF + b"0" * (3 * 1024 * 1024)  # Base64 about 4 MB, over Django's default 2.5 MB
    response = _api_intake(api("clerk"), big, file_name="big.pdf")
    assert response.status_code == 201, response.content[:300]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = _api_intake(api("clerk"), PDF + b"0" * 20_000, file_name="a.pdf")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "MB" in response.json()["message"]


# --- serving: only through scoped views, with private headers ------------------------------------------


def _private_attachment(response, case):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and case.number in disposition
    assert PERSON_ID not in disposition
    assert b"".join(response.streaming_content) == PDF


def test_files_are_served_privately_and_only_within_the_cases_scope(uploaded_case, login):
    name = uploaded_case.uploaded.file.name
    assert re.fullmatch(r"cases/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", name), name  # nothing the person typed
    line = uploaded_case.uploaded.pk
    page = f"/cases/{uploaded_case.number}/materials/{line}/file/"
    endpoint = f"/api/v1/cases/{uploaded_case.number}/materials/{line}/file"
    _private_attachment(login("reviewer2").get(page), uploaded_case)
    _private_attachment(api("reviewer2").get(endpoint), uploaded_case)
    for username in ("reviewer", "agent", "agent_village"):  # out of the case's scope
        assert login(username).get(page).status_code == 404, username
        assert api(username).get(endpoint).status_code == 404, username
    assert Client().get(page).status_code == 302
    assert Client().get(endpoint).status_code == 401
    # there is no /media/ route: stored files are reachable only through the checked views
    for client in (Client(), login("admin"), login("reviewer2")):
        assert client.get(f"/media/{name}").status_code == 404
        assert client.get(f"/static/../media/{name}").status_code == 404


def test_a_lost_file_answers_404_with_a_message_on_page_and_api(uploaded_case, login):
    uploaded_case.uploaded.file.storage.delete(uploaded_case.uploaded.file.name)
    line = uploaded_case.uploaded.pk
    page = login("reviewer2").get(f"/cases/{uploaded_case.number}/materials/{line}/file/")
    assert page.status_code == 404 and "已不在存储中" in page.content.decode()
    response = api("reviewer2").get(f"/api/v1/cases/{uploaded_case.number}/materials/{line}/file")
    assert response.status_code == 404
    assert response.json()["code"] == "file_missing" and "已不在存储中" in response.json()["message"]


def test_the_openapi_document_declares_the_413_answer(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "413" in spec["paths"]["/api/v1/cases"]["post"]["responses"]
