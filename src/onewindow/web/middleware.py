from django.conf import settings
from django.shortcuts import render

from onewindow.errors import ServiceError


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
