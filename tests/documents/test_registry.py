"""The documents registry with a throw-away subject and document: a later module's 交办通知单 or 会议纪要 is
one registration, printed by the shared print page with its checks."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from onewindow.documents import registry
from onewindow.documents.registry import Document, Subject, register, register_subject
from onewindow.documents.views import print_page

DRILLS = {"open": {"open": True}, "closed": {"open": False}}


def drill_in_scope(request, key):
    if key not in DRILLS or not request.user.is_authenticated:
        raise Http404
    return request.user, DRILLS[key]


register_subject(Subject("drill", key="number", load=drill_in_scope))
SHEET = register(
    Document(
        "drill",
        "sheet",
        "演练单",
        "documents/page.html",
        may_print=lambda actor, drill: actor.is_staff,
        applies=lambda drill: drill["open"],
        context=lambda request, actor, drill: {"drill": drill},
    )
)


def person(staff: bool):
    return get_user_model()(username="drill", is_staff=staff)


def get(rf, user, number, kind="sheet"):
    request = rf.get(f"/drills/{number}/print/{kind}/")
    request.user = user
    return print_page(request, subject="drill", kind=kind, number=number)


def test_the_page_lists_what_applies_and_the_person_may_print():
    assert registry.offered("drill", person(staff=True), DRILLS["open"]) == [SHEET]
    assert registry.offered("drill", person(staff=False), DRILLS["open"]) == []
    assert registry.offered("drill", person(staff=True), DRILLS["closed"]) == []
    assert registry.applying("drill", DRILLS["open"]) == [SHEET]


def test_the_print_page_prints_it_on_the_shared_page(rf, db):
    response = get(rf, person(staff=True), "open")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="print-sheet"' in text and "<title>演练单</title>" in text
    assert 'data-testid="print-button"' in text and "onewindow/print.css" in text


@pytest.mark.parametrize(
    ("staff", "number", "kind"),
    [
        (False, "open", "sheet"),  # may not print it
        (True, "closed", "sheet"),  # does not apply now
        (True, "open", "nonsense"),  # no such document
        (True, "unknown", "sheet"),  # no such subject (or out of scope)
    ],
)
def test_anything_else_answers_404(rf, staff, number, kind):
    with pytest.raises(Http404):
        get(rf, person(staff=staff), number, kind)


def test_a_visitor_signs_in_first(rf, db):
    response = get(rf, AnonymousUser(), "open")
    assert response.status_code == 302 and "next=/drills/open/print/sheet/" in response["Location"]


def test_registration_is_checked():
    with pytest.raises(LookupError):
        register(Document("nowhere", "sheet", "无", "documents/page.html", None, None, None))
    with pytest.raises(ValueError):
        register(Document("drill", "sheet", "另一张演练单", "documents/page.html", None, None, None))
    with pytest.raises(ValueError):
        register_subject(Subject("drill", key="code", load=drill_in_scope))
    assert register(SHEET) is SHEET  # the same declaration again is a no-op
