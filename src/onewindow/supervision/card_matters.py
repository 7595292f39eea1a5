"""The matters red cards open (红牌督办), made in the database a batch at a time.

A red card opens one supervision matter in the centre of its case, for the office to assign, with the
card's number as the matter's external id, so a second sweep finds it registered. It is the matter
`matter_services.register_matter` would register for it: the terms of normal urgency, the title
"红牌督办：<case title>", the card's description as its content, a register event on its timeline and
an audit record. A sweep opens thousands at once, so they are not built one by one in Python: in one
transaction under one lock (one sweep at a time), the red cards without a matter are read once; for each
batch of a thousand a block of matter numbers is taken per area (`matter_numbers`), a query code is drawn
per matter (`new_query_code`), and three statements write the matters from their cards and cases, their
register events, and their audit records (`audit.record_rows`). `tests/supervision/test_card_matters.py`
holds every row against what `register_matter` makes of the card.

An area whose matter numbers of the day ran out (a 4-digit daily sequence) is logged and its red cards
wait for the next day's run; the other areas go on.
"""

import logging
from datetime import date

from django.db import connection, transaction
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow import inserts
from onewindow.audit import services as audit
from onewindow.cases.models import Case
from onewindow.cases.numbering import new_query_code
from onewindow.numbering.series import SequenceExhausted

from .choices import CardLevel, Source, Urgency
from .defaults import DEFAULT_TERMS
from .models import Card, Matter, MatterEvent
from .numbering import matter_numbers
from .sql import MATTERS_LOCK, exclusive, sentence, value_rows

logger = logging.getLogger(__name__)

MATTER_BATCH = 1000  # red cards whose matters one transaction registers
TITLE_MAX = Matter._meta.get_field("title").max_length


def open_matters(on: date) -> int:
    """Open the matter of every numbered red card that is not withdrawn and has none, in one transaction
    under the lock (one sweep at a time), a batch of statements per `MATTER_BATCH` cards; returns how many."""
    opened, exhausted = 0, set()
    with transaction.atomic():
        exclusive(MATTERS_LOCK)
        claimed = list(
            Card.objects.filter(
                level=CardLevel.RED, number__isnull=False, withdrawn_at__isnull=True, matter__isnull=True
            )
            .order_by("pk")
            .values_list("pk", Substr("case__body__division__code", 1, 6))
        )
        for start in range(0, len(claimed), MATTER_BATCH):
            batch = [row for row in claimed[start : start + MATTER_BATCH] if row[1] not in exhausted]
            opened += _write(_numbered(batch, on, exhausted), on)
    return opened


def _numbered(claimed: list[tuple[int, str]], on: date, exhausted: set) -> list[tuple[int, str, str]]:
    """(card pk, matter number, query code) for the claimed cards: a block of numbers per area, the areas
    in a fixed order; an area whose numbers ran out is added to `exhausted` (logged) and left out."""
    by_area: dict[str, list[int]] = {}
    for pk, area in claimed:
        by_area.setdefault(area, []).append(pk)
    rows = []
    for area, pks in sorted(by_area.items()):
        try:
            with transaction.atomic():
                numbers = matter_numbers(area, on, len(pks))
        except SequenceExhausted as ran_out:
            logger.error("red cards of area %s wait for their matters: %s", area, ran_out)
            exhausted.add(area)
            continue
        rows += [(pk, number, new_query_code()) for pk, number in zip(pks, numbers, strict=True)]
    return rows


def _write(rows: list[tuple[int, str, str]], on: date) -> int:
    """Write the matters of `rows` with their register events and audit records; returns how many."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    now = timezone.now()
    with override("zh-hans"):
        title_sql, title_params = sentence(_("红牌督办：%(case)s"), {"case": "c.title"})
    feedback, completion = DEFAULT_TERMS[Urgency.NORMAL]
    registered_on = Matter._meta.get_field("registered_on").get_db_prep_save(on, connection)
    created_at = Matter._meta.get_field("created_at").get_db_prep_save(now, connection)
    columns, select, params = inserts.selected(
        Matter,
        {
            "number": ("b.number", []),
            "query_code": ("b.code", []),
            "body": ("c.body_id", []),
            "source": ("%s", [Source.CARD]),
            "urgency": ("%s", [Urgency.NORMAL]),
            "title": (f"SUBSTR({title_sql}, 1, {TITLE_MAX})", title_params),
            "content": ("k.description", []),
            "feedback_days": ("%s", [feedback]),
            "limit_days": ("%s", [completion]),
            "registered_on": ("%s", [registered_on]),
            "case": ("k.case_id", []),
            "card": ("k.id", []),
            "external_id": ("k.number", []),
            "created_at": ("%s", [created_at]),
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Matter._meta.db_table)} ({columns}) SELECT {select} "  # noqa: S608 (our names)
            "FROM (SELECT CAST(column1 AS INTEGER) AS card, CAST(column2 AS TEXT) AS number, "
            f"CAST(column3 AS TEXT) AS code FROM (VALUES {value_rows(rows, 3)}) AS v) AS b "
            f"JOIN {quote(Card._meta.db_table)} AS k ON k.id = b.card "
            f"JOIN {quote(Case._meta.db_table)} AS c ON c.id = k.case_id "
            f"ORDER BY b.card RETURNING {quote(Matter._meta.pk.column)}",
            [*params, *[value for row in rows for value in row]],
        )
        pks = sorted(pk for (pk,) in cursor.fetchall())
        at = MatterEvent._meta.get_field("at").get_db_prep_save(now, connection)
        columns, select, params = inserts.selected(
            MatterEvent,
            {
                "matter": ("t.id", []),
                "action": ("%s", ["register"]),
                "at": ("%s", [at]),
                "day": ("%s", [registered_on]),
                "text": ("t.title", []),
            },
        )
        cursor.execute(
            f"INSERT INTO {quote(MatterEvent._meta.db_table)} ({columns}) SELECT {select} "  # noqa: S608
            f"FROM {quote(Matter._meta.db_table)} AS t WHERE t.id IN ({', '.join(['%s'] * len(pks))}) "
            "ORDER BY t.id",
            [*params, *pks],
        )
    audit.record_rows(
        action="supervision.matter.register",
        model=Matter,
        pks=pks,
        after={  # `matter_services._audited` of a matter just registered from a card (no requester)
            "number": ("t.number", []),
            "status": ("t.status", []),
            "source": ("t.source", []),
            "lead_unit": ("t.lead_unit_id", []),
            "requester_phone": ("CAST(%s AS TEXT)", [""]),
            "deadline": ("t.deadline", []),
            "feedback_due": ("t.feedback_due", []),
            "extension_days": ("t.extension_days", []),
            "rung": ("t.rung", []),
        },
    )
    return len(pks)
