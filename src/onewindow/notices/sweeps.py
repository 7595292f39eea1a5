"""Send the applicant messages a crash left unsent (written with their case's change, never sent)."""

from datetime import timedelta

from onewindow.worker.registry import register_sweep

from . import services


def send() -> str:
    return f"{services.send_unsent()} unsent messages sent"


register_sweep("notices_send", timedelta(minutes=1), send)
