"""Seal what committed without being sealed (a writer that died between commit and seal)."""

from datetime import timedelta

from onewindow.worker.registry import register_sweep

from . import services


def seal() -> str:
    return f"{services.seal_pending(wait=False)} events sealed"


register_sweep("audit_seal", timedelta(minutes=1), seal)
