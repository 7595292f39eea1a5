import pytest
from django.core.management import call_command

from onewindow.accounts import services
from onewindow.accounts.models import ApiToken
from onewindow.audit.models import AuditEvent


@pytest.fixture
def clerk(django_user_model, db):
    return django_user_model.objects.create_user("clerk9", password="pw-123456789")


def test_token_command_prints_a_token_that_authenticates(clerk, client, capsys):
    call_command("token", "create", "clerk9", "--name", "kiosk")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("ow_")
    assert not ApiToken.objects.filter(digest=raw).exists()  # only the digest is stored
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "clerk9"


def test_revoked_token_answers_401(clerk, client):
    token, raw = services.create_token(actor=clerk, user=clerk, name="x")
    services.revoke_token(actor=clerk, token_id=token.pk)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_token_of_an_inactive_user_answers_401(clerk, client):
    _token, raw = services.create_token(actor=clerk, user=clerk, name="x")
    clerk.is_active = False
    clerk.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_ui_creates_shows_once_and_revokes(clerk, client):
    client.force_login(clerk)
    created = client.post("/accounts/tokens/", {"name": "自助终端"})
    assert created.status_code == 302  # post/redirect/get: a refresh does not make a second token
    page = client.get("/accounts/tokens/")
    raw = page.context["new_token"]
    assert raw.startswith("ow_") and raw in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    token = ApiToken.objects.get(user=clerk)
    assert raw not in client.get("/accounts/tokens/").content.decode()
    row = client.post(f"/accounts/tokens/{token.pk}/revoke/", HTTP_HX_REQUEST="true")
    assert "已吊销" in row.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "accounts.token.create",
        "accounts.token.revoke",
    }


def test_nobody_can_revoke_another_persons_token(clerk, client, django_user_model):
    token, _raw = services.create_token(actor=clerk, user=clerk, name="x")
    intruder = django_user_model.objects.create_user("intruder", password="pw-123456789")
    client.force_login(intruder)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_api_lists_and_revokes_own_tokens(clerk, client):
    token, raw = services.create_token(actor=clerk, user=clerk, name="x")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert [t["name"] for t in client.get("/api/v1/tokens", **auth).json()] == ["x"]
    assert client.post(f"/api/v1/tokens/{token.pk}/revoke", **auth).json()["revoked_at"]
    assert client.get("/api/v1/tokens", **auth).status_code == 401


def test_empty_token_name_is_refused(clerk, client):
    client.force_login(clerk)
    page = client.post("/accounts/tokens/", {"name": ""})
    assert page.status_code == 200
    assert not ApiToken.objects.exists()
