from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.hashers import check_password
from django.db import connection
from django.utils import timezone

from onewindow.accounts.models import LoginAttempt


@pytest.fixture
def person(django_user_model, db):
    return django_user_model.objects.create_user("wangfang", password="right-password-1")


def attempt(client, password, username="wangfang"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_page_answers_in_chinese(client, db):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert 'lang="zh-hans"' in page.content.decode()
    assert "工作人员登录" in page.content.decode()


def test_login_page_in_english_when_asked(client, db):
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/login/")
    assert 'lang="en"' in page.content.decode()
    assert "Staff sign-in" in page.content.decode() or "Staff login" in page.content.decode()


def test_right_password_logs_in(client, person):
    response = attempt(client, "right-password-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_wrong_password_shows_an_error(client, person):
    page = attempt(client, "wrong")
    assert page.status_code == 200
    assert "用户名或密码不正确" in page.content.decode()


def test_sixth_wrong_password_in_15_minutes_is_refused_without_being_checked(client, person):
    for _ in range(5):
        assert "用户名或密码不正确" in attempt(client, "wrong").content.decode()
    with mock.patch("django.contrib.auth.base_user.check_password", wraps=check_password) as checked:
        page = attempt(client, "right-password-1")
    assert checked.call_count == 0
    assert "账号已临时锁定" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(username="wangfang").count() == 5  # the refusal is not a new failure


def test_lock_counts_per_account_and_usernames_case_insensitively(client, person, django_user_model):
    django_user_model.objects.create_user("other", password="other-password-1")
    for _ in range(5):
        attempt(client, "wrong", username="WangFang")
    assert "账号已临时锁定" in attempt(client, "right-password-1").content.decode()
    assert attempt(client, "other-password-1", username="other").status_code == 302


def test_failures_older_than_15_minutes_do_not_count(client, person):
    for _ in range(5):
        attempt(client, "wrong")
    LoginAttempt.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert attempt(client, "right-password-1").status_code == 302


def test_a_successful_login_starts_the_count_afresh(client, person):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "right-password-1").status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "right-password-1").status_code == 302


def test_admin_login_goes_through_the_throttled_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_passwords_are_hashed_with_argon2_by_default():
    from onewindow import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_logout_needs_post_and_ends_the_session(client, person):
    attempt(client, "right-password-1")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel logins need a server database")
def test_parallel_wrong_guesses_cannot_outrun_the_limit(django_user_model):
    from concurrent.futures import ThreadPoolExecutor

    from django.contrib.auth import authenticate
    from django.db import connections

    django_user_model.objects.create_user("target", password="right-password-1")

    def guess(i):
        try:
            with mock.patch("django.contrib.auth.base_user.check_password", wraps=check_password) as checked:
                authenticate(None, username="target", password=f"wrong-{i}")
                return checked.call_count
        finally:
            connections.close_all()

    with ThreadPoolExecutor(10) as pool:
        checked = sum(pool.map(guess, range(20)))
    assert LoginAttempt.objects.filter(username="target", succeeded=False).count() == 5
    assert checked <= 5
