"""The intake beside the bare insert, several pairs in a row, for a change to the intake path: the ratio of
one pair drifts with the machine, the spread of a few pairs says how far.

`.venv/bin/python bench/intake_pairs.py [PAIRS]` (3 by default): clones the template of `http_load.py`,
serves the real and the bare app as it does, and prints each pair's intakes/s, inserts/s and ratio.
Environment as `http_load.py` (BENCH_TEMPLATE picks another tree's template; BENCH_SECONDS per run).
"""

import sys
import tempfile
from pathlib import Path

import beside_bare
import http_load as h


def main(pairs: int) -> None:
    h.clone()
    data = h.prepare()
    workdir = Path(tempfile.mkdtemp(prefix="onewindow-bench-"))
    server, bare = h.serve(), h.serve(bare=True)
    try:
        insert = h._post_lua(workdir, "bare.insert", "/bare/rows", beside_bare.BARE_ROW, None)
        for _ in range(pairs):
            # A new script each time: its Idempotency-Keys are new, so no intake replays an earlier one.
            token = data["tokens"]["clerk"]
            intake = h._post_lua(workdir, "http.intake", "/api/v1/cases", data["body"], token)
            real = h.wrk(intake, h.SECONDS)
            floor = h.wrk(insert, h.SECONDS, port=h.BARE_PORT)
            print(
                f"intake {real['rps']:,.0f}/s (errors {real['errors']})  bare insert {floor['rps']:,.0f}/s  "
                f"ratio {real['rps'] / floor['rps']:.3f}x",
                flush=True,
            )
    finally:
        h.stop(server)
        h.stop(bare)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
