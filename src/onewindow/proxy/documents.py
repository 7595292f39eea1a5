"""The entrustment (委托书) as a printable document of the documents registry: printed by whoever may see
it, for the principal to keep and the file; the principal's ID number and phone whole only for the agent
who signed it and the principal. Template: proxy/print/entrustment.html."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from onewindow.core.masking import mask_id_number, mask_phone
from onewindow.documents.registry import Document, Subject, register, register_subject
from onewindow.org.permissions import actor_of

from . import selectors


def entrustment_in_scope(request, number: str):
    actor = actor_of(request.user)
    entrustment = selectors.entrustment_by_number(actor, number)
    if entrustment is None:
        raise Http404
    return actor, entrustment


def shown_principal(actor, entrustment) -> dict:
    whole = selectors.reads_whole(actor, entrustment)
    return {
        "id_number": entrustment.principal_id_number
        if whole
        else mask_id_number(entrustment.principal_id_number),
        "phone": entrustment.principal_phone if whole else mask_phone(entrustment.principal_phone),
    }


def _context(request, actor, entrustment) -> dict:
    return {
        "entrustment": entrustment,
        "principal": shown_principal(actor, entrustment),
        "names": item_names(entrustment),
    }


def item_names(entrustment) -> list[str]:
    """The names of the entrusted items, as their latest versions call them."""
    return [v.name for v in selectors.latest_versions(entrustment.items.all())]


register_subject(Subject("entrustment", key="number", load=entrustment_in_scope))
register(
    Document(
        "entrustment",
        "entrustment",
        _("代办委托书"),
        "proxy/print/entrustment.html",
        may_print=lambda actor, entrustment: True,  # whoever may see it (its load is scoped)
        applies=lambda entrustment: True,
        context=_context,
    )
)
