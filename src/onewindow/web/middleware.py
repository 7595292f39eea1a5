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
