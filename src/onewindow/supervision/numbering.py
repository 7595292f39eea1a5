"""Card numbers (监察编号) `JC<area code><YYYYMMDD><6-digit sequence>` and matter numbers (督办事项编号)
`DB<area code><YYYYMMDD><4-digit sequence>`, two series of the shared numbering."""

import logging
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from onewindow.numbering.series import SequenceExhausted, Series, allocate_number, allocate_numbers, register

from .models import Card

logger = logging.getLogger(__name__)

CARD = register(Series("card", "JC", 6, 6, "%Y%m%d", _("监察编号")))
MATTER = register(Series("matter", "DB", 4, 6, "%Y%m%d", _("督办事项编号")))


def number_cards(claimed: list[tuple[int, date, str]]) -> int:
    """Number claimed cards `(pk, day raised, area code)`: one block of numbers per area and day, taken in
    a fixed order (two numberers never wait on each other's blocks crosswise), written in one UPDATE per
    batch. An area and day whose numbers ran out is logged and left unnumbered. Returns how many."""
    by_stem: dict[tuple[str, date], list[int]] = {}
    for pk, day, area_code in claimed:
        by_stem.setdefault((area_code, day), []).append(pk)
    cards = []
    for (area_code, day), pks in sorted(by_stem.items()):
        try:
            with transaction.atomic():
                numbers = allocate_numbers(CARD, area_code, day, len(pks))
        except SequenceExhausted:
            logger.error("card numbers of area %s on %s ran out; %s cards wait", area_code, day, len(pks))
            continue
        cards += [Card(pk=pk, number=number) for pk, number in zip(pks, numbers, strict=True)]
    Card.objects.bulk_update(cards, ["number"], batch_size=1000)
    return len(cards)


def matter_number(area_code: str, day: date) -> str:
    """The next matter number of an area and day; take it last in the transaction that writes the matter."""
    return allocate_number(MATTER, area_code[:6], day)


def matter_numbers(area_code: str, day: date, count: int) -> list[str]:
    """`count` consecutive matter numbers of an area and day, for matters registered together."""
    return allocate_numbers(MATTER, area_code[:6], day, count)
