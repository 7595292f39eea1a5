"""F8 item 17: control characters are refused at the edge, once for every text input of the API and of
the forms, with 422 (the API's error envelope; a page in the person's language). PostgreSQL cannot store
NUL and SQLite would keep it as is, so nothing with one may reach a save."""

import json

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from onewindow.cases.models import Case
from onewindow.core.text import CONTROL, has_control, json_has_control
from tests.cases.conftest import PERSON_ID

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["\x00", "a\\u0000", "\\", "\\\\u0000", "\b", "\f", "\t\n\r", "\x7f", "\x85", "名\x1b字"]
)
documents = st.recursive(
    texts | st.integers() | st.booleans() | st.none(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)


@given(documents, st.booleans())
def test_a_json_text_carries_a_control_character_exactly_when_one_of_its_strings_does(document, ascii_only):
    body = json.dumps(document, ensure_ascii=ascii_only).encode()
    assert json_has_control(body) == any(has_control(s) for s in strings_in(document))


@given(st.text())
def test_tab_line_feed_and_carriage_return_are_text_the_rest_of_c0_c1_and_del_are_not(text):
    kept = {"\t", "\n", "\r"}
    expected = any((ord(c) < 32 and c not in kept) or 0x7F <= ord(c) <= 0x9F for c in text)
    assert has_control(text) == expected == (CONTROL.search(text) is not None)


def test_the_api_refuses_a_nul_in_a_body_or_a_query_with_the_envelope(demo_county, login):
    clerk = login("clerk")
    body = {
        "applicant": {"kind": "person", "name": "张\x00三", "id_number": PERSON_ID, "phone": "13805381234"},
        "item_code": "x",
        "materials": [],
    }
    answer = clerk.post("/api/v1/cases", body, content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["code"] == "control_characters" and answer.json()["details"] == {"fields": ["body"]}
    assert "控制字符" in answer.json()["message"]
    assert Case.objects.count() == 0
    searched = clerk.get("/api/v1/cases", {"q": "3709\x00"})
    assert searched.status_code == 422 and searched.json()["details"] == {"fields": ["q"]}
    english = clerk.get("/api/v1/cases", {"q": "\x1b"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 422 and "control" in english.json()["message"]


def test_a_form_refuses_a_nul_with_a_page_in_the_persons_language(demo_county):
    page = Client().post("/accounts/login/", {"username": "clerk\x00", "password": "x"})
    assert page.status_code == 422
    assert "控制字符" in page.content.decode()
    registered = Client().post(
        "/accounts/register/", {"username": "li\x00si", "password1": "Qingyun-2026!", "name": "李四"}
    )
    assert registered.status_code == 422
    searched = Client().get("/guide/", {"q": "营业执照\x00"})
    assert searched.status_code == 422


def test_multi_line_text_keeps_its_line_breaks(demo_county, login):
    clerk = login("clerk")
    assert clerk.get("/api/v1/cases", {"q": "a\tb\r\nc"}).status_code == 200


def test_a_nul_in_the_path_or_in_a_utf16_body_is_refused_too(demo_county, login):
    assert Client().get("/guide/item/%00/").status_code == 422
    assert login("clerk").get("/api/v1/cases/3709%00").status_code == 422
    body = '{"applicant": {"name": "张\\u0000三"}}'.encode("utf-16")
    answer = login("clerk").post("/api/v1/cases", body, content_type="application/json")
    assert answer.status_code == 422 and answer.json()["code"] == "control_characters"
