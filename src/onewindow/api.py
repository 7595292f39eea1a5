"""The HTTP API under /api/v1: one NinjaAPI, token or session auth, one error envelope."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from onewindow.accounts import services as account_services
from onewindow.accounts.api import router as accounts_router
from onewindow.api_errors import ERROR_DESCRIPTIONS, envelope
from onewindow.cases.api import public_router as public_cases_router
from onewindow.cases.api import router as cases_router
from onewindow.catalog.api import router as catalog_router
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import ServiceError
from onewindow.notices.api import router as notices_router
from onewindow.onsite.api import router as onsite_router
from onewindow.onsite.material_api import router as onsite_materials_router
from onewindow.onsite.public_api import public_router as public_onsite_router
from onewindow.org.api import router as org_router
from onewindow.proxy.api import router as proxy_router
from onewindow.proxy.project_api import router as proxy_projects_router
from onewindow.proxy.request_api import router as proxy_requests_router
from onewindow.supervision.api import router as supervision_router
from onewindow.supervision.attachment_api import router as attachments_router
from onewindow.supervision.circulation_api import router as circulation_router
from onewindow.supervision.matter_api import router as matters_router
from onewindow.supervision.public_api import public_router as public_supervision_router
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


class SessionCookie(SessionAuth):
    """A signed-in browser's session, with its CSRF check. Without a session cookie there is no session to
    forge, so nothing to check: the caller is simply not signed in and gets 401, as without a token."""

    def _get_key(self, request):
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["code", "message", "details"],
    "properties": {
        "code": {
            "type": "string",
            "description": "稳定的错误代码，供程序判断，如 not_found、calendar_not_loaded",
        },
        "message": {"type": "string", "description": "给人看的说明，语言随 Accept-Language"},
        "details": {"description": "补充信息：字段错误列表、年份等；可为 null"},
    },
}
COMMON_ERRORS = (401, 403, 404, 422)


class OneWindowAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document declares the error envelope on every operation: for the common
    errors, for 400 and 413 where there is a request body, and for those an operation declares with
    `openapi_extra=may_answer(...)` (409, 429)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"] = {str(k): v for k, v in operation["responses"].items()}
                statuses = [*COMMON_ERRORS, *([400, 413] if "requestBody" in operation else [])]
                for status in statuses:
                    responses.setdefault(str(status), {"description": ERROR_DESCRIPTIONS[status]})
                for status, response in responses.items():
                    if status.startswith("4"):
                        response.setdefault("content", error)
        return schema


api = OneWindowAPI(
    title="onewindow API",
    version="1",
    description="政务服务平台接口。所有错误均以 {code, message, details} 返回。",
    auth=[BearerToken(), SessionCookie()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", accounts_router)
api.add_router("/org", org_router)
api.add_router("/calendar", calendar_router)
api.add_router("/catalog", catalog_router)
api.add_router("/cases", cases_router)
api.add_router("/public", public_cases_router)
api.add_router("/public", public_supervision_router)
api.add_router("/notices", notices_router)
api.add_router("/supervision", supervision_router)
api.add_router("/supervision", matters_router)
api.add_router("/supervision", circulation_router)
api.add_router("/supervision", attachments_router)
api.add_router("/proxy", proxy_router)
api.add_router("/proxy", proxy_requests_router)
api.add_router("/proxy", proxy_projects_router)
api.add_router("/onsite", onsite_router)
api.add_router("/onsite", onsite_materials_router)
api.add_router("/public", public_onsite_router)


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


@api.exception_handler(RequestDataTooBig)
def on_body_too_big(request, exc):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (one Base64 material of the largest size and some room)."""
    sizes = {
        "total": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024),
        "mb": settings.CASE_UPLOAD_MAX_BYTES // (1024 * 1024),
    }
    message = (
        _("请求过大：请求体不能超过 %(total)s MB（每份材料不超过 %(mb)s MB，Base64 编码后约增大三分之一）。")
        % sizes
    )
    return envelope(413, "too_large", message, {"max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    logger.exception("unhandled API error on %s %s", request.method, request.path)
    return envelope(500)
