from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
