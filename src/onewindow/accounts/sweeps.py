"""Housekeeping for `onewindow worker`: old rate-limit counts."""

from datetime import timedelta

from onewindow.worker.registry import register_sweep

from .services import prune_rate_buckets


def prune() -> str:
    return f"{prune_rate_buckets()} old rate-limit counts dropped"


register_sweep("rate_buckets", timedelta(hours=1), prune)
