from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from onewindow.audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from onewindow.errors import ServiceError

from . import services
from .models import Bundle, BundleItem, ImportJob, ItemMaterial, ItemVersion, SearchSynonym, Topic


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MaterialInline(ReadOnlyInline):
    model = ItemMaterial
    fields = ["sort_order", "name", "requirement", "form", "copies", "source", "certificate_type"]


@admin.register(ItemVersion)
class ItemVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Versions are read here and published or retired with the actions; content changes come through
    the Excel import or the API, which make drafts, so a published version is never edited in place."""

    list_display = [
        "implementation_code",
        "name",
        "version",
        "status",
        "department",
        "case_kind",
        "promised_limit_days",
    ]
    list_filter = ["status", "case_kind", "tier", "delegated_to_town", "department"]
    search_fields = ["name", "implementation_code", "name_initials"]
    list_select_related = ["department"]
    inlines = [MaterialInline]
    actions = ["new_drafts", "publish_drafts", "retire_versions"]

    def _each(self, request, queryset, action):
        done = 0
        for version in queryset:
            try:
                action(actor=request.user, version=version)
                done += 1
            except ServiceError as exc:
                self.message_user(request, f"{version}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("已处理 %(n)s 个版本。") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("为所选事项新建草稿（可上传材料的空白表格和示范文本）"))
    def new_drafts(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda actor, version: services.save_draft(actor=actor, data={}, item=version.item),
        )

    @admin.action(description=_("发布所选草稿"))
    def publish_drafts(self, request, queryset):
        self._each(request, queryset, services.publish)

    @admin.action(description=_("废止所选已发布版本"))
    def retire_versions(self, request, queryset):
        self._each(request, queryset, services.retire)


@admin.register(ItemMaterial)
class DraftMaterialAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """A draft's materials take their blank form and sample here; published versions stay as they are."""

    list_display = ["name", "version", "requirement", "blank_form", "sample"]
    list_filter = ["version__status"]
    search_fields = ["name", "version__name", "version__implementation_code"]
    fields = ["version", "name", "requirement", "form", "copies", "source", "blank_form", "sample"]
    readonly_fields = ["version", "name", "requirement", "form", "copies", "source"]
    list_select_related = ["version"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.version.status == "draft"


@admin.register(Topic)
class TopicAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "audience", "sort_order"]


class BundleItemInline(admin.TabularInline):
    model = BundleItem
    extra = 1


@admin.register(Bundle)
class BundleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "is_active"]
    inlines = [BundleItemInline]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "state", "done", "total", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SearchSynonym)
class SearchSynonymAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The everyday words the search understands; changed here, searched at once."""

    list_display = ["phrase", "means"]
    search_fields = ["phrase", "means"]
