from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.client_address import client_ip
from onewindow.errors import Invalid

from . import services
from .forms import LoginForm, RegisterForm, TokenCreateForm
from .models import ApiToken
from .selectors import citizen_of

REGISTRATIONS_PER_MINUTE = 10


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

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
