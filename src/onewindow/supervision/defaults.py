"""What a new installation starts with (the seeding migrations and the transactional tests read them):
a yellow and a red card for cases and for joint-case steps, deducting 1 and 1.5 points; the urging
ladder of Lantian for every source; the feedback and completion limits by urgency."""

DEFAULT_RULES = (
    ("SX-01", "办件临近期限黄牌", "yellow", "case", "1.0"),
    ("SX-02", "办件超时红牌", "red", "case", "1.5"),
    ("SX-03", "联办环节临近期限黄牌", "yellow", "task", "1.0"),
    ("SX-04", "联办环节超时红牌", "red", "task", "1.5"),
)

# (step, method, working days after the previous rung; the first: after the feedback deadline)
DEFAULT_LADDER = (
    (1, "notice", 1),
    (2, "phone", 1),
    (3, "verbal", 1),
    (4, "onsite", 2),
    (5, "meeting", 3),
    (6, "joint", 5),
)

# urgency -> (feedback days, completion days), in working days; the register form may set others.
DEFAULT_TERMS = {
    "normal": (1, 10),
    "urgent": (1, 5),
    "very_urgent": (1, 3),
}


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


def seed_default_ladder(rung_model) -> None:
    """Store the default ladder (for any source and urgency); idempotent."""
    for step, method, wait_days in DEFAULT_LADDER:
        rung_model.objects.get_or_create(
            source="", urgency="", step=step, defaults={"method": method, "wait_days": wait_days}
        )
