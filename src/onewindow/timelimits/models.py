"""The stored clock figures of anything with a working-day time limit (DESIGN rule 3).

The replay of the row's clock events is the truth; these fields store it as of `clock_read_on`, so
lists filter and sort by indexed columns without computing anything per row. With no event since, a
running clock's figures on a later day follow from what is stored: its days left are the stored figure
less the working days since (`reading.days_left`), it turns yellow on `yellow_on` and red after
`deadline`, and lists sort by `due_on`. So the sweep writes only the rows whose warning changes.

The start of the clock is the subclass's own (a case's acceptance day, a matter's registration day):
it is an input of the reading, not a stored figure.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ClockState, Warning


class TimeLimited(models.Model):
    limit_days = models.PositiveIntegerField(
        _("承诺时限（工作日）"), default=0, help_text=_("受理时的承诺办结时限。")
    )
    deadline = models.DateField(
        _("办结期限"), null=True, blank=True, help_text=_("期限所在日的下班前须办结。")
    )
    remaining_days = models.IntegerField(
        _("剩余工作日"), null=True, blank=True, help_text=_("截至计算日的剩余工作日；超时为负数。")
    )
    yellow_on = models.DateField(
        _("黄牌日期"), null=True, blank=True, help_text=_("计时中的办件从这一天起黄牌预警。")
    )
    due_on = models.DateField(
        _("到期排序日"),
        null=True,
        blank=True,
        help_text=_("计时中为办结期限；暂停时为从计算日起按剩余工作日推算的日期。用于按紧迫程度排序。"),
    )
    warning = models.CharField(
        _("预警"),
        max_length=8,
        choices=Warning.choices,
        default=Warning.NORMAL,
        help_text=_("正常、黄牌或红牌。"),
    )
    warned = models.CharField(
        _("已发预警"),
        max_length=8,
        choices=Warning.choices,
        default=Warning.NORMAL,
        db_default=Warning.NORMAL,
        help_text=_("已向承办人员发出的最高预警；后台任务每级只发一次。"),
    )
    clock_state = models.CharField(
        _("计时状态"),
        max_length=12,
        choices=ClockState.choices,
        default=ClockState.NONE,
        help_text=_("计时状态。"),
    )
    clock_read_on = models.DateField(
        _("计算日"), null=True, blank=True, help_text=_("剩余工作日和预警按哪一天计算。")
    )
    finished_on = models.DateField(_("办结日期"), null=True, blank=True, help_text=_("作出决定的日期。"))
    finished_late = models.BooleanField(_("超时办结"), default=False, help_text=_("办结时已超过期限。"))

    class Meta:
        abstract = True


# The columns `reading.apply_reading` sets: what a refresh saves.
CLOCK_FIELDS = (
    "deadline",
    "remaining_days",
    "yellow_on",
    "due_on",
    "warning",
    "warned",
    "clock_state",
    "clock_read_on",
    "finished_on",
    "finished_late",
)
