from django.contrib import admin

from .models import Leader


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    """The city-level leaders who sit on office days and what they answer for (包保): kept by the
    administrator; the rota is generated over them on the office-day pages."""

    list_display = ("staff", "title", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("staff__full_name", "title")
    raw_id_fields = ("staff",)
    autocomplete_fields = ("towns",)
    filter_horizontal = ("projects",)
