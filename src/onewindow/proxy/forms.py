"""The entrustment form, which works on a phone (an agent signs with the principal in a village), and the
revocation. The checks are the services' (`accounts.applicants.check_applicant`, `entrustments._check`),
shown beside their fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.applicants import Applicant, check_applicant
from onewindow.accounts.models import ApplicantKind
from onewindow.errors import Invalid
from onewindow.styled import styled

from .choices import Mode, Priority, SignedBy
from .entrustments import REASON_MAX

# The service's field names (`Invalid.details`) and the form's, where they differ.
SERVICE_FIELDS = {
    "applicant_kind": "principal_kind",
    "applicant_name": "principal_name",
    "applicant_id_number": "principal_id_number",
    "applicant_phone": "principal_phone",
    "item_codes": "items",
}


def checked_principal(data) -> Applicant:
    """The principal as a form or the API gives it (the `principal_*` fields), checked as every applicant
    is (`Invalid` names the fields wrong)."""
    return check_applicant(
        kind=data["principal_kind"],
        name=data["principal_name"],
        id_number=data["principal_id_number"],
        phone=data["principal_phone"],
        legal_representative=data.get("legal_representative") or "",
    )


def show_on_form(form: forms.Form, refused: Invalid, *, signature_field: str | None = None) -> None:
    """A service's refusal beside the fields it names (the service's names mapped to the form's), else
    above the form."""
    fields = (refused.details or {}).get("fields") or refused.details or {"__all__": refused.message}
    for name, message in fields.items():
        name = signature_field if name == "signature" else SERVICE_FIELDS.get(name, name)
        form.add_error(name if name in form.fields else None, message)


class PrincipalForm(forms.Form):
    """The principal's fields, as the entrustment and the request both ask them (the page's include
    `proxy/_principal_fields.html` shows them)."""

    principal_kind = forms.ChoiceField(
        label=_("委托人类型"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    principal_name = forms.CharField(label=_("委托人"), max_length=100)
    principal_id_number = forms.CharField(label=_("身份证号码或统一社会信用代码"), max_length=30)
    principal_phone = forms.CharField(
        label=_("联系电话"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    priority = forms.ChoiceField(
        label=_("优先服务"), choices=[("", _("无")), *Priority.choices], required=False
    )
    door_to_door = forms.BooleanField(label=_("上门服务"), required=False)


class EntrustmentForm(PrincipalForm):
    all_in_scope = forms.BooleanField(
        label=_("委托代办范围内的全部事项"), required=False, help_text=_("不勾选时，只限下面选中的事项。")
    )
    items = forms.MultipleChoiceField(
        label=_("委托事项"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    mode = forms.ChoiceField(
        label=_("代办方式"), choices=Mode.choices, initial=Mode.WHOLE, widget=forms.RadioSelect
    )
    valid_from = forms.DateField(
        label=_("有效期自"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_until = forms.DateField(
        label=_("有效期至"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    signed_by = forms.ChoiceField(
        label=_("签署方式"), choices=SignedBy.choices, initial=SignedBy.TOUCH, widget=forms.RadioSelect
    )
    signature_drawn = forms.CharField(required=False, widget=forms.HiddenInput)  # the pad's PNG, Base64
    signature_scan = forms.FileField(
        label=_("签字扫描件"), required=False, help_text=_("PDF、JPG 或 PNG，按内容判断。")
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(v.implementation_code, v.name) for v in items]
        styled(self)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=REASON_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class ProxyRequestForm(PrincipalForm):
    """A request as the first receiver takes it: the principal, what they want done, where they live
    (and the project's site), and the items when they are known."""

    description = forms.CharField(
        label=_("诉求"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    items = forms.MultipleChoiceField(
        label=_("申请事项"), required=False, choices=(), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    lead_department = forms.ChoiceField(label=_("牵头部门"), required=False, choices=())
    home_code = forms.ChoiceField(
        label=_("住所地"), required=False, choices=(), help_text=_("不选时按证件号码中的地区码。")
    )
    site_code = forms.ChoiceField(label=_("项目所在地"), required=False, choices=())

    def __init__(self, *args, items=(), departments=(), divisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(v.implementation_code, v.name) for v in items]
        self.fields["lead_department"].choices = [("", _("不指定")), *((d.pk, d.name) for d in departments)]
        places = [(d.code, d.name) for d in divisions]
        self.fields["home_code"].choices = [("", _("按证件号码")), *places]
        self.fields["site_code"].choices = [("", _("无")), *places]
        styled(self)


class ReassignForm(forms.Form):
    to = forms.ChoiceField(label=_("改派给"), choices=())
    reason = forms.CharField(label=_("改派理由"), max_length=300)

    def __init__(self, *args, departments=(), agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (_("部门"), [(f"department:{d.pk}", d.name) for d in departments]),
            (_("代办员"), [(f"agent:{s.user.username}", f"{s.full_name} · {s.body.name}") for s in agents]),
        ]
        styled(self)


class HandoverForm(forms.Form):
    materials = forms.CharField(
        label=_("交接材料"), max_length=300, help_text=_("如“身份证复印件 1 份、申请表 2 份”。")
    )
    to = forms.ChoiceField(label=_("交给"), choices=())

    def __init__(self, *args, departments=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (_("人员"), [(f"user:{s.user.username}", f"{s.full_name} · {s.body.name}") for s in people]),
            (_("部门"), [(f"department:{d.pk}", d.name) for d in departments]),
        ]
        styled(self)
