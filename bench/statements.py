"""SQL statements per request, counted in-process: Django's test client through the whole WSGI app (its
middleware included) against the bench's database, every statement the request sends through Django's
cursors captured (`CaptureQueriesContext`; the prepared statements of `onewindow.prepared` included,
the commit not).

Run by `bench/http_load.py` as `python bench/statements.py SPEC.json` with DJANGO_SETTINGS_MODULE naming
the app (the real one or `bare.settings`); prints one JSON line {label: [count per request, ...]}. SPEC is a
list of {"label", "method", "paths", "headers", "body", "unique_key"}: each label is requested once to
warm up (plans compiled and prepared, caches filled), then REPEAT times, rotating over its paths.
"""

import json
import sys
import uuid

REPEAT = 20


def _request(client, spec: dict, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = dict(spec.get("headers") or {})
    if spec.get("unique_key"):
        headers["Idempotency-Key"] = f"statements-{uuid.uuid4().hex}"
    body = json.dumps(spec["body"]) if spec.get("body") is not None else ""
    with CaptureQueriesContext(connection) as captured:
        response = client.generic(
            spec["method"], path, data=body, content_type="application/json", headers=headers
        )
    if response.status_code >= 400:
        raise RuntimeError(f"{spec['method']} {path}: {response.status_code} {response.content[:300]!r}")
    return len(captured)


def count(specs: list[dict]) -> dict[str, list[int]]:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for spec in specs:
        paths = spec["paths"]
        _request(client, spec, paths[0])
        counts[spec["label"]] = [_request(client, spec, paths[i % len(paths)]) for i in range(REPEAT)]
    return counts


def summary(counts: list[int]) -> str:
    """'4' when every request sent 4 statements, else 'median (min-max)'."""
    low, high = min(counts), max(counts)
    if low == high:
        return str(low)
    median = sorted(counts)[len(counts) // 2]
    return f"{median} ({low}-{high})"


if __name__ == "__main__":
    import django

    django.setup()
    with open(sys.argv[1], encoding="utf-8") as spec_file:
        print(json.dumps(count(json.load(spec_file))))
