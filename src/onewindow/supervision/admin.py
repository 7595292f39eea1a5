from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from onewindow.audit import services as audit
from onewindow.audit.admin_mixins import ReadOnlyAdminMixin

from .models import Card, Matter, MemberUnit, MonitoringRule, UrgingRung

RULE_FIELDS = (
    "code", "name", "kind", "watch", "level", "subject", "scope", "department_id", "item_id",
    "yellow_point", "yellow_days", "yellow_share", "points", "active",
)  # fmt: skip


@admin.register(MonitoringRule)
class MonitoringRuleAdmin(admin.ModelAdmin):
    """The administrator edits the rules; each change raises the version and is audited."""

    list_display = [
        "code",
        "name",
        "kind",
        "watch",
        "level",
        "subject",
        "scope",
        "points",
        "active",
        "version",
    ]
    list_filter = ["kind", "level", "subject", "active"]
    search_fields = ["code", "name"]
    readonly_fields = ["version", "updated_at", "checked_through"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = None
            if change:
                old = MonitoringRule.objects.select_for_update().get(pk=obj.pk)
                before = {name: str(getattr(old, name)) for name in RULE_FIELDS}
                obj.version = old.version + 1
            obj.updated_at = timezone.now()
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action="supervision.rule.change" if change else "supervision.rule.add",
                object_type="supervision.monitoringrule",
                object_id=obj.pk,
                before=before,
                after={**{name: str(getattr(obj, name)) for name in RULE_FIELDS}, "version": obj.version},
            )

    def has_delete_permission(self, request, obj=None):
        return False  # a rule with cards is their record; stop it with "active" instead


@admin.register(Card)
class CardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: cards are raised by the sweep and withdrawn by supervisors, never edited."""

    list_display = [
        "number",
        "level",
        "rule",
        "department",
        "raised_on",
        "deadline",
        "overdue_days",
        "withdrawn_at",
    ]
    list_filter = ["level", "rule", "raised_on"]
    search_fields = ["number", "description"]
    list_select_related = ["rule", "department"]
    show_full_result_count = False


@admin.register(UrgingRung)
class UrgingRungAdmin(admin.ModelAdmin):
    """The urging ladder per source and urgency (blank: any): the administrator sets its rungs and waits.
    A matter climbs the most specific ladder that exists; rungs already climbed stay on record."""

    list_display = ["source", "urgency", "step", "method", "wait_days"]
    list_filter = ["source", "urgency", "method"]


@admin.register(MemberUnit)
class MemberUnitAdmin(admin.ModelAdmin):
    """The leading group's member units and their office contacts (who receive assignments and urging)."""

    list_display = ["department", "contact", "phone", "credit_code"]
    search_fields = ["department__name"]
    autocomplete_fields = ["contact"]
    list_select_related = ["department", "contact"]


@admin.register(Matter)
class MatterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a matter moves only through its procedure (the matter page and the API), audited."""

    list_display = ["number", "title", "source", "status", "lead_unit", "feedback_due", "deadline", "rung"]
    list_filter = ["status", "source", "urgency"]
    search_fields = ["number", "title"]
    list_select_related = ["lead_unit"]
    show_full_result_count = False
    exclude = ["requester_phone", "query_code"]  # personal data and the requester's key stay off the admin
