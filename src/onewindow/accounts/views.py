from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.client_address import client_ip
from onewindow.errors import Invalid

from . import passwords, services
from .forms import LoginForm, PasswordChangeForm, RegisterForm, ResetForm, ResetRequestForm, TokenCreateForm
from .models import ApiToken
from .selectors import citizen_of

REGISTRATIONS_PER_MINUTE = 10
RESETS_PER_MINUTE = 5
PUBLIC_PAGES = ("/guide/", "/track/")


class LoginView(auth_views.LoginView):
    """One login for everyone, titled for who comes: the public (`?for=public`, or on the way to a page
    of the public's own) or staff."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        wanted = self.request.GET.get("next") or self.request.POST.get("next") or ""
        context["for_public"] = self.request.GET.get("for") == "public" or wanted.startswith(PUBLIC_PAGES)
        return context

    def get_default_redirect_url(self):
        """Applicants (who hold no staff post) land on their own cases; staff on their home page."""
        if citizen_of(self.request.user) is not None:
            return resolve_url("portal:my")
        return super().get_default_redirect_url()


@never_cache
@require_http_methods(["GET", "POST"])
def register(request):
    """Registration for the public: a person or an organisation, one account per ID number.

    Staff cannot register while signed in (their account is not an applicant's); a signed-in applicant
    goes to their cases. Registrations are throttled per client address.
    """
    if request.user.is_authenticated:
        if citizen_of(request.user) is not None:
            return redirect("portal:my")
        return render(request, "accounts/register_refused.html", status=403)
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        if not services.allow_rate(f"register:{client_ip(request)}", REGISTRATIONS_PER_MINUTE):
            again = RegisterForm(
                initial={k: v for k, v in request.POST.items() if not k.startswith("password")}
            )
            return render(request, "accounts/register.html", {"form": again, "throttled": True}, status=429)
        if form.is_valid():
            try:
                citizen = services.register_citizen(
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    applicant=form.applicant,
                )
            except Invalid as exc:
                form.add_service_errors(exc)
            except IntegrityError:  # the same name or ID registered at the same moment
                form.add_error(None, _("该用户名或证件已被注册，请换一个用户名或直接登录。"))
            else:
                login(request, citizen.user)
                messages.success(request, _("注册成功，欢迎使用网上办事。"))
                return redirect("portal:my")
    return render(request, "accounts/register.html", {"form": form})


NEW_TOKEN_KEY = "onewindow_new_token"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """List the user's API tokens and make a new one. The new token is shown once, after a redirect,
    so that a refresh neither repeats the POST nor shows the token again."""
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, raw = services.create_token(
            actor=request.user, user=request.user, name=form.cleaned_data["name"]
        )
        request.session[NEW_TOKEN_KEY] = raw
        return redirect("accounts:tokens")
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_token": request.session.pop(NEW_TOKEN_KEY, None),
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


@login_required
@require_POST
def revoke_token(request, token_id: int):
    token = services.revoke_token(actor=request.user, token_id=token_id)
    if request.headers.get("HX-Request"):
        return render(request, "accounts/_token_row.html", {"token": token})
    messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
    return redirect("accounts:tokens")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Anyone signed in changes their own password; the session stays signed in."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            passwords.change_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except Invalid as exc:
            form.add_service_errors(exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/password_change.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request):
    """A member of the public asks for a code by SMS; the answer is the same whether or not the account
    and phone match, so the page tells nobody who is registered."""
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services.allow_rate(f"reset:{client_ip(request)}", RESETS_PER_MINUTE):
            return render(
                request, "accounts/password_reset.html", {"form": form, "throttled": True}, status=429
            )
        passwords.request_code(username=form.cleaned_data["username"], phone=form.cleaned_data["phone"])
        messages.info(request, _("如账号和手机号与注册时一致，验证码已发送到该手机，10 分钟内有效。"))
        next_step = reverse("accounts:password_reset_confirm")
        return redirect(f"{next_step}?{urlencode({'username': form.cleaned_data['username']})}")
    return render(request, "accounts/password_reset.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset_confirm(request):
    """The code and the new password; a wrong code counts against the code's few tries."""
    form = ResetForm(request.POST or None, initial={"username": request.GET.get("username", "")[:150]})
    if request.method == "POST" and form.is_valid():
        if not services.allow_rate(f"reset:{client_ip(request)}", RESETS_PER_MINUTE):
            return render(
                request, "accounts/password_reset_confirm.html", {"form": form, "throttled": True}, status=429
            )
        try:
            passwords.reset_with_code(
                username=form.cleaned_data["username"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["new_password1"],
            )
        except Invalid as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("密码已重设，请用新密码登录。"))
            return redirect(f"{reverse('accounts:login')}?for=public")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})
