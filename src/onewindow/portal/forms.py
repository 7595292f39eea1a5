from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.catalog.choices import CaseKind, ExercisingTier, ProxyTier
from onewindow.catalog.models import Topic
from onewindow.catalog.selectors import ItemFilters
from onewindow.org.models import Department


class GuideSearchForm(forms.Form):
    q = forms.CharField(label=_("搜索事项"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("部门"), required=False, queryset=Department.objects.none(), empty_label=_("全部部门")
    )
    tier = forms.ChoiceField(
        label=_("层级"), required=False, choices=[("", _("全部层级")), *ExercisingTier.choices]
    )
    kind = forms.ChoiceField(
        label=_("办件类型"), required=False, choices=[("", _("全部类型")), *CaseKind.choices]
    )
    proxyable = forms.ChoiceField(
        label=_("可代办"), required=False, choices=[("", _("不限")), *ProxyTier.choices]
    )
    topic = forms.SlugField(label=_("主题"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            is_active=True, item_versions__status="published"
        ).distinct()

    def clean_topic(self):
        code = self.cleaned_data["topic"]
        if code and not Topic.objects.filter(code=code).exists():
            raise forms.ValidationError(_("没有这个主题。"))
        return code

    def filters(self) -> ItemFilters:
        data = self.cleaned_data
        return ItemFilters(
            q=data.get("q") or "",
            department=data["department"].pk if data.get("department") else None,
            tier=data.get("tier") or None,
            kind=data.get("kind") or None,
            proxyable=data.get("proxyable") or None,
            topic=data.get("topic") or None,
        )


def _digits(value: str) -> str:
    return "".join((value or "").split())


class TrackForm(forms.Form):
    """A case number (20 digits) and its query code (6 digits), spaces ignored."""

    number = forms.CharField(label=_("办件编号"), max_length=40)
    code = forms.CharField(label=_("查询码"), max_length=20)

    def clean_number(self):
        number = _digits(self.cleaned_data["number"])
        if not (number.isdigit() and len(number) == 20):
            raise forms.ValidationError(_("办件编号是 20 位数字。"))
        return number

    def clean_code(self):
        code = _digits(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("查询码是 6 位数字。"))
        return code
