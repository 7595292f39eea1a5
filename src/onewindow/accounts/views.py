from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import LoginForm, TokenCreateForm
from .models import ApiToken


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
