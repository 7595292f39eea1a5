"""Card numbers (监察编号) `JC<area code><YYYYMMDD><5-digit sequence>`, one series of the shared numbering."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from onewindow.numbering.series import Series, allocate_numbers, register

from .models import Card

CARD = register(Series("card", "JC", 5, 6, "%Y%m%d", _("监察编号")))


def number_cards(claimed: list[tuple[int, date, str]]) -> None:
    """Number claimed cards `(pk, day raised, area code)`: one block of numbers per area and day, in the
    order of the cards, written in one UPDATE per batch."""
    by_stem: dict[tuple[str, date], list[int]] = {}
    for pk, day, area_code in claimed:
        by_stem.setdefault((area_code, day), []).append(pk)
    cards = []
    for (area_code, day), pks in by_stem.items():
        numbers = allocate_numbers(CARD, area_code, day, len(pks))
        cards += [Card(pk=pk, number=number) for pk, number in zip(pks, numbers, strict=True)]
    Card.objects.bulk_update(cards, ["number"], batch_size=1000)
