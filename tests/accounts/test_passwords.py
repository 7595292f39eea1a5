"""Accounts (F8 item 11): a person changes their password; a member of the public who forgot it sets a
new one with a code sent by SMS through the message outbox (the answer never tells who is registered, a
code is valid minutes, for five tries, once, and no log line carries it); staff are reset by an
administrator; the login page is titled for who logs in; validation messages come in the person's
language."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import get_default_password_validators
from django.test import Client
from django.utils import timezone, translation

from onewindow.accounts import passwords
from onewindow.accounts.models import PasswordResetCode
from onewindow.accounts.services import register_citizen
from onewindow.notices.models import ApplicantMessage
from onewindow.notices.services import send_unsent
from tests.cases.conftest import person

PHONE = "13805381234"
PASSWORD = "Qingyun-2026!"
NEW_PASSWORD = "Xintai-Hall-88"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def citizen(demo_county):
    return register_citizen(username="zhangsan", password=PASSWORD, applicant=person(phone=PHONE))


def code_sent(citizen) -> str:
    message = ApplicantMessage.objects.filter(citizen=citizen, kind="password_reset").latest("pk")
    return re.search(r"验证码 (\d{6})", message.text).group(1)


def test_a_code_by_sms_sets_a_new_password_once(citizen, client, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO, logger="onewindow.messages")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        asked = client.post("/accounts/password/reset/", {"username": "ZhangSan", "phone": PHONE})
    assert asked.status_code == 302 and "username=ZhangSan" in asked["Location"]
    message = ApplicantMessage.objects.get(citizen=citizen)
    assert message.case is None and message.recipient == "138****1234" and message.state == "sent"
    code = code_sent(citizen)
    assert code not in caplog.text and "验证码 ******" in caplog.text  # the console backend's log line

    wrong = client.post(
        "/accounts/password/reset/confirm/",
        {
            "username": "zhangsan",
            "code": "000000" if code != "000000" else "111111",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert "验证码不正确或已失效" in wrong.content.decode()
    done = client.post(
        "/accounts/password/reset/confirm/",
        {"username": "zhangsan", "code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/login/?for=public"
    citizen.user.refresh_from_db()
    assert citizen.user.check_password(NEW_PASSWORD)
    again = client.post(
        "/accounts/password/reset/confirm/",
        {
            "username": "zhangsan",
            "code": code,
            "new_password1": "Another-Pass-99",
            "new_password2": "Another-Pass-99",
        },
    )
    assert "验证码不正确或已失效" in again.content.decode()  # used once


def test_asking_tells_nobody_whether_the_account_and_phone_match(citizen, client):
    for username, phone in [("zhangsan", "13900000000"), ("nobody", PHONE), ("zhangsan", PHONE)]:
        answer = client.post("/accounts/password/reset/", {"username": username, "phone": phone}, follow=True)
        assert "如账号和手机号与注册时一致，验证码已发送" in answer.content.decode()
    assert ApplicantMessage.objects.filter(citizen=citizen).count() == 1  # only the matching one
    staff = Client()
    staff.post("/accounts/password/reset/", {"username": "clerk", "phone": PHONE})
    assert not PasswordResetCode.objects.filter(user__username="clerk").exists()  # staff: ask an admin


def test_a_code_expires_and_dies_after_five_wrong_tries(citizen):
    assert passwords.request_code(username="zhangsan", phone=PHONE)
    code = code_sent(citizen)
    for _ in range(passwords.CODE_TRIES):
        with pytest.raises(Exception, match="验证码不正确"):
            passwords.reset_with_code(username="zhangsan", code="x" + code[1:], password=NEW_PASSWORD)
    with pytest.raises(Exception, match="验证码不正确"):
        passwords.reset_with_code(username="zhangsan", code=code, password=NEW_PASSWORD)  # spent

    assert passwords.request_code(username="zhangsan", phone=PHONE)
    fresh = code_sent(citizen)
    PasswordResetCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Exception, match="验证码不正确"):
        passwords.reset_with_code(username="zhangsan", code=fresh, password=NEW_PASSWORD)


def test_a_new_code_replaces_the_last_and_a_phone_is_not_flooded(citizen):
    assert passwords.request_code(username="zhangsan", phone=PHONE)
    first = code_sent(citizen)
    assert passwords.request_code(username="zhangsan", phone=PHONE)
    second = code_sent(citizen)
    if first != second:
        with pytest.raises(Exception, match="验证码不正确"):
            passwords.reset_with_code(username="zhangsan", code=first, password=NEW_PASSWORD)
    for _ in range(passwords.CODES_PER_HOUR - 2):
        assert passwords.request_code(username="zhangsan", phone=PHONE)
    assert not passwords.request_code(username="zhangsan", phone=PHONE)


def test_a_crash_before_sending_leaves_the_code_for_the_sweep(citizen, settings):
    settings.ONEWINDOW_MESSAGE_BACKEND = "onewindow.notices.backends.ConsoleBackend"
    passwords.request_code(username="zhangsan", phone=PHONE)
    ApplicantMessage.objects.update(state="pending", created_at=timezone.now() - timedelta(minutes=5))
    assert send_unsent() == 1
    assert ApplicantMessage.objects.get().state == "sent"


def test_the_api_resets_and_changes_passwords(citizen):
    client = Client()
    sent = client.post(
        "/api/v1/password-reset/code",
        {"username": "zhangsan", "phone": PHONE},
        content_type="application/json",
    )
    assert sent.status_code == 202
    nobody = client.post(
        "/api/v1/password-reset/code", {"username": "nobody", "phone": PHONE}, content_type="application/json"
    )
    assert nobody.status_code == 202 and nobody.json() == sent.json()
    weak = client.post(
        "/api/v1/password-reset",
        {"username": "zhangsan", "code": code_sent(citizen), "new_password": "123"},
        content_type="application/json",
    )
    assert weak.status_code == 422 and weak.json()["code"] == "password_invalid"
    done = client.post(
        "/api/v1/password-reset",
        {"username": "zhangsan", "code": code_sent(citizen), "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    citizen.user.refresh_from_db()
    client.force_login(citizen.user)
    changed = client.post(
        "/api/v1/me/password",
        {"old_password": "wrong", "new_password": PASSWORD},
        content_type="application/json",
    )
    assert changed.status_code == 422 and changed.json()["code"] == "password_invalid"
    changed = client.post(
        "/api/v1/me/password",
        {"old_password": NEW_PASSWORD, "new_password": PASSWORD},
        content_type="application/json",
    )
    assert changed.status_code == 200
    citizen.user.refresh_from_db()
    assert citizen.user.check_password(PASSWORD)


def test_a_signed_in_person_changes_their_password_and_stays_signed_in(demo_county, login):
    clerk = login("clerk")
    page = clerk.get("/accounts/password/")
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    refused = clerk.post(
        "/accounts/password/",
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "当前密码不正确" in refused.content.decode()
    from onewindow.demo.county import DEMO_PASSWORD

    done = clerk.post(
        "/accounts/password/",
        {"old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert clerk.get("/cases/inbox/").status_code == 200  # still signed in
    assert get_user_model().objects.get(username="clerk").check_password(NEW_PASSWORD)


def test_the_login_page_is_titled_for_who_logs_in(db):
    def title(url):
        return re.search(r'data-testid="login-title">([^<]+)<', Client().get(url).content.decode()).group(1)

    assert title("/accounts/login/") == "工作人员登录"
    assert title("/accounts/login/?for=public") == "办事群众和企业登录"
    assert title("/accounts/login/?next=/guide/my/") == "办事群众和企业登录"
    assert title("/accounts/login/?next=/cases/inbox/") == "工作人员登录"
    assert 'href="/accounts/password/reset/"' in Client().get("/accounts/login/?for=public").content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_password_rule_speaks_the_persons_language(db, language):
    user = get_user_model()(username="zhangsan123")
    said = []
    with translation.override(language):
        for validator in get_default_password_validators():
            said.append(str(validator.get_help_text()))
            for attempt in ("1", "password", "zhangsan123", "12345678901"):
                try:
                    validator.validate(attempt, user)
                except Exception as exc:  # ValidationError
                    said += [str(m) for m in exc.messages]
    assert said
    for message in said:
        assert bool(CJK.search(message)) == (language == "zh-hans"), message


def test_a_chinese_registration_form_answers_in_chinese(db):
    answer = Client().post(
        "/accounts/register/",
        {
            "kind": "person",
            "name": "张三",
            "id_number": "370982199003150011",
            "phone": PHONE,
            "username": "zs",
            "password1": "123",
            "password2": "123",
        },
    )
    errors = re.findall(r'class="invalid-feedback"[^>]*>([^<]+)<', answer.content.decode())
    assert errors and all(CJK.search(e) for e in errors), errors
