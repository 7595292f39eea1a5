"""The set-based card sweep (F9) against the row-by-row one it replaced: every card of the demo county holds
what reading its row alone gives (days left or overdue working days, the sentence, the responsible person,
the department and deadline, a number of its area and day); two workers raise each card and open each red
card's matter once, the numbers of both without gaps; a matter registered in bulk is the matter
`register_matter` registers."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from django.db import connections

from onewindow.audit.models import AuditEvent
from onewindow.cases.models import Case, CaseEvent, CaseTask
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.org.models import ServiceBody
from onewindow.supervision.cards import raise_cards
from onewindow.supervision.matter_services import NewMatter, register_matter, register_matters
from onewindow.supervision.models import Card, Matter, MatterEvent
from onewindow.timelimits import reading
from onewindow.workcalendar.services import current_calendar
from tests.cases.conftest import intake
from tests.supervision.test_cards import live_county  # noqa: F401  (fixture)

SENTENCE = {
    "late": "《%(title)s》已超过办结期限 %(deadline)s，超期 %(overdue)s 个工作日。",
    "near": "《%(title)s》临近办结期限 %(deadline)s，剩余 %(left)s 个工作日。",
}


def expected(card: Card, on: date) -> dict:
    """The card of the row-by-row sweep: read the row's clock alone."""
    row = (
        CaseTask.objects.get(pk=card.subject_id)
        if card.subject == "task"
        else Case.objects.get(pk=card.subject_id)
    )
    calendar = current_calendar()
    left = reading.days_left(row, calendar, on)
    late, overdue = row.deadline is not None and row.deadline < on, 0
    if late:
        try:
            overdue = calendar.workdays_between(row.deadline, on)
        except CalendarNotLoaded:
            overdue = max(0, -(left or 0))
    values = {"title": row.title, "deadline": row.deadline or "-", "left": left, "overdue": overdue}
    person = (
        CaseEvent.objects.filter(case_id=card.case_id, actor__staff__department_id=row.department_id)
        .order_by("-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    return {
        "description": (SENTENCE["late" if late else "near"] % values)[:300],
        "overdue_days": overdue,
        "person_id": person,
        "department_id": row.department_id,
        "deadline": row.deadline,
        "case_id": row.pk if card.subject == "case" else row.case_id,
        "task_id": row.pk if card.subject == "task" else None,
    }


def test_every_card_holds_what_its_row_read_alone_gives(catalog, today):
    from onewindow.demo.cases import load_demo_cases

    today.set(date(2026, 11, 16))
    load_demo_cases()
    raise_cards()
    cards = list(Card.objects.select_related("rule", "department__body__division").order_by("pk"))
    assert {c.level for c in cards} == {"yellow", "red"} and any(c.person_id for c in cards)
    assert any(c.overdue_days for c in cards) and any(c.subject == "task" for c in cards)
    for card in cards:
        got = {name: getattr(card, name) for name in expected(card, today.value)}
        assert got == expected(card, today.value), card.pk
        area = card.department.body.division.code[:6]
        assert re.fullmatch(rf"JC{area}{today.value:%Y%m%d}\d{{6}}", card.number)
        assert (card.rule_version, card.points, card.raised_on) == (
            card.rule.version,
            card.rule.points,
            today.value,
        )
    for area_day in {c.number[:16] for c in cards}:  # each area's numbers of the day: 1, 2, 3... no gap
        sequence = sorted(int(c.number[-6:]) for c in cards if c.number.startswith(area_day))
        assert sequence == list(range(1, len(sequence) + 1))
    before = Card.objects.count()
    raise_cards()  # nothing new
    assert Card.objects.count() == before
    # every red card opened its one matter
    red = Card.objects.filter(level="red")
    assert Matter.objects.count() == red.count() == Matter.objects.filter(card__in=red).count()


def test_two_workers_raise_cards_and_open_matters_once_without_gaps(live_county, today):  # noqa: F811
    today.set(date(2026, 3, 2))
    cases = [intake("clerk", "工伤认定") for _ in range(4)]
    today.set(cases[0].deadline + timedelta(days=7))
    barrier = threading.Barrier(2)

    def worker(_):
        try:
            barrier.wait()
            for _ in range(3):
                raise_cards()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(worker, range(2)))
    assert Card.objects.count() == 8
    assert sorted(int(n[-6:]) for n in Card.objects.values_list("number", flat=True)) == list(range(1, 9))
    matters = Matter.objects.all()
    assert sorted(m.card_id for m in matters) == sorted(
        Card.objects.filter(level="red").values_list("pk", flat=True)
    )
    assert sorted(int(m.number[-4:]) for m in matters) == [1, 2, 3, 4]
    assert MatterEvent.objects.filter(action="register").count() == 4
    assert AuditEvent.objects.filter(action="supervision.matter.register").count() == 4


def test_a_matter_registered_in_bulk_is_the_one_registered_alone(catalog, today):
    today.set(date(2026, 3, 2))
    body = ServiceBody.objects.get(name="新泰市政务服务中心")

    def new(ticket):
        return NewMatter(
            source="hotline", title=" 路灯不亮 ", content="东都镇某路段路灯不亮。", external_id=ticket
        )

    alone = register_matter(actor=None, body=body, new=new("T-1"))
    together = register_matters([(body, new("T-2")), (body, new("T-2")), (body, new("T-1"))], on=today.value)
    assert [m.external_id for m in together] == ["T-2"]  # T-1 was registered, T-2 is registered once
    (bulk,) = together
    skip = {"id", "number", "external_id", "query_code", "created_at"}
    fields = [f.attname for f in Matter._meta.concrete_fields if f.attname not in skip]
    assert {f: getattr(bulk, f) for f in fields} == {f: getattr(alone, f) for f in fields}
    assert (alone.number[-4:], bulk.number[-4:]) == ("0001", "0002") and bulk.number[:-4] == alone.number[:-4]
    events = {
        m.number: list(MatterEvent.objects.filter(matter=m).values("action", "text", "day", "actor"))
        for m in (alone, bulk)
    }
    assert (
        events[alone.number]
        == events[bulk.number]
        == [{"action": "register", "text": "路灯不亮", "day": today.value, "actor": None}]
    )
    audited = {e.object_id: e.after for e in AuditEvent.objects.filter(action="supervision.matter.register")}
    assert {k: v for k, v in audited[str(bulk.pk)].items() if k != "number"} == {
        k: v for k, v in audited[str(alone.pk)].items() if k != "number"
    }
    assert Matter.objects.filter(source="hotline").count() == 2


def test_a_day_whose_matter_numbers_ran_out_leaves_its_red_cards_waiting(catalog, today):
    from onewindow.numbering.models import NumberSequence

    today.set(date(2026, 3, 2))
    case = intake("clerk", "工伤认定")
    late = case.deadline + timedelta(days=7)
    today.set(late)
    area = case.body.division.code[:6]
    NumberSequence.objects.create(series="matter", area_code=area, day=late, last=9999)
    raise_cards()  # logged, not raised: the cards are raised and numbered, the matter waits
    red = Card.objects.get(level="red")
    assert red.number and not Matter.objects.exists()
    today.set(late + timedelta(days=1))
    raise_cards()
    assert Matter.objects.get().card_id == red.pk
