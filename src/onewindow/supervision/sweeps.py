"""Electronic supervision's periodic work for `onewindow worker`."""

from datetime import timedelta

from onewindow.timelimits import reading
from onewindow.worker.registry import register_sweep

from .cards import raise_cards


def cards() -> str:
    day = reading.today()
    return f"{raise_cards(on=day)} cards raised on {day}"


register_sweep("cards", timedelta(minutes=1), cards)
