"""Confirmations before what cannot be undone (F8 item 12): every action button of the case page that
no other action takes back carries its confirmation, naming the action and the case; pause and resume,
which undo each other, ask none; the intake's 收件 and 不予受理 ask too."""

import re

from onewindow.cases import workflow

from .conftest import do, intake


def confirmations(html: str) -> dict[str, str]:
    """The case page's action buttons (by slot) with their data-confirm text, '' where none."""
    found = {}
    for tag in re.findall(r"<button[^>]*data-testid=\"(?:action|submit)-[^\"]+\"[^>]*>", html):
        slot = re.search(r'data-testid="(?:action|submit)-([^"]+)"', tag).group(1)
        asked = re.search(r'data-confirm="([^"]*)"', tag)
        if "data-bs-toggle" in tag:
            continue  # the button that opens a form; its submit button asks
        found[slot] = asked.group(1) if asked else ""
    return found


def test_every_action_that_cannot_be_undone_asks_for_a_confirmation_naming_the_case(catalog, today, login):
    case = intake("clerk", "不动产抵押登记")
    page = login("reviewer2").get(f"/cases/{case.number}/").content.decode()
    asked = confirmations(page)
    assert {"start_review", "approve", "deny"} <= set(asked)
    for slot in ("start_review", "approve", "deny"):
        assert case.number in asked[slot] and "不可撤销" in asked[slot], slot
    assert "开始审查" in asked["start_review"]

    do("reviewer2", case, "start_review")
    do("reviewer2", case, "pause", pause_kind="supplement", reason="请补充评估报告")
    page = login("reviewer2").get(f"/cases/{case.number}/").content.decode()
    assert confirmations(page)["resume"] == ""  # a pause is taken back by resuming: nothing to confirm


def test_only_pause_and_resume_are_undoable_in_the_case_workflow():
    assert {s.code for s in workflow.CASE.specs if s.undoable} == {"pause", "resume"}


def test_the_intake_asks_before_it_takes_in_or_refuses(catalog, today, login):
    page = login("clerk").get("/cases/intake/new/?item=" + _code("不动产抵押登记")).content.decode()
    take_in = re.search(r'<button[^>]*data-testid="submit"[^>]*>', page).group(0)
    refuse = re.search(r'<button[^>]*data-testid="refuse-submit"[^>]*>', page).group(0)
    assert 'data-confirm="确认收件' in take_in
    assert 'data-confirm="确认不予受理' in refuse


def _code(name):
    from .conftest import live

    return live(name).implementation_code
