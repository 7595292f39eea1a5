"""Web hardening (docs/security.md): the headers every response carries, CSRF on every form and on the
API's session auth, the client address behind the proxy, error pages that never show a traceback, and
templates that keep to what the Content-Security-Policy allows, so a new page joins the rules unasked."""

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import include, path

from onewindow.accounts.services import create_token
from onewindow.client_address import client_ip

SOURCE = Path(__file__).resolve().parents[2] / "src" / "onewindow"
OUR_TEMPLATES = sorted(p for p in SOURCE.rglob("templates/**/*.html"))


def boom(request):
    raise RuntimeError("secret-internal-detail")


def fine(request):
    return HttpResponse("fine")


urlpatterns = [path("boom/", boom), path("fine/", fine), path("", include("onewindow.urls"))]


def test_every_response_carries_the_policy_and_the_framing_and_sniffing_guards(db, client):
    response = client.get("/guide/")
    policy = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "microphone=()" in response.headers["Permissions-Policy"]
    api = client.get("/api/v1/openapi.json")
    assert "frame-ancestors 'none'" in api.headers["Content-Security-Policy"]


def test_what_a_signed_in_person_sees_is_never_stored_by_a_browser_or_proxy(demo_county, client, login):
    assert "no-store" not in client.get("/guide/").headers.get("Cache-Control", "")
    staff = login("clerk")
    for path_ in ("/home/", "/cases/", "/api/v1/me"):
        response = staff.get(path_, follow=True)
        assert response.status_code == 200, path_
        assert "no-store" in response.headers["Cache-Control"], path_


def test_a_form_post_without_the_csrf_token_is_refused(demo_county):
    client = Client(enforce_csrf_checks=True)
    refused = client.post("/accounts/login/", {"username": "clerk", "password": "x"})
    assert refused.status_code == 403
    form = client.get("/accounts/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    accepted = client.post(
        "/accounts/login/", {"username": "clerk", "password": "x", "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 200  # the form again, with "wrong password", not a CSRF refusal


def test_the_api_with_a_session_needs_the_csrf_token_but_not_with_a_bearer_token(demo_county):
    from django.contrib.auth import get_user_model

    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="clerk"))
    refused = client.post("/api/v1/notices/read", {}, content_type="application/json")
    assert refused.status_code == 403
    client.get("/home/", follow=True)  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/notices/read", {}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200
    user = get_user_model().objects.get(username="clerk")
    _, raw = create_token(actor=user, user=user, name="script")
    program = Client(enforce_csrf_checks=True)
    by_token = program.post(
        "/api/v1/notices/read", {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert by_token.status_code == 200
    anonymous = Client(enforce_csrf_checks=True).post(
        "/api/v1/notices/read", {}, content_type="application/json"
    )
    assert (
        anonymous.status_code == 401
    )  # not signed in, rather than a CSRF refusal of a session it has not got


@pytest.mark.parametrize("template", OUR_TEMPLATES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_templates_keep_to_the_content_security_policy_and_post_with_a_csrf_token(template):
    text = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text.replace('type="application/json"', "src")), (
        "inline script: move it to a static file"
    )
    assert not re.search(r"<style\b", text), "a <style> element: move the rules to a static CSS file"
    assert not re.search(r"\sstyle=", text), "a style attribute: use a class (or data-width-percent)"
    assert not re.search(r"\son[a-z]+=", text), "an inline event handler: use a data- attribute and app.js"
    for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
        if re.search(r"method=[\"']post", form, flags=re.I):
            assert "{% csrf_token %}" in form, "a POST form without {% csrf_token %}"


def test_unknown_pages_and_crashes_show_our_pages_never_a_traceback(db, settings):
    settings.ROOT_URLCONF = __name__
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    crashed = client.get("/boom/")
    body = crashed.content.decode()
    assert crashed.status_code == 500 and "服务器内部错误" in body
    assert "secret-internal-detail" not in body and "Traceback" not in body
    assert "style-src 'self'" in crashed.headers["Content-Security-Policy"]


def test_the_client_address_is_the_proxys_last_entry_only_behind_a_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUST_PROXY = False
    assert client_ip(request) == "10.0.0.2"
    settings.TRUST_PROXY = True
    assert client_ip(request) == "203.0.113.9"  # the forged first entry is ignored
    forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(forged) == "10.0.0.2"
    bare = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    assert client_ip(bare) == "10.0.0.2"
