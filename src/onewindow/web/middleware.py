from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render
from django.utils.translation import gettext as _

from onewindow.api_errors import API_PREFIX, envelope
from onewindow.core.text import has_control, json_has_control
from onewindow.errors import Invalid, ServiceError


class ServiceErrorMiddleware:
    """Show a service's refusal to a person as a page (or an htmx fragment) in their language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceError):
            return None
        template = "web/_error_fragment.html" if request.headers.get("HX-Request") else "web/error.html"
        return render(request, template, {"error": exception}, status=exception.status)


class SecurityHeadersMiddleware:
    """Headers Django does not send itself: the Content-Security-Policy and Permissions-Policy of
    settings, and `Cache-Control: no-store` on what a signed-in person is shown, so a shared hall
    terminal or a proxy keeps no copy of someone's case once the page is left."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = settings.CONTENT_SECURITY_POLICY
        self.policy = "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())
        self.permissions = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response


class ControlCharactersMiddleware:
    """Refuse a request whose text carries control characters (`core.text`): every query parameter, form
    field and JSON string, before any view reads it, with 422 (the API's error envelope, or the error
    page in the person's language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = _fields_with_control(request)
        if not fields:
            return self.get_response(request)
        error = Invalid(
            _("提交的内容含有不可见的控制字符（如 NUL），请删除后重试。"),
            code="control_characters",
            details={"fields": fields},
        )
        if request.path.startswith(API_PREFIX):
            return envelope(error.status, error.code, error.message, error.details)
        return render(request, "web/error.html", {"error": error}, status=error.status)


def _fields_with_control(request) -> list[str]:
    fields = ["path"] if has_control(request.path) else []
    fields += [name for name, values in request.GET.lists() if _any_control(name, values)]
    if request.method not in ("POST", "PUT", "PATCH"):
        return fields
    try:
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            fields += [name for name, values in request.POST.lists() if _any_control(name, values)]
        elif json_has_control(request.body):  # the API's JSON, whatever type it was sent as
            fields.append("body")
    except (RequestDataTooBig, TooManyFieldsSent):
        pass  # the view refuses these itself (413 in the API)
    return fields


def _any_control(name: str, values: list[str]) -> bool:
    return has_control(name) or any(has_control(value) for value in values)
