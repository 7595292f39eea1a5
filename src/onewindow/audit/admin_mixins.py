"""Admin behaviours shared by every app: audited edits, and pages that may only be read."""

from django.db import transaction

from onewindow.audit import services


class AuditedAdminMixin:
    """Write an audit event for every add, change and delete made through the admin, inlines included.

    The event is written in `save_related`, after many-to-many fields and inlines are saved, so that
    its "after" shows what was really stored.
    """

    audit_exclude: tuple[str, ...] = ()

    def _snapshot(self, obj):
        data = services.snapshot(obj)
        for name in self.audit_exclude:
            data.pop(name, None)
        return data

    def save_model(self, request, obj, form, change):
        obj._audit_before = self._snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        doomed = [
            (f.instance, services.snapshot(f.instance))
            for fs in formsets
            for f in fs.deleted_forms
            if f.instance.pk
        ]
        doomed = [(obj._meta.label_lower, obj.pk, before) for obj, before in doomed]
        super().save_related(request, form, formsets, change)
        obj = form.instance
        self.after_save(request, obj, form)
        services.record(
            actor=request.user,
            action=f"{obj._meta.label_lower}.{'update' if change else 'create'}",
            obj=obj,
            before=getattr(obj, "_audit_before", None),
            after=self._snapshot(obj),
        )
        for formset in formsets:
            self._record_inline(request, formset)
        for label, pk, before in doomed:
            services.record(
                actor=request.user, action=f"{label}.delete", object_type=label, object_id=pk, before=before
            )

    def _record_inline(self, request, formset):
        for obj in formset.new_objects:
            services.record(
                actor=request.user,
                action=f"{obj._meta.label_lower}.create",
                obj=obj,
                after=services.snapshot(obj),
            )
        for obj, _changed in formset.changed_objects:
            services.record(
                actor=request.user,
                action=f"{obj._meta.label_lower}.update",
                obj=obj,
                after=services.snapshot(obj),
            )

    def after_save(self, request, obj, form):
        """Hook for changes beyond the model's own fields (roles, say) that the event should show."""

    def delete_model(self, request, obj):
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
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ReadOnlyAdminMixin:
    """Records that are read in the admin but changed only by their services (or never)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
