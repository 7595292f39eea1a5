"""Public tracking: the case's progress by number and query code, without personal data, the same
answer for a wrong code as for an unknown number, and a per-address throttle."""

import re
from datetime import UTC, datetime

import pytest
from django.test import Client

from tests.cases.conftest import do

from .conftest import PERSON_ID, intake

NAME, PHONE = "张三", "13805381234"
CSRF = re.compile(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')
NEXT = re.compile(rb'(name="next" type="hidden" value=")[^"]*')


@pytest.fixture
def case(catalog, today):
    return intake("clerk", "不动产抵押登记")


@pytest.fixture
def one_minute(monkeypatch):
    """Every request of the test falls in the same rate-limit minute."""
    fixed = datetime(2025, 9, 1, 2, 30, 10, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: fixed)


def track(client, number, code, **extra):
    return client.get("/track/", {"number": number, "code": code}, **extra)


def test_the_form_is_shown_without_a_lookup(db):
    page = Client().get("/track/")
    assert page.status_code == 200
    assert 'data-testid="track-form"' in page.content.decode()
    assert 'data-testid="track-not-found"' not in page.content.decode()


def test_tracking_shows_the_progress_and_no_personal_data(case, django_assert_max_num_queries):
    do("reviewer2", case, "start_review")
    case.refresh_from_db()
    with django_assert_max_num_queries(6):
        page = track(Client(), case.number, case.query_code)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="track-result"' in text
    assert "不动产抵押登记" in text and "不动产登记中心" in text
    assert 'data-status="in_review"' in text and "审查中" in text
    assert "承诺件" in text
    assert case.accepted_on.isoformat() in text and case.deadline.isoformat() in text
    assert f"剩余 {case.remaining_days} 个工作日" in text
    assert 'data-warning="normal"' in text
    for action in ("submit", "accept", "start_review"):
        assert f'data-action="{action}"' in text
    for secret in (NAME, PERSON_ID, PHONE, "王芳", "吴磊", "clerk", "reviewer2"):
        assert secret not in text, secret
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


def test_the_post_form_gives_the_same_answer(case):
    page = Client().post("/track/", {"number": case.number, "code": case.query_code})
    assert page.status_code == 200
    assert case.title in page.content.decode()


def test_spaces_in_the_number_are_ignored(case):
    spaced = " ".join([case.number[:6], case.number[6:14], case.number[14:]])
    assert track(Client(), spaced, case.query_code).status_code == 200


def test_notes_stay_private_but_a_return_reason_is_shown(case):
    do("reviewer2", case, "start_review")
    do("reviewer2", case, "pause", pause_kind="supplement", reason=f"{NAME}的房产证需核实")
    case.refresh_from_db()
    text = track(Client(), case.number, case.query_code).content.decode()
    assert 'data-action="pause"' in text and "暂停计时" in text
    assert NAME not in text

    returned = intake(
        "clerk",
        "不动产抵押登记",
        return_reason="抵押物已被查封，不予受理",
        return_basis="《不动产登记暂行条例》第二十二条",
    )
    text = track(Client(), returned.number, returned.query_code).content.decode()
    assert 'data-action="return"' in text
    assert "抵押物已被查封，不予受理" in text and "《不动产登记暂行条例》第二十二条" in text
    assert NAME not in text and PERSON_ID not in text


def test_a_wrong_code_answers_exactly_like_an_unknown_number(case):
    wrong_code = "000000" if case.query_code != "000000" else "111111"
    unknown_number = case.number[:-6] + ("999999" if not case.number.endswith("999999") else "999998")
    client = Client()
    wrong = client.post("/track/", {"number": case.number, "code": wrong_code})
    unknown = client.post("/track/", {"number": unknown_number, "code": wrong_code})
    assert wrong.status_code == unknown.status_code == 404
    assert 'data-testid="track-not-found"' in wrong.content.decode()
    # Byte for byte, but for the CSRF token's per-response random mask.
    assert CSRF.sub(rb"\1-", wrong.content) == CSRF.sub(rb"\1-", unknown.content)
    assert case.number.encode() not in wrong.content

    # The same by GET links (whose own address is echoed only in the language switch's `next`).
    wrong = track(client, case.number, wrong_code)
    unknown = track(client, unknown_number, wrong_code)
    assert wrong.status_code == unknown.status_code == 404
    assert NEXT.sub(rb"\1-", CSRF.sub(rb"\1-", wrong.content)) == NEXT.sub(
        rb"\1-", CSRF.sub(rb"\1-", unknown.content)
    )


def test_malformed_input_is_explained_on_the_fields(db):
    page = track(Client(), "12345", "abc")
    assert page.status_code == 200
    text = page.content.decode()
    assert "办件编号是 20 位数字。" in text and "查询码是 6 位数字。" in text


def test_lookups_are_throttled_per_address(case, settings, one_minute):
    settings.TRACK_LOOKUPS_PER_MINUTE = 3
    client = Client()
    for _ in range(3):
        assert track(client, case.number, case.query_code).status_code == 200
    refused = track(client, case.number, case.query_code)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "查询过于频繁，请一分钟后再试。" in text
    assert case.title not in text  # nothing is looked up over the limit
    # Another address has its own allowance; showing the empty form costs nothing.
    assert track(client, case.number, case.query_code, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/track/").status_code == 200


def test_the_refusal_is_in_english_when_english_is_chosen(case, settings, one_minute):
    settings.TRACK_LOOKUPS_PER_MINUTE = 0
    client = Client()
    client.cookies["django_language"] = "en"
    refused = track(client, case.number, case.query_code)
    assert refused.status_code == 429
    assert 'lang="en"' in refused.content.decode()
    assert 'data-testid="track-throttled"' in refused.content.decode()


def test_pruning_drops_only_minutes_older_than_an_hour(db, one_minute):
    from datetime import timedelta

    from django.utils import timezone

    from onewindow.accounts.models import RateBucket
    from onewindow.accounts.services import allow_rate, prune_rate_buckets

    assert allow_rate("track:10.0.0.1", 5)
    now = timezone.now().replace(second=0, microsecond=0)
    RateBucket.objects.create(key="track:10.0.0.2", window_start=now - timedelta(minutes=61), count=4)
    RateBucket.objects.create(key="track:10.0.0.3", window_start=now - timedelta(minutes=59), count=4)
    assert prune_rate_buckets() == 1
    assert sorted(RateBucket.objects.values_list("key", flat=True)) == ["track:10.0.0.1", "track:10.0.0.3"]
