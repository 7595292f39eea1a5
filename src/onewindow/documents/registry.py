"""The registry of printable documents: what a module prints is a registration, not a view of its own.

A **subject** is the kind of thing documents are printed about (a case, an item's guide, later a
supervision matter or a meeting): its code, the URL keyword that carries its key, whether a visitor must
sign in first, and `load(request, key) -> (actor, target)`, which finds the person and the thing *within
that person's scope* and raises Http404 for anything out of it, exactly as for a key that does not exist.

A **document** names its subject and gives: a code (slug, unique per subject), its name (Chinese,
gettext_lazy), a template (extending `documents/page.html`, the one print page with the one print
stylesheet `static/onewindow/print.css`), `may_print(actor, target) -> bool`, `applies(target) -> bool`
(whether the document makes sense for the target as it stands), and `context(request, actor, target)
-> dict` for its template. The print page (`views.print_page`) answers 404 unless all of them agree, and
the subject's own page lists `offered(subject, actor, target)` as its print buttons.

A later module adds its documents (交办通知单, 催办单, 会议纪要, 委托书, 整改通知) at app start
(`AppConfig.ready` imports the module holding its registrations), for example::

    register_subject(Subject("matter", key="number", load=matter_in_scope))
    register(Document("matter", "assignment", _("交办通知单"), "supervision/print/assignment.html",
                      may_print=is_supervisor, applies=lambda m: m.assigned_on is not None,
                      context=assignment_context))

and routes its print URL to the shared view with its subject named::

    path("<matter_number:number>/print/<slug:kind>/", print_page, {"subject": "matter"}, name="print")
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Subject:
    code: str
    key: str  # the URL keyword that carries the subject's key ("number", "code")
    load: Callable[[Any, str], tuple[Any, Any]]  # (request, key) -> (actor, target), else Http404
    sign_in: bool = True  # an anonymous visitor is sent to the sign-in page first


@dataclass(frozen=True)
class Document:
    subject: str
    code: str
    name: Promise
    template: str
    may_print: Callable[[Any, Any], bool]  # (actor, target)
    applies: Callable[[Any], bool]  # (target): the document makes sense for it as it stands
    context: Callable[[Any, Any, Any], dict]  # (request, actor, target) -> the template's context


_SUBJECTS: dict[str, Subject] = {}
_DOCUMENTS: dict[str, dict[str, Document]] = {}


def register_subject(subject: Subject) -> Subject:
    known = _SUBJECTS.get(subject.code)
    if known is not None and known != subject:
        raise ValueError(f"the print subject {subject.code!r} is registered already, differently")
    _SUBJECTS[subject.code] = subject
    _DOCUMENTS.setdefault(subject.code, {})
    return subject


def register(document: Document) -> Document:
    """Add a document to its subject's list (in the order registered: the order of the print buttons)."""
    if document.subject not in _SUBJECTS:
        raise LookupError(f"register the print subject {document.subject!r} before its documents")
    known = _DOCUMENTS[document.subject].get(document.code)
    if known is not None and known != document:
        raise ValueError(f"{document.subject}/{document.code} is registered already, differently")
    _DOCUMENTS[document.subject][document.code] = document
    return document


def subject(code: str) -> Subject:
    return _SUBJECTS[code]


def document(subject_code: str, code: str) -> Document | None:
    return _DOCUMENTS.get(subject_code, {}).get(code)


def applying(subject_code: str, target) -> list[Document]:
    """The subject's documents that apply to the target as it stands, whoever asks."""
    return [d for d in _DOCUMENTS.get(subject_code, {}).values() if d.applies(target)]


def offered(subject_code: str, actor, target) -> list[Document]:
    """The documents this person may print for the target now: the print buttons of its page."""
    return [d for d in applying(subject_code, target) if d.may_print(actor, target)]
