"""The cases' periodic work for `onewindow worker`."""

from datetime import timedelta

from onewindow.worker.registry import register_sweep

from . import alerts, clocks


def clocks_and_warnings() -> str:
    refreshed = clocks.refresh_due()
    announced = alerts.announce_warnings()
    return f"{refreshed} cases brought up to {clocks.today()}, {announced} warnings announced"


register_sweep("clocks", timedelta(minutes=1), clocks_and_warnings)
