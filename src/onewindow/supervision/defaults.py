"""What a new installation starts with (the seeding migrations and the transactional tests read them):
a yellow and a red card for cases and for joint-case steps, deducting 1 and 1.5 points; the urging
ladder of Lantian for every source; the feedback and completion limits by urgency."""

DEFAULT_RULES = (
    ("SX-01", "办件临近期限黄牌", "yellow", "case", "1.0"),
    ("SX-02", "办件超时红牌", "red", "case", "1.5"),
    ("SX-03", "联办环节临近期限黄牌", "yellow", "task", "1.0"),
    ("SX-04", "联办环节超时红牌", "red", "task", "1.5"),
)

# Process and fee rules (code, name, kind, check, level, points): what was done, checked once per case.
DEFAULT_EVENT_RULES = (
    ("LC-01", "未经审查即作出决定", "process", "decided_unreviewed", "red", "1.5"),
    ("LC-02", "一次性告知后再次要求补正", "process", "notice_twice", "yellow", "1.0"),
    ("LC-03", "退回未说明理由", "process", "return_no_reason", "yellow", "1.0"),
    ("SF-01", "收取事项未列明的费用", "fee", "fee_unlisted", "red", "1.5"),
    ("SF-02", "收费高于事项规定的金额", "fee", "fee_above", "red", "1.5"),
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


def seed_event_rules(rule_model) -> None:
    """Store the default process and fee rules; idempotent (migration 0007 and transactional tests)."""
    for code, name, kind, watch, level, points in DEFAULT_EVENT_RULES:
        rule_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "watch": watch,
                "level": level,
                "subject": "case",
                "scope": "all",
                "points": points,
            },
        )


def seed_default_ladder(rung_model) -> None:
    """Store the default ladder (for any source and urgency); idempotent."""
    for step, method, wait_days in DEFAULT_LADDER:
        rung_model.objects.get_or_create(
            source="", urgency="", step=step, defaults={"method": method, "wait_days": wait_days}
        )
