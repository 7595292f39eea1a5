from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from .api import api
from .api_errors import envelope

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.ADMIN_SITE_HEADER


@csrf_exempt
def api_not_found(request, rest=""):
    return envelope(404)


def admin_login(request):
    """The admin signs in through the one throttled login page; a signed-in administrator goes on to the
    admin, anyone else signed in is refused rather than sent round the login page again."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.GET.get("next", "/admin/"))
    if not admin.site.has_permission(request):
        raise PermissionDenied
    return redirect("admin:index")


def favicon(request):
    """The icon's hashed address is known once the static files are collected: asked per request, never
    at import (a command run before `collectstatic` must not fail on it)."""
    return redirect(static("onewindow/favicon.svg"))  # not permanent: the hashed name changes with the icon


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("accounts/", include("onewindow.accounts.urls")),
    path("calendar/", include("onewindow.workcalendar.urls")),
    path("catalog/", include("onewindow.catalog.urls")),
    path("cases/intake/", include("onewindow.cases.intake_urls")),
    path("cases/notices/", include("onewindow.notices.urls")),
    path("cases/", include("onewindow.cases.urls")),
    path("supervision/", include("onewindow.supervision.urls")),
    path("proxy/", include("onewindow.proxy.urls")),
    path("onsite/", include("onewindow.onsite.urls")),
    path("guide/", include("onewindow.portal.urls")),
    path("track/", include("onewindow.portal.track_urls")),
    path("complaints/", include("onewindow.portal.complaint_urls")),
    path("leaders/", include("onewindow.portal.leader_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers and bookmarks ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", favicon),
    path("", include("onewindow.web.urls")),
]
