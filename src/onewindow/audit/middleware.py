import re
import uuid

from onewindow.client_address import client_ip

from . import context

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep a sane one from X-Request-ID) that audit events carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        id_token = context.request_id.set(request.id)
        ip_token = context.client_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(id_token)
            context.client_ip.reset(ip_token)
        response["X-Request-ID"] = request.id
        return response
