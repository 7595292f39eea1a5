"""Bootstrap's classes on a Django form's widgets, one place for every app's forms (`small`: the compact
controls of a filter bar)."""

from django import forms


def styled(form: forms.Form, small: bool = False) -> None:
    size = " form-select-sm" if small else ""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs["class"] = "form-check-input"
        elif isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "form-check-input"
        elif isinstance(field.widget, forms.Select):
            field.widget.attrs["class"] = "form-select" + size
        else:
            field.widget.attrs["class"] = "form-control" + (" form-control-sm" if small else "")
