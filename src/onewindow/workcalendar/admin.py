from django.contrib import admin

from onewindow.audit.admin_mixins import ReadOnlyAdminMixin

from .models import CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only here: years are loaded through the calendar pages so that every change is whole,
    audited and followed by recomputing deadlines."""

    list_display = ["year", "source", "loaded_at", "loaded_by"]


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarYearAdmin):
    list_display = ["day", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    search_fields = ["name"]
