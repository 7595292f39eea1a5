from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from onewindow.audit.admin_mixins import AuditedAdminMixin

from .models import ApiToken, LoginAttempt, User


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    audit_exclude = ("password", "last_login")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "digest", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False  # tokens are made by their owner, or with `onewindow token create`


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ["username", "at", "ip", "succeeded"]
    list_filter = ["succeeded"]
    search_fields = ["username", "ip"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
