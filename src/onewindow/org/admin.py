from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onewindow.audit.admin_mixins import AuditedAdminMixin

from . import services
from .models import Department, Division, ServiceBody, Staff, Window
from .roles import Role


@admin.register(Division)
class DivisionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class DepartmentInline(admin.TabularInline):
    model = Department
    fields = ["name", "short_name", "approval_section", "sort_order", "is_active"]
    extra = 0
    show_change_link = True


class WindowInline(admin.TabularInline):
    model = Window
    fields = ["number", "name", "kind", "department", "is_active"]
    extra = 0
    show_change_link = True


@admin.register(ServiceBody)
class ServiceBodyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "tier", "division", "parent", "phone", "is_active"]
    list_filter = ["tier", "is_active"]
    search_fields = ["name", "division__name", "division__code"]
    autocomplete_fields = ["division", "parent"]
    list_select_related = ["division", "parent"]
    inlines = [DepartmentInline, WindowInline]


@admin.register(Department)
class DepartmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "body", "approval_section", "chief_representative", "is_active"]
    list_filter = ["body", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["body", "chief_representative"]
    list_select_related = ["body", "chief_representative"]


@admin.register(Window)
class WindowAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "name", "kind", "department", "body", "is_active"]
    list_filter = ["kind", "body", "is_active"]
    search_fields = ["number", "name"]
    autocomplete_fields = ["body", "department"]
    list_select_related = ["body", "department"]


class StaffForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("一人可兼任多个角色。"),
    )

    class Meta:
        model = Staff
        fields = ["user", "full_name", "phone", "body", "department", "window", "roles"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(self.instance.roles)

    def clean(self):
        data = super().clean()
        bound = set(data.get("roles") or []) & {Role.REVIEWER, Role.CHIEF_REP}
        if bound and not data.get("department"):
            self.add_error("department", _("部门审批人员和首席代表须指定所属部门。"))
        return data


@admin.register(Staff)
class StaffAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = StaffForm
    list_display = ["full_name", "user", "body", "department", "window", "role_list"]
    list_filter = ["body", "role_assignments__role"]
    search_fields = ["full_name", "user__username"]
    autocomplete_fields = ["user", "body", "department", "window"]
    list_select_related = ["user", "body", "department", "window"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    @admin.display(description=_("角色"))
    def role_list(self, staff):
        return "、".join(str(Role(r).label) for r in sorted(staff.roles))

    def after_save(self, request, obj, form):
        services.set_roles(actor=request.user, staff=obj, roles=form.cleaned_data.get("roles", []))
