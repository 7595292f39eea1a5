from django.contrib import admin

from .models import AgentTerritory, Vehicle


@admin.register(AgentTerritory)
class AgentTerritoryAdmin(admin.ModelAdmin):
    """Who covers which town or village (谁的地盘谁代办): kept by the administrator."""

    list_display = ("agent", "division")
    search_fields = ("agent__full_name", "division__name", "division__code")
    autocomplete_fields = ("division",)
    raw_id_fields = ("agent",)


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    """The centres' service vehicles, booked for door-to-door visits."""

    list_display = ("plate", "body", "is_active")
    list_filter = ("is_active",)
    search_fields = ("plate",)
