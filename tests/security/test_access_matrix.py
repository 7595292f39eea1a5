"""The access matrix (F6 item 1): every API operation and every page, as every actor, against an object
of the actor's own scope and one of another scope, gets what `access_matrix` declares.

The coverage tests fail for any endpoint the table does not declare (so a new endpoint fails until it
is declared) and for any row whose endpoint is gone. The walks request every cell inside a savepoint that
is rolled back, so no write of one cell is seen by the next; the demo data is loaded once per walk.
"""

import copy
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from onewindow.api import api
from onewindow.cases.models import CaseMaterial

from . import access_matrix as m
from .matrix_world import TARGETS, Call, World

# --- coverage -------------------------------------------------------------------------------------------

NINJA_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def api_operations(schema: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def url_routes(resolver=None) -> list[tuple[str, object]]:
    """Every URL pattern as (full route, callback), depth first."""
    found = []

    def walk(node, prefix):
        for pattern in node.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), pattern.callback))

    walk(resolver or get_resolver(), "")
    return found


def model_admin_routes() -> dict[str, tuple]:
    """The routes every registered ModelAdmin makes: route -> (model, page)."""
    routes = {}
    for model in admin.site._registry:
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        routes[base] = (model, "changelist")
        routes[base + "add/"] = (model, "add")
        for page in ("history", "delete", "change"):
            routes[f"{base}<path:object_id>/{page}/"] = (model, page)
        routes[base + "<path:object_id>/"] = (model, "object")
    return routes


def _is_api_operation(route: str, callback, operations: set) -> bool:
    """A URL pattern of a ninja operation is covered by the OpenAPI table, if the document lists it."""
    if getattr(callback, "__module__", "") != "ninja.operation":
        return False
    path = "/" + NINJA_PARAM.sub(r"{\1}", route)
    return any(p == path for _, p in operations)


@dataclass
class Coverage:
    undeclared_operations: set = field(default_factory=set)
    stale_operations: set = field(default_factory=set)
    undeclared_pages: set = field(default_factory=set)
    stale_pages: set = field(default_factory=set)

    def report(self) -> str:
        lines = []
        for title, items in (
            ("API operations not in access_matrix.API", self.undeclared_operations),
            ("access_matrix.API rows for operations that no longer exist", self.stale_operations),
            ("pages not in access_matrix.PAGES", self.undeclared_pages),
            ("access_matrix.PAGES rows for routes that no longer exist", self.stale_pages),
        ):
            if items:
                lines.append(f"{title}:")
                lines += [f"  {' '.join(i) if isinstance(i, tuple) else repr(i)}" for i in sorted(items)]
        return "\n".join(lines)


def coverage(schema: dict, resolver=None) -> Coverage:
    operations = api_operations(schema)
    routes = url_routes(resolver)
    declared_pages = set(m.PAGES) | set(model_admin_routes())
    pages = {route for route, callback in routes if not _is_api_operation(route, callback, operations)}
    return Coverage(
        undeclared_operations=operations - set(m.API),
        stale_operations=set(m.API) - operations,
        undeclared_pages=pages - declared_pages,
        stale_pages=declared_pages - pages,
    )


def test_every_api_operation_and_page_is_declared_and_every_row_exists():
    found = coverage(api.get_openapi_schema())
    assert not found.report(), found.report()


def test_an_undeclared_api_operation_is_reported_and_a_removed_one_too():
    schema = copy.deepcopy(api.get_openapi_schema())
    schema["paths"]["/api/v1/cases/{number}/secrets"] = {"get": {"responses": {}}}
    schema["paths"]["/api/v1/me"]["delete"] = {"responses": {}}
    del schema["paths"]["/api/v1/notices/read"]
    found = coverage(schema)
    assert found.undeclared_operations == {
        ("GET", "/api/v1/cases/{number}/secrets"),
        ("DELETE", "/api/v1/me"),
    }
    assert found.stale_operations == {("POST", "/api/v1/notices/read")}
    # its URL still answers: a route of the API that the document does not list is an undeclared page
    assert found.undeclared_pages == {"api/v1/notices/read"} and not found.stale_pages


def test_an_undeclared_page_is_reported(settings):
    """A urlconf of the real URLs plus one more page: exactly that page is reported."""
    settings.ROOT_URLCONF = "tests.security.extra_urls"
    found = coverage(api.get_openapi_schema())
    assert found.undeclared_pages == {"cases/<case_number:number>/peek/"}
    assert not found.stale_pages and not found.undeclared_operations


def test_every_scoped_rule_says_what_each_actor_gets():
    """Every rule expands to an outcome for every actor in every scope (the table reads as a matrix)."""
    for key, row in [*m.API.items(), *m.PAGES.items()]:
        for scope in row.scopes:
            for actor in m.ACTORS:
                outcome = row.rule.expect(actor, scope)
                redirect = isinstance(outcome, str) and outcome.startswith("→/")
                assert redirect or outcome in (m.ALLOW, m.LOGIN, m.SIGNIN, 401, 403, 404), (key, actor, scope)
        if m.OTHER in row.scopes:
            assert row.target, f"{key}: a scoped rule needs a target that picks objects"


def test_every_target_named_in_the_table_exists():
    named = {row.target for row in [*m.API.values(), *m.PAGES.values()] if row.target}
    assert named <= set(TARGETS), named - set(TARGETS)


# --- requesting a cell and judging the answer -------------------------------------------------------

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def fill(route: str, params: dict) -> str:
    """The URL of a route (Django converters, a regex or OpenAPI braces) with its parameters filled."""
    url = REGEX_GROUP.sub(lambda g: str(params[g.group(1)]), route)
    url = NINJA_PARAM.sub(lambda g: str(params[g.group(1)]), url)
    url = re.sub(r"\{(\w+)\}", lambda g: str(params[g.group(1)]), url)
    url = url.replace("^", "").replace("$", "")
    return url if url.startswith("/") else "/" + url


def describe(response) -> str:
    text = str(response.status_code)
    if 300 <= response.status_code < 400:
        text += f" → {response['Location']}"
    elif response.status_code >= 400 and not getattr(response, "streaming", False):
        body = response.content[:160].decode("utf-8", "replace")
        text += f" {' '.join(body.split())[:120]}"
    return text


def judged(expected, response, *, api_call: bool, write: bool) -> bool:
    code = response.status_code
    to_login = 300 <= code < 400 and urlsplit(response["Location"]).path in LOGIN_PATHS
    if expected == m.SIGNIN:
        expected = 401 if api_call else m.LOGIN
    if expected == m.LOGIN:
        return to_login
    if isinstance(expected, str) and expected.startswith("→"):
        return 300 <= code < 400 and urlsplit(response["Location"]).path == expected[1:]
    if expected == m.ALLOW:
        return (code < 400 and not to_login) or (write and code in (400, 409, 422))
    return code == expected


def request(client, method: str, url: str, call: Call, *, api_call: bool, headers=None):
    headers = headers or {}
    if method == "GET":
        return client.get(url, call.query, headers=headers)
    if api_call:
        body = json.dumps(call.data or {})
        query = "?" + "&".join(f"{k}={v}" for k, v in call.query.items()) if call.query else ""
        return client.generic(method, url + query, body, content_type="application/json", headers=headers)
    return client.post(url, call.data or {}, headers=headers)


@dataclass
class Walk:
    failures: list = field(default_factory=list)
    cells: int = 0
    not_applicable: list = field(default_factory=list)
    other_scope_cells: dict = field(default_factory=dict)
    seen: list = field(default_factory=list)  # every cell, printed when a walk fails or with -s

    def run(self, world, endpoint, method, route, row, actor, *, api_call, client, headers=None):
        for scope in row.scopes:
            expected = row.rule.expect(actor, scope)
            call = TARGETS[row.target](world, actor, scope) if row.target else Call()
            label = f"{method} {endpoint} × {actor} × {scope}"
            if call is None:
                self.not_applicable.append(label)
                continue
            url = fill(route, call.params)
            cookies = copy.deepcopy(client.cookies)  # a logout in this cell must not sign out the next
            with transaction.atomic():
                try:
                    response = request(client, method, url, call, api_call=api_call, headers=headers)
                finally:
                    transaction.set_rollback(True)
                    client.cookies = cookies
            self.cells += 1
            if scope == m.OTHER:
                self.other_scope_cells[endpoint] = self.other_scope_cells.get(endpoint, 0) + 1
            write = method in ("POST", "PUT", "PATCH", "DELETE")
            self.seen.append(f"{label}: expected {expected}, got {describe(response)[:100]}")
            if not judged(expected, response, api_call=api_call, write=write):
                self.failures.append(f"{label} ({url}): expected {expected}, got {describe(response)}")
            if response.streaming:  # read to the end: the client then closes the file (not the database)
                b"".join(response.streaming_content)

    def assert_clean(self, rows):
        unexercised = [
            key for key, row in rows if m.OTHER in row.scopes and not self.other_scope_cells.get(key)
        ]
        print("\n".join(self.seen))
        print("not applicable (no such object for this actor):", *self.not_applicable, sep="\n  ")
        message = "\n".join(self.failures)
        if unexercised:
            message += "\nscoped rows never tried against another scope's object: " + ", ".join(unexercised)
        assert not self.failures and not unexercised, message


@pytest.fixture
def world(demo_county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(tmp_path)


def test_api_matrix_by_session_and_by_bearer_token(world):
    """Every operation as every actor signed in by session; then the same matrix with a real
    `Authorization: Bearer` token and no session, which must meet the same checks."""
    api_rows = [(path, row) for (_method, path), row in m.API.items()]
    by_session = Walk()
    for (method, path), row in m.API.items():
        for actor in m.ACTORS:
            by_session.run(world, path, method, path, row, actor, api_call=True, client=world.clients[actor])
    assert by_session.cells > 400
    by_session.assert_clean(api_rows)
    by_token = Walk()
    for (method, path), row in m.API.items():
        for actor in sorted(m.SIGNED_IN):
            headers = {"Authorization": f"Bearer {world.tokens[actor]}"}
            by_token.run(
                world, path, method, path, row, actor, api_call=True, client=Client(), headers=headers
            )
    assert by_token.cells > 300
    by_token.assert_clean(api_rows)


def model_admin_cells(world):
    """(route, concrete URL) for every registered model's pages; object pages use its first object."""
    for route, (model, page) in model_admin_routes().items():
        row = m.Row(m.model_admin_rule(model._meta.label_lower, page))
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if page in ("changelist", "add"):
            yield route, reverse(f"{prefix}_{page}"), row
            continue
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"the walk's data has no {model._meta.label} for {route}"
        if page == "object":  # the bare object URL redirects to its change page
            yield route, reverse(f"{prefix}_change", args=[obj.pk]).removesuffix("change/"), row
        else:
            yield route, reverse(f"{prefix}_{page}", args=[obj.pk]), row


def test_page_matrix(world):
    walk = Walk()
    for route, row in m.PAGES.items():
        for actor in m.ACTORS:
            walk.run(world, route, row.method, route, row, actor, api_call=False, client=world.clients[actor])
    for route, url, row in model_admin_cells(world):
        for actor in m.ACTORS:
            walk.run(world, route, "GET", url, row, actor, api_call=False, client=world.clients[actor])
    assert walk.cells > 600
    walk.assert_clean(list(m.PAGES.items()))


def test_the_matrix_renders_as_a_table_for_the_documentation():
    table = m.markdown()
    assert table.count("\n") >= len(m.API) + len(m.PAGES)
    assert "| `GET /api/v1/cases/{number}` | other | 401/login | 404 |" in table


def test_a_material_of_another_case_is_not_served_through_ones_own_case(world):
    """The material id is checked against the case in the path: one's own case number with another
    case's material id answers 404 (API, staff page, applicant page), never the other case's file."""
    failures = []
    for actor in sorted(m.HANDLERS | m.APPLICANTS | {m.SUPERVISOR, m.ADMIN}):
        own = world.cases(actor, m.OWN).first()
        world.file_on(own)
        foreign = CaseMaterial.objects.exclude(case=own).exclude(file="").order_by("pk").first()
        urls = [f"/api/v1/cases/{own.number}/materials/{foreign.pk}/file"]
        if actor in m.APPLICANTS:
            urls.append(f"/guide/my/{own.number}/material/{foreign.pk}/")
        else:
            urls.append(f"/cases/{own.number}/materials/{foreign.pk}/file/")
        for url in urls:
            response = world.clients[actor].get(url)
            if response.status_code != 404:
                failures.append(f"GET {url} × {actor}: expected 404, got {describe(response)}")
            if response.streaming:
                b"".join(response.streaming_content)
    assert not failures, "\n".join(failures)
