"""Registration of applicants: per-field errors, one account per ID number, throttling, signed in after."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from onewindow.accounts.models import Citizen

from .conftest import PASSWORD, PERSON_ID

FIRM_CODE = "91370982MA3C0Q8X1C"


def person_form(**changes):
    data = {
        "kind": "person",
        "name": "张三",
        "id_number": PERSON_ID,
        "phone": "13805381234",
        "username": "zhangsan",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(changes)
    return data


@pytest.fixture
def one_minute(monkeypatch):
    fixed = datetime(2025, 9, 1, 2, 30, 10, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: fixed)


def test_the_login_page_links_to_registration(db):
    text = Client().get("/accounts/login/").content.decode()
    assert 'href="/accounts/register/"' in text


def test_the_form_is_shown(db):
    page = Client().get("/accounts/register/")
    assert page.status_code == 200
    for name in ("kind", "name", "id_number", "phone", "legal_representative", "contact_name", "username"):
        assert f'name="{name}"' in page.content.decode()


def test_a_person_registers_and_is_signed_in(demo_county):
    client = Client()
    response = client.post("/accounts/register/", person_form())
    assert response.status_code == 302 and response["Location"] == "/guide/my/"
    citizen = Citizen.objects.get(user__username="zhangsan")
    assert (citizen.kind, citizen.name, citizen.id_number, citizen.phone) == (
        "person",
        "张三",
        PERSON_ID,
        "13805381234",
    )
    assert citizen.user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(citizen.user.pk)
    assert client.get("/guide/my/").status_code == 200


def test_wrong_fields_are_explained_on_each_field(db):
    page = Client().post(
        "/accounts/register/",
        person_form(id_number="370982199003150012", phone="12345", password2="Other-2026!", name=""),
    )
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert "校验位不正确" in errors["id_number"][0]
    assert errors["phone"] == ["请填写 11 位手机号码。"]
    assert errors["password2"] == ["两次输入的密码不一致。"]
    assert "name" in errors
    text = page.content.decode()
    assert 'data-testid="error-id_number"' in text and 'data-testid="error-phone"' in text
    assert not Citizen.objects.exists()


def test_an_organisation_needs_its_code_representative_and_contact(db):
    client = Client()
    page = client.post(
        "/accounts/register/",
        person_form(kind="organisation", name="新泰市青云餐饮有限公司", id_number=PERSON_ID),
    )
    errors = page.context["form"].errors
    assert set(errors) >= {"id_number", "legal_representative", "contact_name"}
    ok = client.post(
        "/accounts/register/",
        person_form(
            kind="organisation",
            name="新泰市青云餐饮有限公司",
            id_number=FIRM_CODE,
            legal_representative="李四",
            contact_name="王五",
            username="qyfirm",
        ),
    )
    assert ok.status_code == 302
    firm = Citizen.objects.get(user__username="qyfirm")
    assert (firm.kind, firm.legal_representative, firm.contact_name) == ("organisation", "李四", "王五")


def test_an_id_number_registers_only_once(db):
    assert Client().post("/accounts/register/", person_form()).status_code == 302
    again = Client().post("/accounts/register/", person_form(username="zhangsan2"))
    assert again.status_code == 200
    assert "已注册过账号" in again.context["form"].errors["id_number"][0]
    taken = Client().post("/accounts/register/", person_form(id_number="11010519491231002X"))
    assert taken.context["form"].errors["username"] == ["该用户名已被使用。"]
    assert Citizen.objects.count() == 1


def test_a_weak_password_is_refused_on_its_field(db):
    page = Client().post("/accounts/register/", person_form(password1="123", password2="123"))
    assert page.context["form"].errors["password1"]
    assert not Citizen.objects.exists()


def test_registrations_are_throttled_per_address(db, one_minute):
    client = Client()
    for _ in range(10):
        assert client.post("/accounts/register/", person_form(phone="1")).status_code == 200
    refused = client.post("/accounts/register/", person_form())
    assert refused.status_code == 429
    assert "注册过于频繁" in refused.content.decode()
    assert not Citizen.objects.exists()


def test_staff_cannot_register_as_citizens(demo_county, login):
    page = login("clerk").get("/accounts/register/")
    assert page.status_code == 403
    assert 'data-testid="register-refused"' in page.content.decode()
    assert login("clerk").post("/accounts/register/", person_form()).status_code == 403
    assert not Citizen.objects.exists()


def test_a_citizen_signing_in_lands_on_their_cases(db):
    Client().post("/accounts/register/", person_form())
    client = Client()
    response = client.post("/accounts/login/", {"username": "zhangsan", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/guide/my/"
    assert client.get("/accounts/register/")["Location"] == "/guide/my/"


def test_staff_still_land_on_their_home(demo_county):
    response = Client().post("/accounts/login/", {"username": "clerk", "password": "demo2026!"})
    assert response["Location"] == "/home/"
    assert get_user_model().objects.filter(username="clerk").exists()


@pytest.mark.parametrize("username", ["张 三", "zhang san", "a/b", "x<script>"])
def test_a_username_follows_djangos_rule_on_the_page_and_in_the_api(demo_county, username):
    page = Client().post("/accounts/register/", person_form(username=username))
    assert "用户名只能包含字母、数字和 @ . + - _ 字符。" in page.content.decode()
    body = {"kind": "person", "name": "张三", "id_number": PERSON_ID, "phone": "13805381234"}
    answer = Client().post(
        "/api/v1/register",
        {**body, "username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert answer.status_code == 422 and "username" in answer.json()["details"], answer.content
    assert not get_user_model().objects.filter(username=username).exists()
