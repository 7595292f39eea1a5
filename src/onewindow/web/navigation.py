"""The navigation bar: which entries each role sees. Later modules add their entries here."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from onewindow.org.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset[str] | None = None  # None: every member of staff
    for_admins: bool = True  # administrators see it whatever their roles

    def visible_to(self, actor) -> bool:
        if self.roles is None or actor.has_role(*self.roles):
            return True
        return actor.is_admin and self.for_admins

    def resolvable(self) -> bool:
        """Whether the page is there (a module mounted later adds its entry's URL name)."""
        try:
            reverse(self.url_name)
        except NoReverseMatch:
            return False
        return True


# Who works cases: everyone on a desk, not the administrators who keep the system.
CASE_WORKERS = frozenset(
    {Role.WINDOW_CLERK, Role.CHIEF_REP, Role.REVIEWER, Role.AGENT, Role.LEADER, Role.SUPERVISOR}
)


NAV_ITEMS = [
    NavItem(_("工作台"), "web:home", "house"),
    NavItem(
        _("收件"),
        "intake:intake",
        "inbox-fill",
        frozenset({Role.WINDOW_CLERK, Role.CHIEF_REP, Role.AGENT}),
        for_admins=False,
    ),
    NavItem(_("待办"), "cases:inbox", "list-task", CASE_WORKERS, for_admins=False),
    NavItem(_("办件查询"), "cases:list", "search"),
    NavItem(
        _("超期办件"),
        "cases:overdue",
        "alarm",
        frozenset({Role.LEADER, Role.SUPERVISOR, Role.REVIEWER, Role.CHIEF_REP}),
    ),
    NavItem(_("监察卡"), "supervision:cards", "flag", frozenset({Role.LEADER, Role.SUPERVISOR})),
    # the office by area; the units (their chief representatives and reviewers) their own matters
    NavItem(
        _("督办事项"),
        "supervision:matters",
        "megaphone",
        frozenset({Role.LEADER, Role.SUPERVISOR, Role.CHIEF_REP, Role.REVIEWER}),
    ),
    NavItem(_("通报"), "supervision:reports", "clipboard-data", frozenset({Role.LEADER, Role.SUPERVISOR})),
    NavItem(
        _("代办申请"),
        "proxy:requests",
        "signpost-split",
        CASE_WORKERS,
    ),
    NavItem(
        _("代办统计"), "proxy:figures", "bar-chart", frozenset({Role.LEADER, Role.SUPERVISOR, Role.ADMIN})
    ),
    NavItem(
        _("代办委托"),
        "proxy:entrustments",
        "person-check",
        frozenset({Role.AGENT, Role.WINDOW_CLERK, Role.CHIEF_REP, Role.LEADER, Role.SUPERVISOR}),
    ),
    NavItem(
        _("现场办公"),
        "onsite:home",
        "person-video3",
        frozenset({Role.LEADER, Role.SUPERVISOR, Role.CHIEF_REP, Role.REVIEWER}),
    ),
    NavItem(_("系统管理"), "admin:index", "gear", frozenset({Role.ADMIN})),
    NavItem(_("事项清单"), "catalog:items", "list-check", frozenset({Role.ADMIN})),
    NavItem(_("清单导入导出"), "catalog:import", "file-earmark-spreadsheet", frozenset({Role.ADMIN})),
    NavItem(_("工作日历"), "workcalendar:years", "calendar3", frozenset({Role.ADMIN})),
    NavItem(_("审计日志"), "admin:audit_auditevent_changelist", "shield-check", frozenset({Role.ADMIN})),
    # Programs, not people at a desk, use the API: the administrators who connect them see its links.
    NavItem(_("API 令牌"), "accounts:tokens", "key", frozenset({Role.ADMIN})),
    NavItem(_("API 文档"), "api:openapi-view", "braces", frozenset({Role.ADMIN})),
]


def items_for(actor) -> list[NavItem]:
    if not actor.is_authenticated or not (actor.staff or actor.is_admin):
        return []
    return [item for item in NAV_ITEMS if item.visible_to(actor) and item.resolvable()]
