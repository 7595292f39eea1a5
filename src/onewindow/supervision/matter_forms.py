"""The forms of the matter pages: the inbox's filters and the registration (立项), which works on a phone.
The checks of a registration are the service's (`matter_services._clean`), shown beside their fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.org.models import Department
from onewindow.styled import styled

from .choices import MatterStatus, Source, Urgency

STATUSES = [("open", _("未办结")), ("", _("全部")), *MatterStatus.choices]


class MatterFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=STATUSES, required=False)
    source = forms.ChoiceField(label=_("来源"), choices=[("", _("全部")), *Source.choices], required=False)
    urgency = forms.ChoiceField(
        label=_("紧急程度"), choices=[("", _("全部")), *Urgency.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=Department.objects.none(), required=False, empty_label=_("全部单位")
    )
    late = forms.BooleanField(label=_("反馈逾期"), required=False)
    q = forms.CharField(label=_("编号或标题"), max_length=100, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        styled(self, small=True)


class MatterForm(forms.Form):
    source = forms.ChoiceField(label=_("来源"), choices=[c for c in Source.choices if c[0] != Source.CARD])
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL)
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(label=_("内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    requester_name = forms.CharField(label=_("诉求人"), max_length=50, required=False)
    requester_phone = forms.CharField(
        label=_("联系电话"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    respondent_unit = forms.ModelChoiceField(
        label=_("被投诉单位"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("不涉及或不清楚"),
    )
    respondent_person = forms.CharField(label=_("被投诉人"), max_length=50, required=False)
    feedback_days = forms.IntegerField(
        label=_("反馈时限（工作日）"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("空为按紧急程度默认。"),
    )
    completion_days = forms.IntegerField(
        label=_("办结时限（工作日）"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("空为按紧急程度默认。"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["respondent_unit"].queryset = units
        styled(self)
