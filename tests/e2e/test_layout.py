"""Pages that fit (F8 item 13): every staff and public page of the demo, as each role that may open it,
at a hall's 1366x768 monitor and at a 390x844 phone: no horizontal overflow (the document is no wider
than the viewport) and no console error. At 1366 the case lists keep one line per case; on the phone the
inbox keeps number, item, applicant and deadline in view.

The pages are the access matrix's (`tests/security/access_matrix.PAGES`), filled with the matrix world's
objects, so a new page is measured here as soon as it is declared there."""

import pytest
from playwright.sync_api import expect

from onewindow.demo.county import DEMO_PASSWORD
from tests.security import access_matrix as m
from tests.security.matrix_world import PASSWORD, TARGETS, USERNAMES, World
from tests.security.test_access_matrix import fill

from .conftest import _close, _new_page, sign_in

MONITOR = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# Not pages a person reads: the API and its docs, Django's admin site, files and downloads.
NOT_PAGES = ("admin", "api/", "^api", "favicon.ico")
DOWNLOADS = (
    "/file/",
    "material/<int:material_id>",
    "materials/<int:pk>/",
    "catalog/export/",
    "attachments/<int:pk>",
    "/excel/",
)
# Pages that differ by who opens them are measured as every role that may; the others as the first
# of these that may.
EVERY_ROLE = {
    "home/",
    "home/<slug:role>/",
    "cases/",
    "cases/inbox/",
    "cases/overdue/",
    "cases/<case_number:number>/",
}
ROLES = (
    m.ANONYMOUS,
    m.CITIZEN,
    m.COMPANY,
    m.WINDOW_CLERK,
    m.CHIEF_REP,
    m.REVIEWER,
    m.AGENT,
    m.SUPERVISOR,
    m.LEADER,
    m.ADMIN,
)
FIRST_OF = (m.ANONYMOUS, m.CITIZEN, m.WINDOW_CLERK, m.REVIEWER, m.LEADER, m.ADMIN)

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# Cells of a case list whose content is laid out on more than one line (a cell is as tall as its row,
# so its content is measured).
WRAPPED_CELLS = """() => [...document.querySelectorAll(
    '[data-testid=case-row] td, [data-testid=task-row] td'
  )].filter(td => {
  const range = document.createRange();
  range.selectNodeContents(td);
  const style = getComputedStyle(td);
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
  return range.getBoundingClientRect().height > 1.5 * line;
}).map(td => td.closest('tr').dataset.number + ': ' + td.innerText.trim().slice(0, 30))"""


def pages_to_measure(world) -> dict[str, list[str]]:
    """Each actor's URLs: every GET page of the matrix that the actor may open."""
    visits: dict[str, list[str]] = {actor: [] for actor in ROLES}
    for route, row in m.PAGES.items():
        if row.method != "GET" or route.startswith(NOT_PAGES) or any(d in route for d in DOWNLOADS):
            continue
        scope = m.OWN if m.OWN in row.scopes else m.NONE
        allowed = [a for a in ROLES if row.rule.expect(a, scope) == m.ALLOW]
        if route not in EVERY_ROLE:
            allowed = [a for a in FIRST_OF if a in allowed][:1]
        for actor in allowed:
            call = TARGETS[row.target](world, actor, scope) if row.target else m_call()
            if call is None:
                continue
            url = fill(route, call.params)
            if call.query:
                url += "?" + "&".join(f"{k}={v}" for k, v in call.query.items())
            visits[actor].append(url)
    return visits


def password_of(actor: str) -> str:
    """The matrix world's own accounts have its password; the demo's people keep the demo's."""
    return PASSWORD if actor in (m.SUPERVISOR, m.SUPERUSER) else DEMO_PASSWORD


def m_call():
    from tests.security.matrix_world import Call

    return Call()


@pytest.fixture
def world(demo_live, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(tmp_path)


def measure(browser, live_server, actor: str, urls: list[str], viewport: dict) -> list[str]:
    context, page = _new_page(browser, live_server, viewport=viewport)
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"{page.url}: console {msg.text}"))
    page.on("pageerror", lambda error: problems.append(f"{page.url}: script {error}"))
    if actor != m.ANONYMOUS:
        sign_in(page, USERNAMES[actor], password_of(actor))
        expect(page).not_to_have_url(f"{live_server.url}/accounts/login/")
    size = f"{viewport['width']}x{viewport['height']}"
    for url in urls:
        response = page.goto(live_server.url + url, wait_until="load")
        if response is None or response.status >= 400:
            problems.append(f"{actor} {url}: answered {response and response.status}")
            continue
        if (extra := page.evaluate(OVERFLOW)) > 0:
            problems.append(f"{actor} {url} at {size}: {extra}px wider than the screen")
        if viewport == MONITOR and (wrapped := page.evaluate(WRAPPED_CELLS)):
            problems.append(f"{actor} {url} at {size}: case rows on more than one line: {wrapped[:3]}")
    _close(context, page)
    return problems


def test_every_page_fits_a_hall_monitor_and_a_phone_without_console_errors(browser, live_server, world):
    visits = pages_to_measure(world)
    assert sum(map(len, visits.values())) > 40, visits  # the walk found the pages
    problems = [
        problem
        for viewport in (MONITOR, PHONE)
        for actor, urls in visits.items()
        for problem in measure(browser, live_server, actor, urls, viewport)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("actor", "rows"), [(m.WINDOW_CLERK, "case-row"), (m.REVIEWER, "case-row")])
def test_the_inbox_keeps_number_item_applicant_and_deadline_in_view_on_a_phone(
    browser, live_server, world, actor, rows
):
    context, page = _new_page(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, USERNAMES[actor], password_of(actor))
    page.goto(live_server.url + "/cases/inbox/")
    row = page.get_by_test_id(rows).first
    expect(row).to_be_visible()
    for column in ("number", "item", "applicant", "deadline"):
        cell = row.locator(f"[data-col={column}]:visible").first
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (column, box)
    _close(context, page)
