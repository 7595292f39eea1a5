from django.db import transaction

from . import services


class AuditedAdminMixin:
    """Write an audit event for every add, change and delete made through the admin."""

    audit_exclude: tuple[str, ...] = ()

    def _snapshot(self, obj):
        data = services.snapshot(obj)
        for name in self.audit_exclude:
            data.pop(name, None)
        return data

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = self._snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
            super().save_model(request, obj, form, change)
            self.after_save(request, obj, form)
            action = "update" if change else "create"
            services.record(
                actor=request.user,
                action=f"{obj._meta.label_lower}.{action}",
                obj=obj,
                before=before,
                after=self._snapshot(obj),
            )

    def after_save(self, request, obj, form):
        """Hook for changes beyond the model's own fields (roles, say) that the event should show."""

    def delete_model(self, request, obj):
        with transaction.atomic():
            before, pk = self._snapshot(obj), obj.pk
            super().delete_model(request, obj)
            services.record(
                actor=request.user,
                action=f"{obj._meta.label_lower}.delete",
                object_type=obj._meta.label_lower,
                object_id=pk,
                before=before,
            )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
