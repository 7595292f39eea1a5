"""The office-day pages in one process, on a demo county already loaded (`onewindow demo`): queries and
times of 20 requests each after a warm-up, signed in as the leader. Not part of `make bench` (no F10 page
has a target); docs/performance.md ("F10") records a run:

    ONEWINDOW_VAR_DIR=/tmp/demo_var .venv/bin/onewindow migrate
    ONEWINDOW_VAR_DIR=/tmp/demo_var .venv/bin/onewindow demo
    ONEWINDOW_VAR_DIR=/tmp/demo_var ONEWINDOW_PLAIN_STATIC=1 .venv/bin/python bench/onsite_pages.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from onewindow.onsite.models import OfficeDay  # noqa: E402

RUNS = 20


def main() -> None:
    session = OfficeDay.objects.filter(decisions__isnull=False).distinct().order_by("-day").first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="leader"))
    for path in (
        f"/onsite/sessions/{session.pk}/",
        "/onsite/",
        "/api/v1/onsite/sessions",
        f"/api/v1/onsite/sessions/{session.pk}",
        "/onsite/figures/?start=2026-01-01&end=2026-12-31",
    ):
        client.get(path)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(
            f"{path}: {response.status_code}, {len(queries.captured_queries)} queries, "
            f"median {times[RUNS // 2]:.1f} ms, p95 {times[int(RUNS * 0.95) - 1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
