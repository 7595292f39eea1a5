"""The access matrix (F6 item 1): every API operation and every page, as every actor, against an object
of the actor's own scope and one of another scope, gets what `access_matrix` declares.

The coverage tests fail for any endpoint the table does not declare (so a new endpoint fails until it
is declared) and for any row whose endpoint is gone. The walks request every cell inside a savepoint that
is rolled back, so no write of one cell is seen by the next; the demo data is loaded once per walk.
"""

import base64
import copy
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from stdnum.cn import ric

from onewindow.accounts import services as account_services
from onewindow.api import api
from onewindow.cases import clocks, selectors, workflow
from onewindow.cases.choices import Action, Provision
from onewindow.cases.documents import CaseAtHand
from onewindow.cases.models import Case, CaseMaterial
from onewindow.catalog import selectors as catalog_selectors
from onewindow.catalog import services as catalog_services
from onewindow.catalog.choices import VersionStatus
from onewindow.catalog.models import Bundle, ImportJob, ItemMaterial, ItemVersion
from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import load_demo_cases
from onewindow.documents.registry import applying
from onewindow.org.models import Department, ServiceBody, Staff, Window
from onewindow.org.permissions import actor_of
from onewindow.org.roles import AREA_WIDE_ROLES, Role
from onewindow.org.services import set_roles
from onewindow.portal.apply import online_possible

from . import access_matrix as m

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


# --- the world the walks run in ----------------------------------------------------------------------

USERNAMES = {
    m.CITIZEN: "citizen",
    m.COMPANY: "company",
    m.WINDOW_CLERK: "clerk",
    m.CHIEF_REP: "chief",
    m.REVIEWER: "reviewer",
    m.AGENT: "agent",
    m.SUPERVISOR: "town_supervisor",
    m.LEADER: "leader",
    m.ADMIN: "admin",
    m.SUPERUSER: "root",
}
PASSWORD = "pw-Matrix-2026!"
FILE_BYTES = b"%PDF-1.4\n% access matrix\n"


def valid_resident_id(base: str = "37098219900315432") -> str:
    return next(base + d for d in "0123456789X" if ric.is_valid(base + d))


@dataclass
class Call:
    """What fills one request: path parameters, the query, a form or JSON body."""

    params: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    data: dict | None = None
    expect_note: str = ""


class World:
    """The demo county with its catalog and cases, the actors, and the objects each cell needs."""

    def __init__(self, tmp_path):
        demo_catalog.load_demo_catalog()
        load_demo_cases(count=60)
        users = get_user_model().objects
        town = ServiceBody.objects.get(name="东都镇便民服务中心")
        supervisor = users.create_user("town_supervisor", password=PASSWORD)
        staff = Staff.objects.create(user=supervisor, full_name="镇督办", body=town)
        set_roles(actor=None, staff=staff, roles=[Role.SUPERVISOR])
        users.create_superuser("root", password=PASSWORD)
        # A town hall with a department and a window, so that the center's staff have another scope's.
        town_department = Department.objects.create(body=town, name="农业综合服务站", short_name="农服")
        Window.objects.create(
            body=town, number="T01", name="农服窗口", kind="department", department=town_department
        )
        self.nobody = users.create_user("nobody", password=PASSWORD)
        self.users = {actor: users.get(username=name) for actor, name in USERNAMES.items()}
        self.users[m.ANONYMOUS] = None
        self.admin = self.users[m.ADMIN]
        # Two tokens each: one to sign API requests with, a spare to revoke.
        self.tokens, self.spare_tokens = {}, {}
        for actor, user in [*self.users.items(), ("nobody", self.nobody)]:
            if user is None:
                continue
            _token, self.tokens[actor] = account_services.create_token(actor=None, user=user, name="walk")
            spare, _raw = account_services.create_token(actor=None, user=user, name="spare")
            self.spare_tokens[actor] = spare.pk
        self.published = ItemVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("pk")
        online = [v for v in self.published.select_related("department") if online_possible([v])]
        self.online_version = online[0]
        self.draft = catalog_services.save_draft(
            actor=None, data=self.item_data(self.published.first()), item=self.published.first().item
        )
        self.import_job = ImportJob.objects.create(
            created_by=self.admin, file_name="catalog.xlsx", workbook=ContentFile(b"PK", name="catalog.xlsx")
        )
        material = ItemMaterial.objects.filter(version__status=VersionStatus.PUBLISHED).first()
        material.blank_form.save("form.pdf", ContentFile(FILE_BYTES), save=True)
        # every registered model has an object for its admin pages
        Group.objects.create(name="窗口组")
        Client().post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})
        self.blank_form = material
        self.clients = {}
        for actor, user in self.users.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            self.clients[actor] = client

    # --- whose scope is which: declared here, independently of the selectors under test ---------

    def case_scope(self, actor: str) -> Q | None:
        """The cases DESIGN rule 7 gives the actor (None: every case)."""
        user = self.users[actor]
        if user is None:
            return Q(pk__in=[])
        if actor in m.ADMINS:
            return None
        scope = Q(citizen=user) | Q(received_by=user)
        staff = getattr(user, "staff", None)
        if staff is None:
            return scope
        held = set(staff.roles)
        if held & AREA_WIDE_ROLES:
            scope |= Q(body__division__code__startswith=staff.body.division.prefix)
        if Role.WINDOW_CLERK in held:
            scope |= Q(body=staff.body)
        if held & {Role.REVIEWER, Role.CHIEF_REP} and staff.department_id:
            scope |= Q(department=staff.department) | Q(tasks__department=staff.department)
        if Role.AGENT in held:
            scope |= Q(agent=user)
        return scope

    def cases(self, actor: str, scope: str):
        where = self.case_scope(actor)
        cases = Case.objects.order_by("pk")
        if scope == m.OTHER:
            return cases.none() if where is None else cases.exclude(where)
        if actor == m.ANONYMOUS:
            return cases  # any case: the anonymous are refused before it is looked at
        return cases if where is None else cases.filter(where).distinct()

    def bodies(self, actor: str, scope: str):
        """Own: the actor's body (area-wide roles: their area); other: every other body."""
        user = self.users[actor]
        staff = getattr(user, "staff", None) if user else None
        bodies = ServiceBody.objects.order_by("pk")
        if staff is None or actor in m.ADMINS:
            return bodies  # refused, or allowed, whichever body it is
        own = Q(pk=staff.body_id)
        if set(staff.roles) & AREA_WIDE_ROLES:
            own = Q(division__code__startswith=staff.body.division.prefix)
        return bodies.filter(own) if scope == m.OWN else bodies.exclude(own)

    # --- bodies --------------------------------------------------------------------------------------

    def item_data(self, version, **changes) -> dict:
        data = {
            "basic_code": version.basic_code,
            "implementation_code": version.implementation_code,
            "name": version.name,
            "item_type": version.item_type,
            "tier": version.tier,
            "department": version.department_id,
            "legal_limit_days": version.legal_limit_days,
            "promised_limit_days": version.promised_limit_days,
            "case_kind": version.case_kind,
            "proxyable_tiers": [],
            "materials": [{"name": "申请书"}],
        }
        return {**data, **changes}

    def file_on(self, case) -> CaseMaterial:
        """A material of the case with a file (one is given a file when none has)."""
        material = case.materials.exclude(file="").order_by("pk").first()
        if material is None:
            material = case.materials.order_by("pk").first()
            material.file.save("material.pdf", ContentFile(FILE_BYTES), save=True)
        return material


def first(queryset):
    return queryset.first()


# --- targets: which objects fill each endpoint's path, per actor and scope --------------------------


def t_token(w, actor, scope):
    owner = actor if scope == m.OWN and actor != m.ANONYMOUS else "nobody"
    return Call({"token_id": w.spare_tokens[owner]})


def t_registration(w, actor, scope):
    return Call(
        data={
            "username": "matrix_new",
            "password": PASSWORD,
            "kind": "person",
            "name": "张测试",
            "id_number": valid_resident_id(),
            "phone": "13912345678",
        }
    )


def t_division(w, actor, scope):
    return Call({"code": "370982000000"})


def _org(model, w, actor, scope):
    found = model.objects.filter(body__in=w.bodies(actor, scope)).order_by("pk").first()
    return found


def t_body(w, actor, scope):
    body = w.bodies(actor, scope).first()
    return body and Call({"body_id": body.pk})


def t_department(w, actor, scope):
    found = _org(Department, w, actor, scope)
    return found and Call({"department_id": found.pk})


def t_window(w, actor, scope):
    found = _org(Window, w, actor, scope)
    return found and Call({"window_id": found.pk})


def t_deadline(w, actor, scope):
    return Call(query={"start": clocks.today().isoformat(), "days": 5})


def t_workdays(w, actor, scope):
    today = clocks.today()
    return Call(query={"start": today.isoformat(), "end": (today + timedelta(days=14)).isoformat()})


def t_calendar_year(w, actor, scope):
    return Call({"year": clocks.today().year}, query={"year": clocks.today().year})


def t_item_code(w, actor, scope):
    return Call({"code": w.published.first().implementation_code})


def t_version(w, actor, scope):
    version = w.published.first() if scope == m.OWN else w.draft
    return Call({"version_id": version.pk})


def t_new_item(w, actor, scope):
    version = w.published.first()
    return Call(data=w.item_data(version, basic_code="MATRIX-1", implementation_code="MATRIX-1-IMPL"))


def t_item_draft(w, actor, scope):
    version = w.published.first()
    return Call({"item_id": version.item_id}, data=w.item_data(version, name=version.name + "（修订）"))


def t_draft_version(w, actor, scope):
    return Call({"version_id": w.draft.pk})


def t_published_version(w, actor, scope):
    return Call({"version_id": w.published.last().pk})


def t_intake(w, actor, scope):
    version = w.online_version
    content = base64.b64encode(FILE_BYTES).decode()
    materials = [
        {
            "material_id": mat.pk,
            "provision": Provision.UPLOAD,
            "file_name": "m.pdf",
            "content_base64": content,
        }
        for mat in version.materials.all()
    ]
    applicant = {"kind": "person", "name": "张测试", "id_number": valid_resident_id(), "phone": "13912345678"}
    return Call(
        data={"applicant": applicant, "item_code": version.implementation_code, "materials": materials}
    )


def t_case(w, actor, scope):
    case = w.cases(actor, scope).first()
    return case and Call({"number": case.number})


TASK_ACTIONS = {Action.TASK_APPROVE, Action.TASK_DENY}


def t_case_action(w, actor, scope):
    """Own scope: an action the actor may take now (handlers) or one the case's status allows but the
    actor may not take (those who only see); another scope: an action the status allows."""
    user = w.users[actor]
    for case in w.cases(actor, scope)[:80]:
        if scope == m.OWN and user is not None and actor in m.HANDLERS | m.APPLICANTS:
            candidates = workflow.available_actions(actor_of(user), case)
        else:
            candidates = list(workflow.ALLOWED.get(case.status, {}))
        candidates = [a for a in candidates if a not in TASK_ACTIONS and a != Action.SUBMIT]
        if candidates:
            body = {"version": case.version, "reason": "矩阵测试", "basis": "《测试条例》第一条"}
            return Call({"number": case.number, "action": candidates[0]}, data=body)
    return None


def t_case_material(w, actor, scope):
    case = w.cases(actor, scope).first()
    return case and Call({"number": case.number, "material_id": w.file_on(case).pk})


def t_case_print(w, actor, scope):
    for case in w.cases(actor, scope)[:40]:
        kinds = [d.code for d in applying("case", CaseAtHand(case, selectors.case_detail(case)))]
        if kinds:
            return Call({"number": case.number, "kind": kinds[0]})
    return None


def t_tracked_case(w, actor, scope):
    case = Case.objects.exclude(query_code="").order_by("pk").first()
    return Call({"number": case.number}, query={"code": case.query_code, "number": case.number})


def t_read_notices(w, actor, scope):
    return Call(data={"ids": None})


def t_unknown_api_path(w, actor, scope):
    return Call({"rest": "v2/cases"})


def t_import_job(w, actor, scope):
    return Call({"pk": w.import_job.pk})


def t_intake_item(w, actor, scope):
    code = w.online_version.implementation_code
    return Call(query={"item": code}, data={"item": code, "applicant_id_number": valid_resident_id()})


def t_online_item(w, actor, scope):
    return Call({"code": w.online_version.implementation_code})


def t_bundle_code(w, actor, scope):
    return Call({"code": Bundle.objects.order_by("pk").first().code})


def t_online_bundle(w, actor, scope):
    for found in catalog_selectors.bundles().order_by("pk"):
        if online_possible(catalog_selectors.bundle_items(found)):
            return Call({"code": found.code})
    raise AssertionError("the demo catalog has no bundle that may be applied for online")


def t_blank_form(w, actor, scope):
    return Call({"material_id": w.blank_form.pk, "kind": "form"})


def t_my_upload(w, actor, scope):
    case = w.cases(actor, scope).first()
    return case and Call({"number": case.number}, data={"action": Action.SUPPLEMENT, "version": case.version})


def t_my_withdraw(w, actor, scope):
    case = w.cases(actor, scope).first()
    return case and Call({"number": case.number}, data={"version": case.version, "reason": "矩阵测试"})


def t_language(w, actor, scope):
    return Call(data={"language": "en", "next": "/guide/"})


def t_role(w, actor, scope):
    user = w.users[actor]
    held = actor_of(user).roles if user is not None else frozenset()
    if scope == m.OWN:
        return Call({"role": actor_of(user).home_role if held else Role.WINDOW_CLERK})
    return Call({"role": next(r for r in Role.values if r not in held)})


def t_autocomplete(w, actor, scope):
    return Call(query={"app_label": "org", "model_name": "servicebody", "field_name": "parent", "term": "新"})


def t_view_on_site(w, actor, scope):
    body = ServiceBody.objects.order_by("pk").first()
    return Call({"content_type_id": ContentType.objects.get_for_model(ServiceBody).pk, "object_id": body.pk})


def t_admin_app(w, actor, scope):
    return Call({"app_label": "org"})


def t_admin_unknown(w, actor, scope):
    return Call({"url": "no-such-page/"})


def t_admin_user(w, actor, scope):
    return Call({"id": w.nobody.pk})


TARGETS = {name[2:]: fn for name, fn in globals().items() if name.startswith("t_") and callable(fn)}


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
