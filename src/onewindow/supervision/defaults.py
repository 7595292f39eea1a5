"""The rules a new installation starts with (the seeding migration and the transactional tests read them):
a yellow and a red card for cases and for joint-case steps, deducting 1 and 1.5 points."""

DEFAULT_RULES = (
    ("SX-01", "办件临近期限黄牌", "yellow", "case", "1.0"),
    ("SX-02", "办件超时红牌", "red", "case", "1.5"),
    ("SX-03", "联办环节临近期限黄牌", "yellow", "task", "1.0"),
    ("SX-04", "联办环节超时红牌", "red", "task", "1.5"),
)


def seed_default_rules(rule_model) -> None:
    """Store the default rules; idempotent. Takes the model so a migration can pass its own."""
    for code, name, level, subject, points in DEFAULT_RULES:
        rule_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "timeliness",
                "level": level,
                "subject": subject,
                "scope": "all",
                "yellow_point": "item",
                "points": points,
            },
        )
