"""Electronic supervision's tables: monitoring rules and their cards (`rules`), supervision matters with
their timeline, urging ladder and member units (`matters`); circulated reports (`circulation`)."""

from .circulation import Circulation
from .matters import Matter, MatterAttachment, MatterEvent, MemberUnit, Urging, UrgingRung
from .rules import Card, CardTally, MonitoringRule

__all__ = [
    "Card",
    "CardTally",
    "Circulation",
    "Matter",
    "MatterAttachment",
    "MatterEvent",
    "MemberUnit",
    "MonitoringRule",
    "Urging",
    "UrgingRung",
]
