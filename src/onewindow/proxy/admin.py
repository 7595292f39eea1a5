from django.contrib import admin

from .models import AgentTerritory, Entrustment, Vehicle


@admin.register(AgentTerritory)
class AgentTerritoryAdmin(admin.ModelAdmin):
    """Who covers which town or village (谁的地盘谁代办): kept by the administrator."""

    list_display = ("agent", "division")
    search_fields = ("agent__full_name", "division__name", "division__code")
    autocomplete_fields = ("division",)
    raw_id_fields = ("agent",)


@admin.register(Entrustment)
class EntrustmentAdmin(admin.ModelAdmin):
    """Entrustments are read here; they are made by agents and revoked on the principal's word, on their
    pages, never edited or deleted (the cases filed on them point to them)."""

    list_display = ("number", "principal_name", "agent", "valid_from", "valid_until", "revoked_at")
    search_fields = ("number", "principal_name")
    exclude = ("principal_id_number", "principal_id_digest", "signature")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    """The centres' service vehicles, booked for door-to-door visits."""

    list_display = ("plate", "body", "is_active")
    list_filter = ("is_active",)
    search_fields = ("plate",)
