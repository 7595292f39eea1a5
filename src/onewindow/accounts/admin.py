from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from onewindow.audit import services as audit
from onewindow.audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin

from . import services
from .models import ApiToken, LoginAttempt, User


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    audit_exclude = ("password", "last_login")

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit.record(
                actor=request.user,
                action="accounts.user.password_change",
                object_type="accounts.user",
                object_id=id,
            )
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owner or with `onewindow token create`; here they can only be revoked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "digest", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_token(actor=request.user, token_id=token.pk)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["username", "at", "ip", "succeeded"]
    list_filter = ["succeeded"]
    search_fields = ["username", "ip"]
    date_hierarchy = "at"
