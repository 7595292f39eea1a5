"""Errors a service raises for a person or a program to read; the API and the views both render them.

Each carries a stable code for programs, a message in the user's language and optional details.
"""

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    status = 400
    code = "bad_request"
    default_message = _("请求有误。")

    def __init__(self, message=None, *, code: str | None = None, details=None):
        self.message = message or self.default_message
        self.code = code or self.code
        self.details = details
        super().__init__(str(self.message))


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"
    default_message = _("您没有权限进行此操作。")


class NotFound(ServiceError):
    status = 404
    code = "not_found"
    default_message = _("未找到请求的对象。")


class Invalid(ServiceError):
    status = 422
    code = "invalid"
    default_message = _("提交的数据有误。")


class Conflict(ServiceError):
    status = 409
    code = "conflict"
    default_message = _("操作与当前状态冲突。")


def one_or_not_found(queryset, **lookup):
    """The single object of an (already scoped) queryset, or NotFound: what is out of a person's scope
    answers exactly like what does not exist."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound()
    return found


class Throttled(ServiceError):
    status = 429
    code = "throttled"
    default_message = _("请求过于频繁，请稍后再试。")
