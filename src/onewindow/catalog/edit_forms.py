"""The draft editor's forms: an item version's own fields, its materials and its fees, read into the
content dict `services.save_draft` takes (the same shape the API and the workbook give it). Steps and
joint departments are kept as they are (the workbook and the API change them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.org.models import Department
from onewindow.timelimits.choices import PauseKind

from .choices import ProxyTier
from .models import SPECIAL_PROCEDURES, ItemFee, ItemMaterial, ItemVersion, Topic
from .services import FEE_FIELDS, MATERIAL_FIELDS, SCALAR_FIELDS

LIST_FIELDS = ("special_procedures", "proxyable_tiers")


class VersionForm(forms.ModelForm):
    """An item version's own fields, with the checks of the model (and of `save_draft` after)."""

    department = forms.ModelChoiceField(label=_("实施部门"), queryset=Department.objects.none())
    topics = forms.MultipleChoiceField(label=_("主题"), required=False, widget=forms.CheckboxSelectMultiple)
    special_procedures = forms.MultipleChoiceField(
        label=_("特别程序"),
        required=False,
        choices=[(k, PauseKind(k).label) for k in SPECIAL_PROCEDURES],
        widget=forms.CheckboxSelectMultiple,
    )
    proxyable_tiers = forms.MultipleChoiceField(
        label=_("可代办层级"), required=False, choices=ProxyTier.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ItemVersion
        fields = [f for f in SCALAR_FIELDS if f not in LIST_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True).order_by(
            "body_id", "sort_order"
        )
        self.fields["topics"].choices = list(Topic.objects.order_by("sort_order").values_list("code", "name"))
        self.order_fields(["name", "implementation_code", "basic_code", "department", "implementing_body"])
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.Textarea):
                widget.attrs["rows"] = 2
            widget.attrs["data-field"] = name

    def content(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        data["department"] = self.cleaned_data["department"].pk
        data["topics"] = list(self.cleaned_data["topics"])
        for name in LIST_FIELDS:
            data[name] = list(self.cleaned_data[name])
        return data


def _line_form(model, names, extra: dict):
    """A form for one line of a list (a material, a fee), its fields from the model."""
    attrs = {"Meta": type("Meta", (), {"model": model, "fields": names}), **extra}
    form = type(f"{model.__name__}LineForm", (forms.ModelForm,), attrs)

    def init(self, *args, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(widget, forms.Textarea):
                widget.attrs["rows"] = 1

    form.__init__ = init
    return form


# `kept`: which line of the version the editor started from a material was (its blank form and sample
# files go with it); empty for a new line.
MaterialForm = _line_form(
    ItemMaterial,
    [*MATERIAL_FIELDS, "source_department"],
    {"kept": forms.IntegerField(required=False, widget=forms.HiddenInput)},
)
FeeForm = _line_form(ItemFee, FEE_FIELDS, {})
MaterialFormSet = forms.formset_factory(MaterialForm, extra=2, can_delete=True)
FeeFormSet = forms.formset_factory(FeeForm, extra=1, can_delete=True)


def lines_of(formset, carried: list[dict], names: list[str]) -> list[dict]:
    """The lines a formset holds (blank and deleted ones left out), each with what it carries over."""
    lines = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("name"):
            continue
        line = {name: data.get(name) for name in names}
        kept = data.get("kept")
        if kept is not None and 0 <= kept < len(carried):
            line = {**carried[kept], **line}
        if "source_department" in line and line["source_department"] is not None:
            line["source_department"] = getattr(line["source_department"], "pk", line["source_department"])
        lines.append(line)
    return lines
