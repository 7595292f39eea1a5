from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.errors import Invalid

from .applicants import check_applicant
from .models import ApplicantKind


class LoginForm(AuthenticationForm):
    """The login form, which tells a locked-out person when they may try again."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确。连续输错 5 次后，账号将锁定 15 分钟。"),
        "locked": _("密码错误次数过多，账号已临时锁定，请在 %(minutes)s 分钟后再试。"),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            locked_until = getattr(self.request, "login_locked_until", None)
            if not locked_until:
                raise
            minutes = max(1, int((locked_until - timezone.now()).total_seconds() // 60) + 1)
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": minutes}
            ) from None


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("用途"), max_length=100, help_text=_("写明令牌给谁、做什么用，如“自助终端”。")
    )


class ServiceErrors:
    """Shows a service's refusal on a form: each per-field message on its field (`FIELD_OF` maps the
    service's names to the form's; a field keeps its first message), the rest on top."""

    FIELD_OF: dict[str, str] = {}

    def add_service_errors(self, exc: Invalid) -> None:
        details = exc.details if isinstance(exc.details, dict) else {}
        for key, message in details.items():
            field = self.FIELD_OF.get(key)
            if field is None:
                self.add_error(None, message)
            elif not self.has_error(field):
                self.add_error(field, message)
        if not details:
            self.add_error(None, exc.message)


class RegisterForm(ServiceErrors, forms.Form):
    """A public account for a person or an organisation. The applicant's details are checked by the
    same rules as at the window (`check_applicant`); the account itself by `register_citizen`."""

    # Where the services' per-field messages go on this form.
    FIELD_OF = {
        "applicant_kind": "kind",
        "applicant_name": "name",
        "applicant_id_number": "id_number",
        "applicant_phone": "phone",
        "legal_representative": "legal_representative",
        "username": "username",
        "password": "password1",
    }

    kind = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON
    )
    name = forms.CharField(label=_("姓名或单位名称"), max_length=100)
    id_number = forms.CharField(label=_("身份证号码或统一社会信用代码"), max_length=30)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,  # its rule is the service's (accounts.services), the same for the page and the API
        help_text=_("登录时使用；可用字母、数字和 @ . + - _，请勿使用证件号码。"),
    )
    password1 = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("再次输入密码"), strip=False, widget=forms.PasswordInput)

    applicant = None  # the checked applicant, once the form is valid

    def clean(self):
        data = super().clean()
        kind = data.get("kind", "")
        if (
            kind == ApplicantKind.ORGANISATION
            and not data.get("contact_name")
            and not self.has_error("contact_name")
        ):
            self.add_error("contact_name", _("法人注册请填写联系人。"))
        if "kind" in data:
            try:
                self.applicant = check_applicant(
                    kind=kind,
                    name=data.get("name", ""),
                    id_number=data.get("id_number", ""),
                    phone=data.get("phone", ""),
                    legal_representative=data.get("legal_representative", ""),
                    contact_name=data.get("contact_name", ""),
                )
            except Invalid as exc:
                self.add_service_errors(exc)
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class _PasswordForm(ServiceErrors, forms.Form):
    """The two new-password fields every password form shares; the services check the rules."""

    new_password1 = forms.CharField(label=_("新密码"), strip=False, widget=forms.PasswordInput)
    new_password2 = forms.CharField(label=_("再次输入新密码"), strip=False, widget=forms.PasswordInput)

    # Where the services' per-field messages go.
    FIELD_OF = {"new_password": "new_password1", "old_password": "old_password", "code": "code"}

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("两次输入的密码不一致。"))
        return data


class PasswordChangeForm(_PasswordForm):
    old_password = forms.CharField(label=_("当前密码"), strip=False, widget=forms.PasswordInput)
    field_order = ["old_password", "new_password1", "new_password2"]


class ResetRequestForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    phone = forms.CharField(label=_("注册时填写的手机号"), max_length=20)


class ResetForm(_PasswordForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    code = forms.CharField(label=_("短信验证码"), max_length=10)
    field_order = ["username", "code", "new_password1", "new_password2"]
