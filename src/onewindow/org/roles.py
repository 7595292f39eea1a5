from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The staff roles of DOMAIN.md; a staff member holds one or more."""

    WINDOW_CLERK = "window_clerk", _("综合受理窗口人员")
    CHIEF_REP = "chief_rep", _("首席代表")
    REVIEWER = "reviewer", _("部门审批人员")
    AGENT = "agent", _("代办员")
    SUPERVISOR = "supervisor", _("督办人员")
    LEADER = "leader", _("领导")
    ADMIN = "admin", _("系统管理员")


# The order in which a person holding several roles lands on a home page.
HOME_PRIORITY = [
    Role.ADMIN,
    Role.LEADER,
    Role.SUPERVISOR,
    Role.CHIEF_REP,
    Role.REVIEWER,
    Role.WINDOW_CLERK,
    Role.AGENT,
]

# Roles whose view reaches every body in their area (their division and the divisions below it).
AREA_WIDE_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR})
