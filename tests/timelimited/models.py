from django.conf import settings
from django.db import models

from onewindow.timelimits.models import TimeLimited


class Errand(TimeLimited):
    """Something to do within working days: the whole clock is the one inherited line."""

    title = models.CharField("名称", max_length=50, help_text="要办的事。")
    started_on = models.DateField("开始日期", help_text="从次日起计算工作日。")
    done = models.BooleanField("已办完", default=False, help_text="办完后不再计时。")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="负责人", on_delete=models.CASCADE, help_text="到期提醒谁。"
    )
