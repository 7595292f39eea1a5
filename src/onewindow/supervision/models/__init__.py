"""Electronic supervision's tables: monitoring rules and their cards (`rules`), supervision matters with
their timeline, urging ladder and member units (`matters`); circulated reports (`circulation`)."""

from .circulation import Circulation
from .matters import Matter, MatterEvent, MemberUnit, Urging, UrgingRung
from .rules import Card, MonitoringRule

__all__ = [
    "Card",
    "Circulation",
    "Matter",
    "MatterEvent",
    "MemberUnit",
    "MonitoringRule",
    "Urging",
    "UrgingRung",
]
