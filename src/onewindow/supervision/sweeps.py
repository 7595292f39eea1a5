"""Electronic supervision's periodic work for `onewindow worker`."""

from datetime import timedelta

from onewindow.timelimits import reading
from onewindow.worker.registry import register_sweep

from .cards import raise_cards
from .ladder import climb_late


def cards() -> str:
    day = reading.today()
    return f"{raise_cards(on=day)} cards raised on {day}"


def ladder() -> str:
    day = reading.today()
    return f"{climb_late(on=day)} urging rungs climbed on {day}"


# Every quarter of an hour, not every minute: a card follows a day's threshold (or a clock event) and
# may come minutes later, and a run that finds nothing still reads every warned open row against its
# cards (3.3 s at a million open cases, docs/performance.md). A red card's matter is opened in the run.
register_sweep("cards", timedelta(minutes=15), cards)
# The ladder climbs by working days: hourly is soon enough after a feedback deadline passes.
register_sweep("ladder", timedelta(hours=1), ladder)
