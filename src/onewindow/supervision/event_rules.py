"""Process and fee rules (流程监察, 收费监察): what was done on a case, each finding carded once.

Timeliness rules read clocks; these read the case events. A rule reads the events written since it last
looked (`MonitoringRule.checked_through`, the last event id examined), up to the newest at the start of
the run, a range of ids at a time, with one query per range. Each case whose events show the rule's
finding gets one card, with the same unique key (rule, subject, level) and ON CONFLICT DO NOTHING as the
timeliness cards, charged to the case's department and to the person who took the step. The watermark
moves in the same transaction as the range's cards: a crash re-reads the range, and the unique key keeps
its cards single; two workers reading one range write each card once.

The findings:
- decided without review: a case other than an immediate one approved or denied with no 开始审查 before;
- asked again after the one-time notice: a second request to supplement (一次性告知 means once);
- returned without a reason: a return whose reason is blank or shorter than four characters;
- a fee the item does not list, or above the amount it lists (charged: the case has a payment event).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Trim
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.cases.choices import Action
from onewindow.cases.models import Case, CaseEvent, CaseFee, CaseTask
from onewindow.catalog.choices import CaseKind
from onewindow.catalog.models import ItemFee

from . import rules
from .choices import Scope, Subject, Watch
from .models import Card, MonitoringRule

RANGE = 50_000  # event ids per query
REASON_MIN = 4


@dataclass(frozen=True)
class Finding:
    case_id: int
    department_id: int
    person_id: int | None
    title: str
    deadline: date | None
    text: str


def raise_event_cards(rule: MonitoringRule, on: date) -> int:
    """Card the rule's findings among the events since it last looked; returns how many were found."""
    newest = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    start, found = rule.checked_through, 0
    while start < newest:
        end = min(start + RANGE, newest)
        with transaction.atomic(), override("zh-hans"):  # stored in the record's language
            findings = FINDERS[rule.watch](rule, start, end)
            Card.objects.bulk_create([_card(rule, f, on) for f in findings], ignore_conflicts=True)
            MonitoringRule.objects.filter(pk=rule.pk, checked_through__lt=end).update(checked_through=end)
        found += len(findings)
        start = end
    return found


def _events(rule: MonitoringRule, start: int, end: int, *actions: str):
    """The range's events of these actions on cases in the rule's scope, with what a card needs."""
    in_scope = Q() if rule.scope == Scope.ALL else Q(case__in=Case.objects.filter(rules.in_scope(rule)))
    return CaseEvent.objects.filter(in_scope, pk__gt=start, pk__lte=end, action__in=actions).values(
        "case_id",
        "actor_id",
        "day",
        "note",
        title=F("case__title"),
        deadline=F("case__deadline"),
        department_id=F("case__department_id"),
    )


def _decided_unreviewed(rule, start, end) -> list[Finding]:
    reviewed = CaseEvent.objects.filter(
        case_id=OuterRef("case_id"), action=Action.START_REVIEW, pk__lt=OuterRef("pk")
    )
    rows = (
        _events(rule, start, end, Action.APPROVE, Action.DENY)
        .exclude(case__kind=CaseKind.IMMEDIATE)
        .exclude(Exists(reviewed))
    )
    return [_found(row, _("《%(title)s》未经审查即于 %(day)s 作出决定。"), row) for row in rows]


def _notice_twice(rule, start, end) -> list[Finding]:
    earlier = CaseEvent.objects.filter(
        case_id=OuterRef("case_id"), action=Action.REQUEST_SUPPLEMENT, pk__lt=OuterRef("pk")
    )
    rows = _events(rule, start, end, Action.REQUEST_SUPPLEMENT).filter(Exists(earlier))
    return [_found(row, _("《%(title)s》在一次性告知后于 %(day)s 再次要求补正材料。"), row) for row in rows]


def _return_no_reason(rule, start, end) -> list[Finding]:
    rows = (
        _events(rule, start, end, Action.RETURN)
        .annotate(reason_length=Length(Trim("note")))
        .filter(reason_length__lt=REASON_MIN)
    )
    return [_found(row, _("《%(title)s》于 %(day)s 退回，未说明理由。"), row) for row in rows]


def _fees(rule, start, end, wrong, text: str) -> list[Finding]:
    """The fees of the range's paying cases that are `wrong(amount, listed amount or None)` against the
    fees their item versions list (a bundle's: every item's version, on the case's steps)."""
    payers = {row["case_id"]: row for row in _events(rule, start, end, Action.PAY_FEE)}
    versions: dict[int, set[int]] = {}
    for case_id, version_id in Case.objects.filter(pk__in=payers).values_list("pk", "item_version_id"):
        versions.setdefault(case_id, set()).add(version_id)
    for case_id, version_id in CaseTask.objects.filter(
        case_id__in=payers, item_version__isnull=False
    ).values_list("case_id", "item_version_id"):
        versions[case_id].add(version_id)
    listed: dict[tuple[int, str], Decimal] = {}
    for version_id, name, amount in ItemFee.objects.filter(
        version_id__in=set().union(*versions.values())
    ).values_list("version_id", "name", "amount"):
        listed[(version_id, name)] = max(amount, listed.get((version_id, name), amount))
    found = []
    charged = CaseFee.objects.filter(case_id__in=payers).order_by("case_id", "pk")
    for case_id, name, amount in charged.values_list("case_id", "name", "amount"):
        amounts = [listed[(v, name)] for v in versions[case_id] if (v, name) in listed]
        limit = max(amounts) if amounts else None
        if wrong(amount, limit):
            values = {**payers[case_id], "fee": name, "amount": amount, "listed": limit}
            found.append(_found(payers[case_id], text, values))
    return found


def _fee_unlisted(rule, start, end) -> list[Finding]:
    text = _("《%(title)s》收取了事项未列明的费用“%(fee)s”%(amount)s 元。")
    return _fees(rule, start, end, lambda amount, limit: limit is None, text)


def _fee_above(rule, start, end) -> list[Finding]:
    text = _("《%(title)s》收取“%(fee)s”%(amount)s 元，高于事项规定的 %(listed)s 元。")
    return _fees(rule, start, end, lambda amount, limit: limit is not None and amount > limit, text)


FINDERS = {
    Watch.DECIDED_UNREVIEWED: _decided_unreviewed,
    Watch.NOTICE_TWICE: _notice_twice,
    Watch.RETURN_NO_REASON: _return_no_reason,
    Watch.FEE_UNLISTED: _fee_unlisted,
    Watch.FEE_ABOVE: _fee_above,
}


def _found(row: dict, text: str, values: dict) -> Finding:
    return Finding(
        row["case_id"], row["department_id"], row["actor_id"], row["title"], row["deadline"], text % values
    )


def _card(rule: MonitoringRule, finding: Finding, on: date) -> Card:
    return Card(
        rule=rule,
        rule_version=rule.version,
        subject=Subject.CASE,
        subject_id=finding.case_id,
        case_id=finding.case_id,
        department_id=finding.department_id,
        person_id=finding.person_id,
        level=rule.level,
        raised_on=on,
        deadline=finding.deadline,
        overdue_days=0,
        description=finding.text[:300],
        points=rule.points,
    )
