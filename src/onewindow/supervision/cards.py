"""Raising cards, exactly once, and withdrawing them (摘牌).

`raise_cards(on)` gives every active timeliness rule's hits their cards: the hits are the open rows the
rule's condition matches (`rules.hit`) without a card of that rule and level; they are inserted with
ON CONFLICT DO NOTHING on the card's unique (rule, subject, level), so two workers, or a sweep run ten
times, give each hit one card. Numbers are taken afterwards for the cards without one, claimed under a
lock and numbered a block at a time, so a day's numbers have no gaps and no card is numbered twice.
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.audit import services as audit
from onewindow.cases.choices import OPEN_STATUSES
from onewindow.cases.models import OPEN_CASE, OPEN_TASK, Case, CaseEvent, CaseTask
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role
from onewindow.timelimits import reading
from onewindow.workcalendar.services import current_calendar

from . import rules
from .choices import CardLevel, RuleKind, Source, Subject, YellowPoint
from .matter_services import NewMatter, register_matter
from .models import Card, MonitoringRule
from .numbering import number_cards

BATCH = 1000
REASON_MAX = 300

# What each kind of subject is: its rows, which of them are open (a step only while its case is), its
# case, and the columns a card is made from.
SUBJECTS = {
    Subject.CASE: (Case, OPEN_CASE, "pk"),
    Subject.TASK: (CaseTask, OPEN_TASK & Q(case__status__in=sorted(OPEN_STATUSES)), "case_id"),
}
CARD_COLUMNS = ("pk", "department_id", "title", "deadline", "remaining_days", "clock_state", "clock_read_on")


def raise_cards(*, on: date | None = None) -> int:
    """Give every active timeliness rule's hits on `on` their cards; returns how many were numbered
    (the new cards, with any a crashed run left unnumbered)."""
    calendar = current_calendar()
    on = on or reading.today()
    for rule in MonitoringRule.objects.filter(active=True, kind=RuleKind.TIMELINESS).order_by("pk"):
        _raise_for(rule, calendar, on)
    numbered = _number_new_cards()
    open_matters(on)
    return numbered


def open_matters(on: date) -> int:
    """A red card opens a supervision matter (in the centre of its case, for the office to assign),
    one per card: the card number is the matter's external id, so a second sweep finds it registered."""
    red = (
        Card.objects.filter(
            level=CardLevel.RED, number__isnull=False, withdrawn_at__isnull=True, matter__isnull=True
        )
        .select_related("case__body__division", "department")
        .order_by("pk")
    )
    opened = 0
    for card in red.iterator(chunk_size=BATCH):
        with override("zh-hans"):
            title = _("红牌督办：%(case)s") % {"case": card.case.title}
        new = NewMatter(
            source=Source.CARD,
            title=title[:100],
            content=card.description,
            case=card.case,
            card=card,
            external_id=card.number,
        )
        register_matter(actor=None, body=card.case.body, new=new, on=on)
        opened += 1
    return opened


def _raise_for(rule: MonitoringRule, calendar, on: date) -> None:
    model, open_rows, case_field = SUBJECTS[rule.subject]
    rows = model.objects.filter(open_rows, rules.in_scope(rule)).annotate(
        total_limit=rules.total_limit(rule.subject)
    )
    limits = ()
    if rule.level == CardLevel.YELLOW and rule.yellow_point == YellowPoint.SHARE:
        limits = list(rows.filter(rules.RUNNING).values_list("total_limit", flat=True).distinct().order_by())
    carded = Card.objects.filter(rule=rule, subject=rule.subject, subject_id=OuterRef("pk"), level=rule.level)
    # The responsible person: the last member of the row's department who acted on the case.
    last_actor = CaseEvent.objects.filter(
        case_id=OuterRef(case_field), actor__staff__department_id=OuterRef("department_id")
    ).order_by("-pk")
    hits = (
        rows.filter(rules.hit(rule, calendar, on, limits))
        .exclude(Exists(carded))
        .only(*CARD_COLUMNS, *({case_field} - {"pk"}))
        .annotate(person_id=Subquery(last_actor.values("actor_id")[:1]))
        .order_by("pk")
    )
    last = 0
    while batch := list(hits.filter(pk__gt=last)[:BATCH]):  # keyset pages: each page read once
        cards = [_card(rule, row, getattr(row, case_field), calendar, on) for row in batch]
        Card.objects.bulk_create(cards, ignore_conflicts=True)
        last = batch[-1].pk
        if len(batch) < BATCH:
            break


def _card(rule: MonitoringRule, row, case_id: int, calendar, on: date) -> Card:
    left = reading.days_left(row, calendar, on)
    is_late, overdue = row.deadline is not None and row.deadline < on, 0
    if is_late:
        try:
            overdue = calendar.workdays_between(row.deadline, on)
        except CalendarNotLoaded:
            overdue = max(0, -(left or 0))
    values = {"title": row.title, "deadline": row.deadline or "-", "left": left, "overdue": overdue}
    with override("zh-hans"):  # stored data, in the language of the record (and of the national set)
        if is_late:
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


def _number_new_cards() -> int:
    """Number the cards without a number, a batch at a time, each claimed under a lock; the newest days
    first, so a day whose numbers ran out (logged) holds up no other. Returns how many were numbered."""
    numbered = 0
    while True:
        with transaction.atomic():
            waiting = Card.objects.filter(number__isnull=True).order_by("-raised_on", "pk")
            if connection.features.has_select_for_update_skip_locked:
                waiting = waiting.select_for_update(skip_locked=True, of=("self",))
            claimed = list(waiting.values_list("pk", "raised_on", "department__body__division__code")[:BATCH])
            done = number_cards([(pk, day, division[:6]) for pk, day, division in claimed])
        numbered += done
        if len(claimed) < BATCH or not done:
            return numbered


def withdraw_card(*, actor, card: Card, reason: str) -> Card:
    """Withdraw a card (摘牌) with a reason: a supervisor's decision, audited and shown, never a deletion."""
    require_role(actor_of(actor), Role.SUPERVISOR)
    if card.person_id is not None and card.person_id == actor.pk:
        raise Forbidden(_("不能为自己经办的办件摘牌。"), code="own_card")
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
