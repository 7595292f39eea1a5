"""The one-time notice (一次性告知书) of a published item's guide, printed by anyone, signed in or not,
through the shared print page: it lists every material the item needs. Template: portal/notice.html."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from onewindow.catalog import selectors
from onewindow.documents.registry import Document, Subject, register, register_subject


def live_item(request, code: str):
    """The published version of the item with this implementation code, or 404."""
    version = selectors.live_item_by_code(code)
    if version is None:
        raise Http404
    return request.user, version


def anyone(_actor, _version) -> bool:
    return True


def always(_version) -> bool:
    return True


def notice_context(_request, _actor, version) -> dict:
    return {"item": version}


register_subject(Subject("item", key="code", load=live_item, sign_in=False))
register(Document("item", "notice", _("一次性告知书"), "portal/notice.html", anyone, always, notice_context))
