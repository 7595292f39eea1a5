"""The crash-safety test's view from inside the database it hammers (run as a subprocess, not collected).

`python -m tests.reliability.crash_check prepare` loads the demo county and catalog, makes API tokens and
prints what the clients need; `... check` prints, as JSON, every case as stored and every broken
invariant it finds. DATABASE_URL and ONEWINDOW_VAR_DIR name the database, as for the server.
"""

import json
import os
import sys
from collections import Counter

# What the clients take in: a promised case they then carry to the end, a joint one, an immediate one.
PROMISED = "不动产抵押登记"
JOINT = "企业投资项目联合审批（工程建设许可阶段）"
IMMEDIATE = "个体工商户设立登记"
USERS = ("clerk", "reviewer2", "chief", "supervisor")
# The unit a hotline ticket's matter is assigned to.
UNIT = "不动产登记中心"

# The stored clock figures that `clocks.refresh` recomputes from the events.
CLOCK_FIELDS = (
    "deadline",
    "remaining_days",
    "yellow_on",
    "due_on",
    "warning",
    "clock_state",
    "finished_on",
    "finished_late",
)


def prepare() -> dict:
    from django.contrib.auth import get_user_model

    from onewindow.accounts.services import create_token
    from onewindow.cases.applied import applied_for
    from onewindow.catalog.models import ItemVersion
    from onewindow.demo import county as demo
    from onewindow.demo.catalog import load_demo_catalog

    demo.load_demo()
    load_demo_catalog()
    users = get_user_model().objects.in_bulk(USERS, field_name="username")
    tokens = {name: create_token(actor=None, user=users[name], name="crash test")[1] for name in USERS}
    items = {}
    for name in (PROMISED, JOINT, IMMEDIATE):
        version = ItemVersion.objects.get(name=name, status="published")
        items[name] = {
            "item_code": version.implementation_code,
            "fee_answers": {  # the first answer to each "one of" fee question (房屋用途: 住宅)
                q.text: q.options[0]
                for q in applied_for(item_code=version.implementation_code).fee_questions
                if q.one_of
            },
            "material_ids": list(version.materials.order_by("sort_order", "pk").values_list("pk", flat=True)),
        }
    from onewindow.org.models import Department

    unit = Department.objects.get(name=UNIT).pk
    return {"tokens": tokens, "items": items, "unit": unit}


def check() -> dict:
    """Every case with its events, and the problems: anything half-written or out of step."""
    from onewindow.audit.models import AuditEvent
    from onewindow.cases.models import Case, CaseEvent, IdempotencyKey

    claims = IdempotencyKey.objects.select_related("case")
    keys = {k.key: k.case.number if k.case_id else None for k in claims}
    audit = Counter()
    versions: dict[str, list[int]] = {}
    for action, object_id, after in AuditEvent.objects.filter(object_type="cases.case").values_list(
        "action", "object_id", "after"
    ):
        audit[(object_id, action)] += 1
        if action != "cases.case.intake":
            versions.setdefault(object_id, []).append((after or {}).get("version"))
    events: dict[int, list] = {}
    for case_id, action, to_status in CaseEvent.objects.order_by("at", "pk").values_list(
        "case_id", "action", "to_status"
    ):
        events.setdefault(case_id, []).append((action, to_status))
    problems, cases = [], {}
    for case in Case.objects.select_related("item_version", "bundle").order_by("pk"):
        found = _case_problems(case, events.get(case.pk, []), audit, versions.get(str(case.pk), []))
        problems += [f"{case.number}: {p}" for p in found]
        cases[case.number] = {
            "status": case.status,
            "version": case.version,
            "kind": case.kind,
            "events": [a for a, _ in events.get(case.pk, [])],
        }
    orphans = set(events) - set(Case.objects.values_list("pk", flat=True))
    problems += [f"events of a case that does not exist: {sorted(orphans)}"] if orphans else []
    tickets, matter_problems = _matters()
    return {"keys": keys, "cases": cases, "tickets": tickets, "problems": problems + matter_problems}


def _matters() -> tuple[dict, list[str]]:
    """Every hotline ticket's matter with its timeline, and what is half-written or doubled about it."""
    from onewindow.audit.models import AuditEvent
    from onewindow.supervision.models import Matter, MatterEvent

    audit = Counter(
        (object_id, action)
        for object_id, action in AuditEvent.objects.filter(object_type="supervision.matter").values_list(
            "object_id", "action"
        )
    )
    events: dict[int, list[str]] = {}
    for matter_id, action in MatterEvent.objects.order_by("pk").values_list("matter_id", "action"):
        events.setdefault(matter_id, []).append(action)
    tickets, problems = {}, []
    for matter in Matter.objects.order_by("pk"):
        actions = events.get(matter.pk, [])
        tickets[matter.external_id] = {"number": matter.number, "status": matter.status, "events": actions}
        if actions[:1] != ["register"] or actions.count("register") != 1:
            problems.append(f"{matter.number}: no single register event first: {actions}")
        for action in set(actions):
            if audit[(str(matter.pk), f"supervision.matter.{action}")] != actions.count(action):
                problems.append(
                    f"{matter.number}: {action} audited otherwise than done {actions.count(action)} times"
                )
        if matter.status == "assigned" and (matter.feedback_due is None or matter.deadline is None):
            problems.append(f"{matter.number}: assigned without its deadlines")
    return tickets, problems


def _case_problems(case, events, audit, action_versions) -> list[str]:
    from onewindow.cases import clocks

    problems = []
    if case.number.startswith("~"):
        problems.append("kept its provisional number")
    actions = [a for a, _ in events]
    if not actions or actions[0] != "submit" or actions.count("submit") != 1:
        problems.append(f"no single intake event first: {actions}")
    if audit[(str(case.pk), "cases.case.intake")] != 1:
        problems.append(f"{audit[(str(case.pk), 'cases.case.intake')]} intake audit events")
    statuses = [to for _, to in events if to]
    if not statuses or statuses[-1] != case.status:
        problems.append(f"status {case.status} but the last status event says {statuses[-1:]}")
    # Each action takes the version up by one and writes one audit event carrying the new version.
    expected = list(range(case.version - len(action_versions) + 1, case.version + 1))
    if sorted(v or 0 for v in action_versions) != expected or case.version - len(action_versions) != 1:
        problems.append(f"version {case.version} but action audit events carry {sorted(action_versions)}")
    problems += _clock_problems(case, clocks)
    problems += _parts_problems(case)
    problems += _message_problems(case, actions)
    return problems


# The applicant is told of these steps: the message kind each one owes.
MESSAGE_OF = {"accept": "accepted", "approve": "result", "deliver": "delivered"}


def _message_problems(case, actions) -> list[str]:
    """Each step the applicant must hear of has its message on record (sent, or still to be sent)."""
    owed = Counter(MESSAGE_OF[a] for a in actions if a in MESSAGE_OF)
    told = case.messages.values_list("kind", flat=True)
    kept = Counter(k for k in told if k in MESSAGE_OF.values())
    return [f"applicant messages {dict(kept)} for {dict(owed)} owed"] if kept != owed else []


def _clock_problems(case, clocks) -> list[str]:
    """Recompute the clock from the events (in a transaction rolled back) and compare with what is stored."""
    from django.db import transaction

    from onewindow.cases.models import Case

    stored = {f: getattr(case, f) for f in CLOCK_FIELDS}

    class Rollback(Exception):
        pass

    fresh = {}
    try:
        with transaction.atomic():
            copy = Case.objects.select_related("item_version", "bundle").get(pk=case.pk)
            clocks.refresh(copy, on=case.clock_read_on or clocks.today())
            fresh.update({f: getattr(Case.objects.get(pk=case.pk), f) for f in CLOCK_FIELDS})
            raise Rollback
    except Rollback:
        pass
    differ = {f: (stored[f], fresh[f]) for f in CLOCK_FIELDS if stored[f] != fresh[f]}
    return [f"stored clock differs from a recomputation (stored, fresh): {differ}"] if differ else []


def _parts_problems(case) -> list[str]:
    """The rows an intake writes with the case: its checklist, and once accepted its fees and joint tasks."""
    from decimal import Decimal

    from onewindow.catalog import fee_conditions
    from onewindow.catalog import selectors as catalog
    from onewindow.catalog.choices import CaseKind
    from onewindow.catalog.models import ItemFee

    problems = []
    versions = list(catalog.bundle_items(case.bundle)) if case.bundle_id else [case.item_version]
    lines = len(catalog.merged_materials(versions)) if case.bundle_id else case.item_version.materials.count()
    rows = case.materials.count()
    if rows != lines:
        problems.append(f"{rows} material rows for a checklist of {lines}")
    if case.accepted_on is not None:
        lines = ItemFee.objects.filter(version__in=versions, amount__gt=0)
        fees = fee_conditions.owed(lines, case.fee_answers)  # only the owed lines are charged
        charged = case.fees.count()
        if charged != len(fees) or case.fees_total != sum((f.amount for f in fees), Decimal(0)):
            problems.append(f"{charged} fees totalling {case.fees_total} for {len(fees)} owed item fees")
        if case.kind == CaseKind.JOINT and not case.bundle_id:
            joint = case.item_version.joint_departments.count()
            leads = case.tasks.filter(is_lead=True).count()
            if case.tasks.count() != joint or leads != 1:
                problems.append(f"{case.tasks.count()} tasks ({leads} lead) for {joint} joint departments")
    return problems


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
    import django

    django.setup()
    result = {"prepare": prepare, "check": check}[sys.argv[1]]()
    sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
