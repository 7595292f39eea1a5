"""F8 item 13, the small things: a favicon; a refused permission answers 403 without a traceback in the
log; the API links only for the administrators."""

import io
import logging

from django.test import Client


def test_every_page_names_its_icon_and_favicon_ico_finds_it(db):
    page = Client().get("/accounts/login/").content.decode()
    assert 'rel="icon" href="/static/onewindow/favicon.svg"' in page
    answer = Client().get("/favicon.ico")
    assert answer.status_code == 302 and answer["Location"] == "/static/onewindow/favicon.svg"


def test_a_refused_permission_is_one_log_line_without_a_traceback(demo_county, login):
    handlers = [h for h in logging.getLogger().handlers if not type(h).__module__.startswith("_pytest")]
    stream, old = io.StringIO(), []
    for handler in handlers:
        old.append(handler.setStream(stream))
    try:
        answer = login("clerk").get("/home/admin/")
    finally:
        for handler, previous in zip(handlers, old, strict=True):
            handler.setStream(previous)
    written = stream.getvalue()
    assert answer.status_code == 403
    assert "Forbidden" in written and "/home/admin/" in written
    assert "Traceback" not in written and "PermissionDenied" not in written


def test_the_api_links_are_shown_to_the_administrators_who_connect_programs(demo_county, login):
    for username in ("clerk", "reviewer", "supervisor", "leader"):
        page = login(username).get("/home/", follow=True).content.decode()
        assert 'href="/accounts/tokens/"' not in page and 'href="/api/v1/docs"' not in page, username
    admin = login("admin").get("/home/", follow=True).content.decode()
    assert 'href="/accounts/tokens/"' in admin and 'href="/api/v1/docs"' in admin
