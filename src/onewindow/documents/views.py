"""The one print page: every registered document is printed through it (see `registry`)."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import registry


@require_GET
def print_page(request, subject: str, kind: str, **keys):
    """A document to print and hand over. The URL names the subject (as a fixed keyword of its route),
    the document (`kind`) and the subject's key; anything the person may not see or print answers 404,
    like a document that does not exist."""
    found = registry.subject(subject)
    if found.sign_in and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    actor, target = found.load(request, keys[found.key])
    document = registry.document(subject, kind)
    if document is None or not document.applies(target) or not document.may_print(actor, target):
        raise Http404
    context = {**document.context(request, actor, target), "document": document}
    return render(request, document.template, context)
