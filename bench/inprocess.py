"""The read scenarios of `http_load.py`, timed in one process: what one request costs, without the
server, the connections and the other requests that make the HTTP figures drift between runs.

Django's test client goes through the whole app (middleware, auth, the API) against a database of
generated cases (a kept template of `http_load.py`, or a clone of it); each scenario is warmed up, then
requested REQUESTS times rotating over the same kind of paths the load bench uses, and the median,
p10 and p90 are printed in milliseconds. Comparing two trees: run it once with each tree's `src` on
PYTHONPATH against a database each tree made (`onewindow migrate` + `onewindow generate --cases N
--seed 1`), alternating rounds.

    PYTHONPATH=src .venv/bin/python bench/inprocess.py onewindow_bench_1000000

Environment: BENCH_PG (server URL without database, as `http_load.py`), REQUESTS (200).
"""

import os
import random
import statistics
import sys
import time

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REQUESTS = int(os.environ.get("REQUESTS", "200"))
WARM_UP = 10


def scenarios(token_for, numbers):
    return [
        ("case_detail", [f"/api/v1/cases/{n}" for n, _ in numbers], token_for("leader")),
        ("public_tracking", [f"/api/v1/public/cases/{n}?code={c}" for n, c in numbers], None),
        ("reviewer_inbox", ["/api/v1/cases/inbox?limit=50"], token_for("reviewer2")),
        ("overdue_list", [f"/api/v1/cases/overdue?offset={k * 50}&limit=50" for k in range(20)],
         token_for("supervisor")),
    ]  # fmt: skip


def main(database: str) -> None:
    os.environ["DATABASE_URL"] = f"{PG}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from onewindow.accounts.services import create_token
    from onewindow.cases.models import Case

    settings.TRACK_LOOKUPS_PER_MINUTE = 10**9  # one client asks far more than a person may
    users = get_user_model().objects

    def token_for(name):
        return create_token(actor=None, user=users.get(username=name), name="bench-inprocess")[1]

    random.seed(1)
    top = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample = random.sample(range(1, top + 1), min(top, 400))
    numbers = list(Case.objects.filter(pk__in=sample).values_list("number", "query_code"))
    client = Client(HTTP_HOST="127.0.0.1")
    for name, paths, token in scenarios(token_for, numbers):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        for path in paths[:WARM_UP]:
            client.get(path, headers=headers)
        took = []
        for i in range(REQUESTS):
            path = paths[i % len(paths)]
            start = time.perf_counter()
            response = client.get(path, headers=headers)
            took.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code} {response.content[:200]!r}")
        tenths = statistics.quantiles(took, n=10)
        median = statistics.median(took)
        print(f"{name:16s} median {median:6.1f} ms  p10 {tenths[0]:6.1f}  p90 {tenths[-1]:6.1f}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
