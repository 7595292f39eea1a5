"""An intake decides in memory and writes once (F7): the case row is inserted once (on PostgreSQL in one
statement with its lines and number; elsewhere updated only for its number), nothing it wrote is read
back, the stored clock is what a replay of the events gives, and the API's answer built from the rows
written equals the case read afresh."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from onewindow.cases import clocks
from onewindow.cases.applied import applied_for
from onewindow.cases.choices import Status
from onewindow.cases.models import Case, CaseTask, IdempotencyKey
from onewindow.cases.numbering import CASE
from onewindow.cases.services import IntakeInput, MaterialInput, take_in
from onewindow.catalog.choices import CaseKind, MaterialRequirement
from onewindow.catalog.models import Bundle, ItemVersion
from onewindow.numbering.models import NumberSequence
from onewindow.numbering.series import SequenceExhausted
from onewindow.timelimits.models import CLOCK_FIELDS

from .conftest import all_provided, api, first_answers, intake, intake_json, live, person, post

MORTGAGE = "不动产抵押登记"
REFUSAL = {"return_reason": "不属于本机关职权", "return_basis": "《行政许可法》第三十二条"}


def _deferrable_item() -> ItemVersion:
    return (
        ItemVersion.objects.filter(status="published", materials__requirement=MaterialRequirement.DEFERRABLE)
        .exclude(case_kind=CaseKind.IMMEDIATE)
        .order_by("pk")
        .first()
    )


def _joint_item() -> ItemVersion:
    return ItemVersion.objects.filter(status="published", case_kind=CaseKind.JOINT).order_by("pk").first()


def _outcomes():
    """(label, a function taking the application in, the status it must reach)."""

    def missing(version, requirement):
        return {m.name: "missing" for m in version.materials.filter(requirement=requirement)[:1]}

    def accepted():
        return intake("clerk", MORTGAGE)

    def notice():
        version = live(MORTGAGE)
        return intake("clerk", MORTGAGE, materials=all_provided(version, **missing(version, "required")))

    def deferred():
        version = _deferrable_item()
        lines = all_provided(version, **missing(version, MaterialRequirement.DEFERRABLE))
        return intake("clerk", version.name, materials=lines, commitment_signed=True)

    def returned():
        return intake(
            "clerk", MORTGAGE, return_reason="不属于本机关职权", return_basis="《行政许可法》第三十二条"
        )

    def joint():
        return intake("clerk", _joint_item().name)

    def bundle():
        found = Bundle.objects.filter(is_active=True).order_by("code").first()
        lines = [
            MaterialInput(line.material.pk, "paper") for line in applied_for(bundle_code=found.code).lines
        ]
        return intake("clerk", bundle=found.code, materials=lines)

    return [
        ("accepted", accepted, Status.ACCEPTED),
        ("notice", notice, Status.AWAITING_SUPPLEMENT),
        ("deferred", deferred, Status.ACCEPTED),
        ("returned", returned, Status.RETURNED),
        ("joint", joint, Status.ACCEPTED),
        ("bundle", bundle, Status.ACCEPTED),
    ]


@pytest.mark.parametrize("label", [label for label, _take, _status in _outcomes()])
def test_an_intake_writes_the_case_row_once_and_reads_nothing_back(catalog, today, label):
    _label, take, status = next(o for o in _outcomes() if o[0] == label)
    with CaptureQueriesContext(connection) as captured:
        case = take()
    assert case.status == status
    statements = [q["sql"] for q in captured.captured_queries]
    inserts = [sql for sql in statements if 'INSERT INTO "cases_case" ' in sql]
    updates = [sql for sql in statements if sql.startswith('UPDATE "cases_case" ')]
    assert len(inserts) == 1, inserts
    if connection.vendor == "postgresql":  # the case, every line it has and its number: one statement
        assert not updates, updates
        lines = ["casematerial", "caseevent"] + (["casetask"] if label in ("joint", "bundle") else [])
        assert all(f'INSERT INTO "cases_{table}"' in inserts[0] for table in lines), inserts[0]
        assert not [sql for sql in statements if sql.startswith('INSERT INTO "cases_')], statements
    else:
        assert all(sql.startswith('UPDATE "cases_case" SET "number"') for sql in updates), updates
        assert len(updates) <= 1
    read_back = [
        sql
        for sql in statements
        if sql.startswith("SELECT")
        and any(f'FROM "cases_{table}"' in sql for table in ("case", "caseevent", "casetask", "casefee"))
    ]
    assert not read_back, read_back
    if label in ("joint", "bundle"):
        assert CaseTask.objects.filter(case=case).count() >= 2


@pytest.mark.parametrize("label", ["accepted", "deferred", "joint", "bundle"])
def test_the_clock_an_intake_stores_is_the_replay_of_its_events(catalog, today, label):
    _label, take, _status = next(o for o in _outcomes() if o[0] == label)
    case = take()
    stored = Case.objects.get(pk=case.pk)
    tasks = {t.pk: [getattr(t, f) for f in CLOCK_FIELDS] for t in CaseTask.objects.filter(case=case)}
    clocks.refresh(stored, on=today.value)
    replayed = Case.objects.get(pk=case.pk)
    assert [getattr(replayed, f) for f in CLOCK_FIELDS] == [getattr(case, f) for f in CLOCK_FIELDS]
    assert replayed.deadline is not None
    assert {t.pk: [getattr(t, f) for f in CLOCK_FIELDS] for t in CaseTask.objects.filter(case=case)} == tasks


@pytest.mark.parametrize(
    "changes",
    [
        {},
        REFUSAL,
        "notice",  # everything said to be missing: the one-time notice
    ],
    ids=["accepted", "returned", "notice"],
)
def test_the_intake_answer_equals_the_case_read_afresh(catalog, today, changes):
    clerk = api("clerk")
    if changes == "notice":
        lines = live(MORTGAGE).materials.all()
        changes = {"materials": [{"material_id": m.pk, "provision": "missing"} for m in lines]}
    answered = post(clerk, "/cases", intake_json(MORTGAGE, **changes))
    assert answered.status_code == 201, answered.content
    body = answered.json()
    assert body == clerk.get(f"/api/v1/cases/{body['number']}").json()


def test_a_joint_intake_answer_equals_the_case_read_afresh(catalog, today):
    clerk = api("clerk")
    answered = post(clerk, "/cases", intake_json(_joint_item().name))
    assert answered.status_code == 201, answered.content
    body = answered.json()
    assert len(body["tasks"]) >= 2
    assert body == clerk.get(f"/api/v1/cases/{body['number']}").json()


def test_an_intake_on_a_day_without_numbers_left_writes_nothing(catalog, today):
    first = intake("clerk", MORTGAGE)
    NumberSequence.objects.filter(series=CASE.code).update(last=CASE.ceiling)
    version = live(MORTGAGE)
    data = IntakeInput(
        applicant=person(),
        item_code=version.implementation_code,
        materials=all_provided(version),
        fee_answers=first_answers(version.implementation_code),
    )
    clerk = get_user_model().objects.get(username="clerk")
    with pytest.raises(SequenceExhausted), transaction.atomic():
        take_in(clerk, data, idempotency_key="no-numbers-left")
    assert list(Case.objects.values_list("pk", flat=True)) == [first.pk]
    assert not IdempotencyKey.objects.filter(key="no-numbers-left").exists()
