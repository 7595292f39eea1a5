"""The HTTP API under /api/v1: one NinjaAPI, token or session auth, one error envelope."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from onewindow.accounts import services as account_services
from onewindow.accounts.api import router as accounts_router
from onewindow.api_errors import envelope
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import ServiceError
from onewindow.org.api import router as org_router
from onewindow.workcalendar.api import not_loaded
from onewindow.workcalendar.api import router as calendar_router

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    """`Authorization: Bearer ow_...`, a personal token made in the UI or by `onewindow token create`."""

    def authenticate(self, request, token):
        user = account_services.user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="onewindow API",
    version="1",
    description="政务服务平台接口。所有错误均以 {code, message, details} 返回。",
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", accounts_router)
api.add_router("/org", org_router)
api.add_router("/calendar", calendar_router)


def _plain_errors(errors):
    return [
        {"loc": list(e.get("loc", [])), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in errors
    ]


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    return envelope(422, "invalid", _("提交的数据有误。"), _plain_errors(exc.errors))


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return envelope(401)


@api.exception_handler(ServiceError)
def on_service_error(request, exc):
    return envelope(exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(CalendarNotLoaded)
def on_calendar_not_loaded(request, exc):
    return on_service_error(request, not_loaded(exc))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return envelope(403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return envelope(404)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    # ninja's own messages (a failed CSRF check, say) are English: keep them as details only.
    return envelope(exc.status_code, details={"reason": str(exc)} if str(exc) else None)


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    logger.exception("unhandled API error on %s %s", request.method, request.path)
    return envelope(500)
