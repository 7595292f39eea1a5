from django.db import models

from onewindow.timelimits.models import TimeLimited


class Errand(TimeLimited):
    """Something to do within working days: the whole clock is the one inherited line."""

    title = models.CharField("名称", max_length=50, help_text="要办的事。")
    started_on = models.DateField("开始日期", help_text="从次日起计算工作日。")
    done = models.BooleanField("已办完", default=False, help_text="办完后不再计时。")
    # A plain id, not a foreign key: the test app has no migrations, so its table is made before the
    # migrated apps' tables, and PostgreSQL refuses a constraint on a table that does not exist yet.
    owner_id = models.IntegerField("负责人", help_text="到期提醒谁（用户 id）。")
