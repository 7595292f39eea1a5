"""One error shape for every API failure: {"code", "message", "details"}.

The ninja handlers shape the errors raised inside endpoints; the middleware reshapes what Django
answers before a request reaches ninja (an unknown path, a wrong method, a failed CSRF check).
"""

import json
import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _messages():
    return {
        400: ("bad_request", _("请求有误。")),
        401: ("unauthenticated", _("请先登录，或在 Authorization 头中提供有效的 API 令牌。")),
        403: ("forbidden", _("您没有权限进行此操作。")),
        404: ("not_found", _("未找到请求的对象。")),
        405: ("method_not_allowed", _("不支持此请求方法。")),
        409: ("conflict", _("操作与当前状态冲突。")),
        422: ("invalid", _("提交的数据有误。")),
        429: ("too_many_requests", _("请求过于频繁，请稍后再试。")),
        500: ("server_error", _("服务器内部错误，已记录，请稍后再试。")),
    }


# What an error status means in the OpenAPI document. Every operation declares 401/403/404/422, one with a
# request body also 400 (a body that is not JSON) and 413 (a body too large); the others only where an
# operation can answer them.
ERROR_DESCRIPTIONS = {
    400: "请求体无法解析（不是有效的 JSON）",
    401: "未登录或令牌无效",
    403: "无权进行此操作",
    404: "对象不存在或不在您的权限范围内",
    409: "与当前状态冲突（数据版本过期、状态不允许、Idempotency-Key 重复使用）",
    413: "请求体超过 DATA_UPLOAD_MAX_MEMORY_SIZE（一份 20 MB 材料的 Base64 再加 1 MB）",
    422: "请求数据有误",
    429: "请求过于频繁，请稍后再试",
}


def may_answer(*statuses: int) -> dict:
    """`openapi_extra` for an operation that can answer these error statuses besides the common ones, so
    that the OpenAPI document declares them (with the error envelope, which the API fills in)."""
    return {"responses": {str(s): {"description": ERROR_DESCRIPTIONS[s]} for s in statuses}}


def envelope(status: int, code: str | None = None, message=None, details=None) -> JsonResponse:
    default_code, default_message = _messages().get(status, ("error", _("请求失败。")))
    body = {"code": code or default_code, "message": str(message or default_message), "details": details}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _is_envelope(response) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    try:
        body = json.loads(response.content)
    except (ValueError, AttributeError):
        return False
    return isinstance(body, dict) and {"code", "message", "details"} <= body.keys()


class ApiErrorEnvelopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if getattr(response, "streaming", False) or _is_envelope(response):
            return response
        replaced = envelope(response.status_code)
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced
