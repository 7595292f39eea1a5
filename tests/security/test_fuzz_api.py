"""Fuzz every operation of /api/v1 with schemathesis, as every kind of caller.

The schema is read from the real Django WSGI app in-process, so every request runs inside the test's
database transaction (write operations included: intake, actions, register, catalog drafts). Each
generated request is sent once per role: anonymous, a citizen, a window clerk, a reviewer and an
administrator, each with a real bearer token. Path parameters are often swapped for real objects of the
demo data (case numbers, item codes, ids; a case number with its query code for the public lookup), so
requests reach past the 404 into the code behind.

Every answer must: not be a 5xx; carry a status code the OpenAPI document declares for the operation;
have the declared content type; match the declared response schema and headers. The number of examples
is fixed and generation derandomized, so CI runs the same requests every time.
"""

import ipaddress
import json

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from onewindow.accounts.models import ApiToken
from onewindow.accounts.services import create_token, register_citizen
from onewindow.cases.models import Case, CaseMaterial
from onewindow.cases.workflow import available_actions
from onewindow.catalog.models import Item, ItemVersion
from onewindow.catalog.services import content_of, without_files
from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import load_demo_cases
from onewindow.org.models import Department, Division, ServiceBody, Window
from onewindow.org.permissions import actor_of
from onewindow.proxy.models import Entrustment
from onewindow.proxy.requests import NewRequest, receive
from onewindow.supervision.attachments import attach
from onewindow.supervision.defaults import seed_default_ladder
from onewindow.supervision.matter_services import NewMatter, allowed, register_matter, take
from onewindow.supervision.models import Matter, MatterAttachment, UrgingRung
from onewindow.timelimits import reading as timelimits_reading
from tests.cases.conftest import OTHER_PERSON_ID, PERSON_ID, person

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
STAFF_ROLES = {"clerk": "clerk", "reviewer": "reviewer", "admin": "admin"}  # role -> demo username
ROLES = ("anonymous", "citizen", *STAFF_ROLES)
EXAMPLES_PER_OPERATION = 15
VALID_APPLICANT = {"kind": "person", "name": "张三", "id_number": PERSON_ID, "phone": "13805381234"}


class World:
    """The demo data, a bearer token per role, and real values to feed into path parameters."""

    def __init__(self):
        demo_catalog.load_demo_catalog()
        load_demo_cases(count=40)
        users = {role: get_user_model().objects.get(username=name) for role, name in STAFF_ROLES.items()}
        users["citizen"] = register_citizen(
            username="fuzz_citizen",
            password="Qingyun-2026!",
            applicant=person(name="李四", id_number=OTHER_PERSON_ID, phone="13905380001"),
        ).user
        self.turn = self.requests = 0
        self.headers = {"anonymous": {}}
        self.token_ids = []
        for role, user in users.items():
            token, raw = create_token(actor=None, user=user, name="fuzz")
            self.headers[role] = {"Authorization": f"Bearer {raw}"}
            self.token_ids.append(token.pk)
        cases = list(Case.objects.order_by("number").values_list("number", flat=True))
        with_files = CaseMaterial.objects.exclude(file="").values_list("case__number", "pk")
        published = ItemVersion.objects.filter(status="published")
        self.real = {
            "number": cases,
            "tracked": list(Case.objects.order_by("number").values_list("number", "query_code")[:20]),
            "material": [(number, pk) for number, pk in with_files[:20]]
            + [(number, pk) for number, pk in CaseMaterial.objects.values_list("case__number", "pk")[:20]],
            "live_item_code": list(published.values_list("implementation_code", flat=True)[:20]),
            "item_code": list(ItemVersion.objects.values_list("implementation_code", flat=True)[:40]),
            "division_code": list(Division.objects.values_list("code", flat=True)),
            "version_id": list(ItemVersion.objects.values_list("pk", flat=True)),
            "item_id": list(Item.objects.values_list("pk", flat=True)),
            "token_id": list(ApiToken.objects.values_list("pk", flat=True)),
            "body_id": list(ServiceBody.objects.values_list("pk", flat=True)),
            "department_id": list(Department.objects.values_list("pk", flat=True)),
            "window_id": list(Window.objects.values_list("pk", flat=True)),
            "entrustment_number": list(Entrustment.objects.values_list("number", flat=True)[:20]),
            "proxy_request_number": [self.proxy_request(users["clerk"])],
        }
        # Actions the clerk or the reviewer may take on a case as it stands, so some actions succeed.
        self.real["action"] = [
            (case.number, action)
            for role in ("clerk", "reviewer")
            for case in Case.objects.select_related("body__division").order_by("number")
            for action in available_actions(actor_of(users[role]), case)
        ]
        self.real["matter_number"], self.real["matter_action"], self.real["matter_attachment"] = self.matters(
            users
        )
        # A whole valid item, as the catalog API takes it: a copy of a live one under a new code.
        live = published.first()
        self.valid_item = json.loads(json.dumps(without_files(content_of(live)), cls=DjangoJSONEncoder))
        self.valid_item["implementation_code"] = live.implementation_code[:-4] + "9999"
        # What the hooks feed in must exist, or the fuzzer silently stops reaching past the 404s.
        assert len(cases) >= 40 and with_files.exists(), "the demo data no longer has cases with files"
        assert all(self.real.values()), [name for name, values in self.real.items() if not values]

    def matters(self, users) -> tuple[list, list, list]:
        """Supervision matters in each state the procedure starts with (registered, assigned to the
        reviewer's unit), the actions the reviewer or the administrator may take on them, and the
        attachments the unit gave the assigned ones."""
        seed_default_ladder(UrgingRung)
        supervisor = get_user_model().objects.get(username="supervisor")
        unit = users["reviewer"].staff.department
        numbers = []
        for index in range(3):
            new = NewMatter("complaint", f"模糊测试事项{index}", "内容", requester_phone="13800002222")
            matter = register_matter(actor=supervisor, body=supervisor.staff.body, new=new)
            if index:
                matter = take(actor=supervisor, matter=matter, action="assign", data={"lead_unit": unit.pk})
                pdf = ContentFile(b"%PDF-1.4\n%%EOF\n", name="evidence.pdf")
                attach(actor=users["reviewer"], matter=matter, upload=pdf, title="模糊测试附件")
            numbers.append(matter.number)
        actions = [
            (matter.number, action)
            for role in ("reviewer", "admin")
            for matter in Matter.objects.order_by("pk")
            for action in allowed(users[role], matter)
        ]
        attachments = list(MatterAttachment.objects.values_list("matter__number", "pk"))
        return numbers, actions, attachments

    @staticmethod
    def proxy_request(clerk) -> str:
        """A proxy request the clerk received, so the fuzzer reaches past the 404s (its admin reassigns)."""
        new = NewRequest(principal=person(), description="模糊测试")
        return receive(actor=clerk, new=new, today=timelimits_reading.today()).number

    def next_client(self) -> dict:
        """A new client address for every request: the per-address limits on registration and public
        lookups (tested in their own apps) would otherwise answer every request after the tenth with 429."""
        self.requests += 1
        return {"REMOTE_ADDR": str(ipaddress.IPv4Address(0x0A000000 + self.requests))}  # 10.x.x.x

    def latest_draft(self) -> int:
        draft = (
            ItemVersion.objects.filter(status="draft").order_by("-pk").values_list("pk", flat=True).first()
        )
        return draft or self.real["version_id"][0]

    def next_role(self) -> str:
        role = ROLES[self.turn % len(ROLES)]
        self.turn += 1
        return role

    def restore_tokens(self):
        """The fuzzer may revoke the very tokens it calls with (`/tokens/{id}/revoke`): undo that, so every
        later request is still made with the rights of its role."""
        ApiToken.objects.filter(pk__in=self.token_ids).update(revoked_at=None)

    def real_path_parameters(self, path: str, generated: dict) -> st.SearchStrategy:
        """The generated parameters, or the same with real objects put in where the path names them."""
        if not generated:
            return st.just(generated)
        choices = []
        if "number" in generated and "material_id" in generated:
            choices.append(
                st.sampled_from(self.real["material"]).map(
                    lambda pair: {**generated, "number": pair[0], "material_id": pair[1]}
                )
            )
        elif "number" in generated and "attachment_id" in generated:
            choices.append(
                st.sampled_from(self.real["matter_attachment"]).map(
                    lambda pair: {**generated, "number": pair[0], "attachment_id": pair[1]}
                )
            )
        elif "number" in generated and "/supervision/matters/" in path:
            pairs = self.real["matter_action"] if "action" in generated else None
            if pairs:
                choices.append(
                    st.sampled_from(pairs).map(lambda p: {**generated, "number": p[0], "action": p[1]})
                )
            else:
                choices.append(
                    st.sampled_from(self.real["matter_number"]).map(lambda n: {**generated, "number": n})
                )
        elif "number" in generated and "/proxy/requests/" in path:
            choices.append(
                st.sampled_from(self.real["proxy_request_number"]).map(lambda n: {**generated, "number": n})
            )
        elif "number" in generated and "/proxy/entrustments/" in path:
            choices.append(
                st.sampled_from(self.real["entrustment_number"]).map(lambda n: {**generated, "number": n})
            )
        elif "number" in generated and "action" in generated:
            choices.append(
                st.sampled_from(self.real["action"]).map(
                    lambda pair: {**generated, "number": pair[0], "action": pair[1]}
                )
            )
        elif "number" in generated:
            choices.append(st.sampled_from(self.real["number"]).map(lambda n: {**generated, "number": n}))
        if "code" in generated:
            key = "division_code" if "/org/" in path else "item_code"
            choices.append(st.sampled_from(self.real[key]).map(lambda c: {**generated, "code": c}))
        if path.endswith("/publish"):  # the drafts the fuzzer made itself
            choices.append(st.builds(self.latest_draft).map(lambda pk: {**generated, "version_id": pk}))
        for name in ("version_id", "item_id", "token_id", "body_id", "department_id", "window_id"):
            if name in generated and self.real[name]:
                choices.append(
                    st.sampled_from(self.real[name]).map(lambda value, name=name: {**generated, name: value})
                )
        return st.one_of(st.just(generated), *choices)

    def real_case(self, case) -> st.SearchStrategy:
        """Sometimes the generated request with what it takes to succeed: an action with the case's current
        version, an intake or a registration with a valid applicant (random ID numbers fail their check
        digit) and a live item, so that the writes behind them are fuzzed too."""
        path = case.operation.path
        if "/public/cases/" in path:  # a real number with its query code: the 200 path
            return st.one_of(
                st.just(case),
                st.sampled_from(self.real["tracked"]).map(lambda pair: self._tracked(case, *pair)),
            )
        if not isinstance(case.body, dict) or case.operation.method.upper() != "POST":
            return st.just(case)
        if path.endswith("/cases"):
            return st.one_of(
                st.just(case),
                st.sampled_from(self.real["live_item_code"]).map(
                    lambda code: self._with_body(
                        case, applicant=VALID_APPLICANT, item_code=code, bundle_code=""
                    )
                ),
            )
        if path.endswith("/catalog/items") or path.endswith("/draft"):
            return st.one_of(
                st.just(case), st.just(self.valid_item).map(lambda v: self._with_body(case, **v))
            )
        if path.endswith("/register"):
            valid = {**VALID_APPLICANT, "username": "fuzz_register", "password": "Qingyun-2026!"}
            return st.one_of(st.just(case), st.just(valid).map(lambda v: self._with_body(case, **v)))
        if not path.endswith("/actions/{action}"):
            return st.just(case)
        current = Case.objects.filter(number=case.path_parameters.get("number")).values_list(
            "version", flat=True
        )
        if not current:
            return st.just(case)

        return st.one_of(
            st.just(current[0]).map(lambda v: self._only_body(case, version=v)),  # no stray fields
            st.just(current[0]).map(lambda v: self._with_body(case, version=v)),
            st.just(case),
        )

    @staticmethod
    def with_control_characters(case) -> st.SearchStrategy:
        """Sometimes one string of the body or the query with a control character in it (the edge must
        answer 422 for it, on PostgreSQL too, where a NUL that got through would be a 500)."""

        def spoil(control):
            def first_string(value):
                if isinstance(value, dict):
                    for key, item in value.items():
                        if isinstance(item, str):
                            value[key] = item + control
                            return True
                        if first_string(item):
                            return True
                elif isinstance(value, list):
                    return any(first_string(item) for item in value)
                return False

            if not first_string(case.body if isinstance(case.body, dict | list) else None):
                case.query = {**(case.query or {}), "q": f"x{control}"}
            return case

        return st.one_of(st.just(case), st.sampled_from(["\x00", "\x1b", "\x7f", "\u0085"]).map(spoil))

    @staticmethod
    def _tracked(case, number, code):
        case.path_parameters = {**(case.path_parameters or {}), "number": number}
        case.query = {**(case.query or {}), "code": code}
        return case

    @staticmethod
    def _only_body(case, **fields):
        case.body = fields
        return case

    @staticmethod
    def _with_body(case, **fields):
        case.body = {**case.body, **fields}
        return case


@pytest.fixture
def world(demo_county, settings, tmp_path, request):
    settings.MEDIA_ROOT = tmp_path  # online applicants and fuzzed intakes upload files
    # schemathesis 4's lazy schema reads `node._nodeid`, which pytest 9 no longer has: give it one.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    return World()


@pytest.fixture
def api_schema(world):
    # Like Django's test client: the end of a request must not close the connection that holds the
    # test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield _schema_with_real_objects(world)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _schema_with_real_objects(world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        return world.real_path_parameters(context.operation.path, path_parameters)

    @schema.hook
    def flatmap_case(context, case):
        return world.real_case(case).flatmap(world.with_control_characters)

    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    # Slow generation: large request bodies; too_slow/filter_too_much fire on the intake schema alone.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_every_operation_answers_within_its_schema_for_every_role(case, world):
    """No 5xx, and every answer is one the OpenAPI document declares, for every role and anonymous.

    The fuzzing phase's examples go out as every role; the coverage phase's many boundary cases (some
    2,400: empty and longest strings, every enum value, wrong types) each as the next role in turn, which
    keeps the run within CI's time and still gives every role a share of them."""
    roles = ROLES if case.meta.phase.name != "coverage" else [world.next_role()]
    for role in roles:
        case.call_and_validate(headers=world.headers[role], checks=CHECKS, environ_base=world.next_client())
        world.restore_tokens()
