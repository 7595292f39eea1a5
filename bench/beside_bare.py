"""The real HTTP scenarios beside the bare app of `bench/bare/`: which bare endpoint has each one's shape,
the requests whose SQL statements `bench/statements.py` counts, and the table of ratios
`bench/http_load.py` prints (docs/performance.md takes it as printed)."""

from statements import summary

BARE = {  # the bare endpoint of each real scenario's shape
    "http.case_detail": "bare.case_by_number",
    "http.public_tracking": "bare.case_by_number",
    "http.reviewer_inbox": "bare.case_page",
    "http.overdue_list": "bare.case_page",
    "http.intake": "bare.insert",
    "http.matter_inbox": "bare.case_page",
    "http.matter_api": "bare.case_page",
    "http.card_board": "bare.case_page",
}
BARE_ROW = {"name": "张三", "note": "bench"}  # the bare insert's body
COUNTED = 20  # the first paths of each scenario whose statements are counted


def bare_paths(numbers: list[str]) -> dict[str, list[str]]:
    """The bare GETs wrk rotates over: the real detail's sampled numbers, the overdue list's 20 pages."""
    return {
        "bare.case_by_number": [f"/bare/cases/{n}" for n in numbers],
        "bare.case_page": [f"/bare/cases?offset={k * 50}&limit=50" for k in range(20)],
    }


def auth_headers(token: str | None) -> dict:
    """A scenario's credentials as headers: an API token, or a page's session cookie ("cookie:...")."""
    if not token:
        return {}
    if token.startswith("cookie:"):
        return {"Cookie": token.removeprefix("cookie:")}
    return {"Authorization": f"Bearer {token}"}


def spec(label: str, paths: list[str], token: str | None, method: str = "GET", **extra) -> dict:
    headers = auth_headers(token)
    return {"label": label, "method": method, "paths": paths[:COUNTED], "headers": headers, **extra}


def statement_specs(
    scenarios: list[tuple[str, list[str], str | None]], intake_body: dict, intake_token: str, bare: dict
) -> tuple[list[dict], list[dict]]:
    """The requests counted in the real app and in the bare one: those wrk sends, the same tokens and
    bodies (each intake with a new Idempotency-Key)."""
    real = [spec(*scenario) for scenario in scenarios]
    real.append(
        spec("http.intake", ["/api/v1/cases"], intake_token, "POST", body=intake_body, unique_key=True)
    )
    plain = [spec(label, paths, None) for label, paths in bare.items()]
    plain.append(spec("bare.insert", ["/bare/rows"], None, "POST", body=BARE_ROW))
    return real, plain


def summary_rows(pairs: list, statements: dict[str, list[int]]) -> list[tuple[str, str, bool | None]]:
    """Rows for the benchmarks' summary: each ratio (flagged when the bare endpoint failed, which makes it
    meaningless), then the statements per request."""
    rows = [
        (
            f"{label} / {bare_label}",
            f"{real['rps'] / bare['rps']:.2f}x ({real['rps']:,.0f} / {bare['rps']:,.0f} req/s)",
            None if bare["errors"] == 0 else False,
        )
        for label, real, bare_label, bare in pairs
    ]
    figures = ", ".join(f"{label.split('.', 1)[1]} {summary(counts)}" for label, counts in statements.items())
    rows.append(("SQL statements per request", figures, None))
    return rows


def _ms(figures: dict) -> str:
    return f"{figures['p50'] / 1000:.1f} / {figures['p95'] / 1000:.1f} / {figures['p99'] / 1000:.1f}"


def table(pairs: list, statements: dict[str, list[int]]) -> str:
    """One Markdown line per (real label, real figures, bare label, bare figures): req/s, the ratio,
    latency percentiles, errors and SQL statements per request."""

    def counted(label):
        return summary(statements[label]) if label in statements else "-"

    lines = [
        "| scenario | bare endpoint | real req/s | bare req/s | real/bare | real p50 / p95 / p99 ms "
        "| bare p50 / p95 / p99 ms | errors real / bare | SQL statements per request real / bare |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, real, bare_label, bare in pairs:
        lines.append(
            f"| {label} | {bare_label} | {real['rps']:,.0f} | {bare['rps']:,.0f} | "
            f"{real['rps'] / bare['rps']:.2f}x | {_ms(real)} | {_ms(bare)} | "
            f"{real['errors']} / {bare['errors']} | {counted(label)} / {counted(bare_label)} |"
        )
    return "\n".join(lines)
