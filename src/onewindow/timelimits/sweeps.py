"""The time limits' periodic work for `onewindow worker`: one sweep for every registered kind."""

from datetime import timedelta

from onewindow.worker.registry import register_sweep

from . import reading, sweep


def clocks_and_warnings() -> str:
    day = reading.today()
    changed = sweep.refresh_due(on=day)  # announces the warnings it raises
    announced = sweep.announce_raised(on=day)  # and those raised by clock events
    return f"{changed} clock rows brought up to {day}, {announced} warnings announced"


register_sweep("clocks", timedelta(minutes=1), clocks_and_warnings)
