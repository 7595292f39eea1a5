from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.org.models import Department

from .cards import REASON_MAX
from .choices import CardLevel
from .models import MonitoringRule

DATE = forms.DateInput(attrs={"type": "date"})
STATES = [("", _("全部")), ("open", _("未摘牌")), ("withdrawn", _("已摘牌"))]


class CardFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("责任部门"),
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label=_("全部部门"),
    )
    level = forms.ChoiceField(label=_("等级"), choices=[("", _("全部")), *CardLevel.choices], required=False)
    rule = forms.ModelChoiceField(
        label=_("监察规则"),
        queryset=MonitoringRule.objects.order_by("code"),
        required=False,
        empty_label=_("全部规则"),
    )
    raised_from = forms.DateField(
        label=_("发卡日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    raised_to = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    state = forms.ChoiceField(label=_("状态"), choices=STATES, required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else "form-control form-control-sm"
            )

    def clean(self):
        data = super().clean()
        first, last = data.get("raised_from"), data.get("raised_to")
        if first and last and last < first:
            raise forms.ValidationError(_("结束日期不能早于开始日期。"))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("摘牌理由"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}), strip=True
    )
