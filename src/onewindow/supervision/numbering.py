"""Card numbers (监察编号) `JC<area code><YYYYMMDD><5-digit sequence>`, one series of the shared numbering."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from onewindow.numbering.series import Series, assign_number, register

from .models import Card

CARD = register(Series("card", "JC", 5, 6, "%Y%m%d", _("监察编号")))


def number_card(card_id: int, area_code: str, day: date) -> str:
    return assign_number(CARD, area_code, day, Card, card_id)
