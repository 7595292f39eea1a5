from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onewindow.audit.admin_mixins import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: events can be searched and read, never added, changed or deleted."""

    list_display = ["id", "created_at", "actor_label", "action", "object_type", "object_id", "sealed_seq"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_type", "object_id", "actor_label", "request_id"]
    date_hierarchy = "created_at"
    list_select_related = ["seal"]
    show_full_result_count = False

    @admin.display(description=_("链序号"))
    def sealed_seq(self, event):
        seal = getattr(event, "seal", None)
        return seal.seq if seal else _("待封存")
