"""The cases' periodic work for `onewindow worker`."""

from datetime import timedelta

from onewindow.worker.registry import register_sweep

from . import alerts, clocks


def clocks_and_warnings() -> str:
    day = clocks.today()
    changed = clocks.refresh_due(on=day)  # announces the warnings it raises
    announced = alerts.announce_warnings(on=day)  # and those raised by clock events
    return f"{changed} clock rows brought up to {day}, {announced} warnings announced"


register_sweep("clocks", timedelta(minutes=1), clocks_and_warnings)
