"""Raising cards, exactly once, and withdrawing them (摘牌).

`raise_cards(on)` gives every active timeliness rule's hits their cards: the hits are the open rows the
rule's condition matches (`rules.hit`) without a card of that rule and level; they are inserted with
ON CONFLICT DO NOTHING on the card's unique (rule, subject, level), so two workers, or a sweep run ten
times, give each hit one card. Numbers are taken afterwards for the cards without one, claimed under a
lock and numbered a block at a time, so a day's numbers have no gaps and no card is numbered twice.
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.audit import services as audit
from onewindow.cases.models import OPEN_CASE, OPEN_TASK, Case, CaseEvent, CaseTask
from onewindow.errors import Conflict, Invalid
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role
from onewindow.timelimits import reading
from onewindow.workcalendar.services import current_calendar

from . import rules
from .choices import CardLevel, RuleKind, Subject
from .models import Card, MonitoringRule
from .numbering import number_cards

BATCH = 1000
REASON_MAX = 300

# What each kind of subject is: its rows, which of them are open, its case.
SUBJECTS = {
    Subject.CASE: (Case, OPEN_CASE, "pk"),
    Subject.TASK: (CaseTask, OPEN_TASK, "case_id"),
}


def raise_cards(*, on: date | None = None) -> int:
    """Give every active timeliness rule's hits on `on` their cards; returns how many were new."""
    calendar = current_calendar()
    on = on or reading.today()
    raised = sum(
        _raise_for(rule, calendar, on)
        for rule in MonitoringRule.objects.filter(active=True, kind=RuleKind.TIMELINESS).order_by("pk")
    )
    _number_new_cards()
    return raised


def _raise_for(rule: MonitoringRule, calendar, on: date) -> int:
    model, open_rows, case_field = SUBJECTS[rule.subject]
    rows = model.objects.filter(open_rows, rules.in_scope(rule))
    limits = ()
    if rule.level == CardLevel.YELLOW and rule.yellow_point == "share":
        limits = list(rows.filter(rules.RUNNING).values_list("limit_days", flat=True).distinct().order_by())
    carded = Card.objects.filter(rule=rule, subject=rule.subject, subject_id=OuterRef("pk"), level=rule.level)
    last_actor = CaseEvent.objects.filter(
        **({"case_id": OuterRef("pk")} if rule.subject == Subject.CASE else {"task_id": OuterRef("pk")}),
        actor__staff__isnull=False,  # the last member of staff who acted, not the applicant
    ).order_by("-pk")
    hits = (
        rows.filter(rules.hit(rule, calendar, on, limits))
        .exclude(Exists(carded))
        .annotate(person_id=Subquery(last_actor.values("actor_id")[:1]))
        .order_by("pk")
    )
    before = Card.objects.filter(rule=rule).count()
    while batch := list(hits[:BATCH]):  # each batch carded is no longer a hit
        cards = [_card(rule, row, getattr(row, case_field), calendar, on) for row in batch]
        Card.objects.bulk_create(cards, ignore_conflicts=True)
        if len(batch) < BATCH:
            break
    return Card.objects.filter(rule=rule).count() - before


def _card(rule: MonitoringRule, row, case_id: int, calendar, on: date) -> Card:
    left = reading.days_left(row, calendar, on)
    overdue = max(0, -left) if left is not None else 0
    values = {"title": row.title, "deadline": row.deadline or "-", "left": left, "overdue": overdue}
    with override("zh-hans"):  # stored data, in the language of the record
        if rule.level == CardLevel.RED:
            text = _("《%(title)s》已超过办结期限 %(deadline)s，超期 %(overdue)s 个工作日。") % values
        else:
            text = _("《%(title)s》临近办结期限 %(deadline)s，剩余 %(left)s 个工作日。") % values
    return Card(
        rule=rule,
        rule_version=rule.version,
        subject=rule.subject,
        subject_id=row.pk,
        case_id=case_id,
        task_id=row.pk if rule.subject == Subject.TASK else None,
        department_id=row.department_id,
        person_id=row.person_id,
        level=rule.level,
        raised_on=on,
        deadline=row.deadline,
        overdue_days=overdue,
        description=text[:300],
        points=rule.points,
    )


def _number_new_cards() -> None:
    """Number the cards without a number, a batch at a time, each claimed under a lock."""
    while True:
        with transaction.atomic():
            waiting = Card.objects.filter(number__isnull=True).order_by("pk")
            if connection.features.has_select_for_update_skip_locked:
                waiting = waiting.select_for_update(skip_locked=True, of=("self",))
            claimed = list(waiting.values_list("pk", "raised_on", "department__body__division__code")[:BATCH])
            number_cards([(pk, day, division[:6]) for pk, day, division in claimed])
        if len(claimed) < BATCH:
            return


def withdraw_card(*, actor, card: Card, reason: str) -> Card:
    """Withdraw a card (摘牌) with a reason: a supervisor's decision, audited and shown, never a deletion."""
    require_role(actor_of(actor), Role.SUPERVISOR)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("请填写摘牌理由。"), code="reason_required")
    if len(reason) > REASON_MAX:
        raise Invalid(_("摘牌理由不能超过 %(n)s 个字。") % {"n": REASON_MAX}, code="reason_too_long")
    with transaction.atomic():
        locked = Card.objects.select_for_update().get(pk=card.pk)
        if locked.withdrawn:
            at = timezone.localtime(locked.withdrawn_at).strftime("%Y-%m-%d %H:%M")
            raise Conflict(_("这张监察卡已于 %(at)s 摘牌。") % {"at": at}, code="already_withdrawn")
        locked.withdrawn_at, locked.withdrawn_by, locked.withdraw_reason = timezone.now(), actor, reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
        audit.record(
            actor=actor,
            action="supervision.card.withdraw",
            object_type="supervision.card",
            object_id=locked.pk,
            before={"withdrawn": False},
            after={"withdrawn": True, "reason": reason, "number": locked.number},
        )
    return locked
