"""The navigation bar: which entries each role sees. Later modules add their entries here."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from onewindow.org.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset[str] | None = None  # None: every member of staff

    def visible_to(self, actor) -> bool:
        return self.roles is None or actor.is_admin or actor.has_role(*self.roles)


NAV_ITEMS = [
    NavItem(_("工作台"), "web:home", "house"),
    NavItem(_("系统管理"), "admin:index", "gear", frozenset({Role.ADMIN})),
    NavItem(_("事项清单"), "admin:catalog_itemversion_changelist", "list-check", frozenset({Role.ADMIN})),
    NavItem(_("清单导入导出"), "catalog:import", "file-earmark-spreadsheet", frozenset({Role.ADMIN})),
    NavItem(_("工作日历"), "workcalendar:years", "calendar3", frozenset({Role.ADMIN})),
    NavItem(_("审计日志"), "admin:audit_auditevent_changelist", "shield-check", frozenset({Role.ADMIN})),
    NavItem(_("API 令牌"), "accounts:tokens", "key"),
    NavItem(_("API 文档"), "api:openapi-view", "braces"),
]


def items_for(actor) -> list[NavItem]:
    if not actor.is_authenticated or not (actor.staff or actor.is_admin):
        return []
    return [item for item in NAV_ITEMS if item.visible_to(actor)]
