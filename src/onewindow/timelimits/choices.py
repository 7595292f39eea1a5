"""The one definition of the clock's enumerations for the database: the values are `core.clock`'s (the
pure core knows no Django); here they get their Chinese labels."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core import clock


def _labelled(name: str, values: type, labels: dict) -> type[models.TextChoices]:
    """A TextChoices with exactly the members of the core enum, each with its label."""
    missing = {member.value for member in values} ^ set(labels)
    if missing:
        raise ValueError(f"{name}: labels and values differ in {sorted(missing)}")
    return models.TextChoices(
        name, [(member.name, (member.value, labels[member.value])) for member in values]
    )


Warning = _labelled(
    "Warning", clock.WarningLevel, {"normal": _("正常"), "yellow": _("黄牌预警"), "red": _("红牌超时")}
)
ClockState = _labelled(
    "ClockState",
    clock.ClockState,
    {
        "none": _("未计时"),
        "running": _("计时中"),
        "paused": _("暂停"),
        "finished": _("已结束"),
        "overdue": _("已超时"),
        "no_calendar": _("待载入工作日历"),  # the deadline falls in a year not yet loaded
    },
)
PauseKind = _labelled(
    "PauseKind",
    clock.PauseKind,
    {
        "supplement": _("补正"),
        "hearing": _("听证"),
        "inspection": _("检验"),
        "testing": _("检测"),
        "quarantine": _("检疫"),
        "appraisal": _("鉴定"),
        "expert_review": _("专家评审"),
        "tendering": _("招标"),
        "auction": _("拍卖"),
    },
)

WARNING_ORDER = [Warning.NORMAL, Warning.YELLOW, Warning.RED]
RUNNING_STATES = (ClockState.RUNNING, ClockState.OVERDUE)

# A warning nobody has been told of yet (`warned` is the highest level announced).
UNANNOUNCED = models.Q(warning=Warning.RED, warned__in=[Warning.NORMAL, Warning.YELLOW]) | models.Q(
    warning=Warning.YELLOW, warned=Warning.NORMAL
)


def worst(*warnings: str) -> str:
    return max(warnings, key=WARNING_ORDER.index, default=Warning.NORMAL)


def showing(level: str, on: date) -> models.Q:
    """The rows `reading.warning_on` shows at `level` on `on`, as a query (lists and counters agree
    with the badge whether or not the sweep has run)."""
    running = models.Q(clock_state__in=RUNNING_STATES)
    red = models.Q(warning=Warning.RED) | (running & models.Q(deadline__lt=on))
    if level == Warning.RED:
        return red
    if level == Warning.YELLOW:
        return (models.Q(warning=Warning.YELLOW) | (running & models.Q(yellow_on__lte=on))) & ~red
    raise ValueError(level)
