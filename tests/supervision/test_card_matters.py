"""The matters red cards open, made in the database (`card_matters`), against the matter `register_matter`
registers for the same card (`card_matter` below): every column, the register event and the audit record, so
the two recipes cannot drift apart."""

import re
from datetime import date

from onewindow.audit import services as audit
from onewindow.audit.models import AuditEvent, AuditPending
from onewindow.supervision.cards import raise_cards
from onewindow.supervision.matter_services import NewMatter, _audited, register_matter
from onewindow.supervision.models import Card, Matter, MatterEvent

# What is drawn or counted afresh for every matter, not made by the recipe.
DRAWN = {"id", "number", "query_code", "created_at", "card_id", "external_id"}


def card_matter(card: Card) -> NewMatter:
    """The matter a red card opens, as `register_matter` takes it (the title as stored, in Chinese)."""
    return NewMatter(
        source="card",
        title=f"红牌督办：{card.case.title}"[:100],
        content=card.description,
        case=card.case,
        card=card,
        external_id=card.number,
    )


def _demo_red_cards(today):
    from onewindow.demo.cases import load_demo_cases

    today.set(date(2026, 11, 16))
    load_demo_cases()
    raise_cards()
    return list(Card.objects.filter(level="red").select_related("case__body__division").order_by("pk"))


def test_every_matter_a_red_card_opens_is_the_one_register_matter_makes_of_it(catalog, today):
    red = _demo_red_cards(today)
    assert len(red) > 2
    fields = [f.attname for f in Matter._meta.concrete_fields if f.attname not in DRAWN]
    swept = {m.card_id: m for m in Matter.objects.filter(card__in=red)}
    assert set(swept) == {card.pk for card in red}
    audited = {e.object_id: e for e in AuditEvent.objects.filter(action="supervision.matter.register")}
    for card in red:
        matter = swept[card.pk]
        new = card_matter(card)
        Matter.objects.filter(pk=matter.pk).update(card=None, external_id="")  # let the recipe register it
        alone = register_matter(actor=None, body=card.case.body, new=new, on=today.value)
        assert {f: getattr(matter, f) for f in fields} == {f: getattr(alone, f) for f in fields}, card.pk
        assert (matter.external_id, matter.card_id) == (card.number, card.pk)
        area = card.case.body.division.code[:6]
        assert re.fullmatch(rf"DB{area}{today.value:%Y%m%d}\d{{4}}", matter.number)
        assert re.fullmatch(r"\d{6}", matter.query_code)
        events = [
            list(MatterEvent.objects.filter(matter=m).values("action", "text", "day", "actor", "department"))
            for m in (matter, alone)
        ]
        assert (
            events[0]
            == events[1]
            == [
                {
                    "action": "register",
                    "text": matter.title,
                    "day": today.value,
                    "actor": None,
                    "department": None,
                }
            ]
        )
        event = audited[str(matter.pk)]
        assert (event.actor_id, event.actor_label, event.object_type) == (
            None,
            "system",
            "supervision.matter",
        )
        assert event.after == audit.masked_payload(audit._jsonable(_audited(matter)))
        alone_audited = AuditEvent.objects.get(action="supervision.matter.register", object_id=str(alone.pk))
        assert event.after == {**alone_audited.after, "number": matter.number}
    numbers = sorted(int(m.number[-4:]) for m in swept.values())
    assert numbers == list(range(1, len(numbers) + 1))  # one block per area: no gap
    audit.seal_pending()  # the events written in SQL chain as any other
    assert audit.verify().ok and not AuditPending.objects.exists()


def test_a_second_sweep_opens_no_matter_twice(catalog, today):
    red = _demo_red_cards(today)
    before = (Matter.objects.count(), AuditEvent.objects.filter(action="supervision.matter.register").count())
    raise_cards()
    assert Matter.objects.filter(card__in=red).count() == len(red)
    assert before == (
        Matter.objects.count(),
        AuditEvent.objects.filter(action="supervision.matter.register").count(),
    )
