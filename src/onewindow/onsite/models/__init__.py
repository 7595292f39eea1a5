"""Leaders' on-site office days (领导现场办公): leaders and their portfolios, the rota, the issues raised,
the decisions and the minutes."""

from .sessions import Leader, Minutes, OfficeDay
from .topics import Decision, Topic, TopicMaterial

__all__ = ["Decision", "Leader", "Minutes", "OfficeDay", "Topic", "TopicMaterial"]
