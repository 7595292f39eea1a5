"""Personal data (DESIGN rule 8): who sees an applicant's whole ID number and phone, masks for everyone
else, and a keyed digest for exact lookup.

An ID number is found by its digest, so a search by ID number needs no index on the number itself, and
the digest alone reveals nothing without the server's key. A partial number finds nothing: the digest
of a part matches no stored digest, so numbers cannot be enumerated by their beginnings.

`shows_whole` is the one question: the case page, the printed notices, the intake result and the API's
case detail all ask it, and the record's app answers it (cases: `cases/relations.py`); every list,
export, log line and audit payload is masked whatever the role.
"""

import hashlib
import hmac
from collections.abc import Callable

from django.conf import settings

from onewindow.core.masking import mask_id_number, mask_phone, mask_text

__all__ = [
    "applicant_shown",
    "id_digest",
    "keyed_digest",
    "mask_id_number",
    "mask_phone",
    "mask_text",
    "read_whole_by",
    "shows_whole",
]


def _key() -> bytes:
    return hashlib.sha256(b"onewindow-id-digest:" + settings.SECRET_KEY.encode()).digest()


def keyed_digest(data: bytes) -> str:
    """HMAC-SHA256 under the server's key: for anything stored to be matched later that holds personal
    data, so that a copy of the database cannot be searched by guessing (ID numbers have few digits of
    real entropy once a region and a birth date are known)."""
    return hmac.new(_key(), data, hashlib.sha256).hexdigest()


def id_digest(number: str) -> str:
    """`keyed_digest` of a normalised ID number or credit code."""
    return keyed_digest("".join((number or "").split()).upper().encode())


# Who reads a record whole depends on where the person stands to it, which the record's own app knows and
# this floor may not ask: the app registers its rule (cases: `cases.relations.reads_whole`).
_WHOLE_READERS: dict[type, Callable[..., bool]] = {}


def read_whole_by(model: type, rule: Callable[..., bool]) -> None:
    """Register `rule(actor, record, *at_hand)` as who reads a `model` record's personal data whole."""
    _WHOLE_READERS[model] = rule


def shows_whole(actor, record, *at_hand) -> bool:
    """Whether this person reads the record's ID number and phone whole, by its app's rule (`at_hand`:
    what the rule would otherwise read, such as a case's tasks); masked for a record with no rule."""
    rule = _WHOLE_READERS.get(type(record))
    return rule is not None and rule(actor, record, *at_hand)


def applicant_shown(actor, case, *at_hand) -> dict:
    """The applicant's ID number and phone as this person may see them, and whether they are whole."""
    whole = shows_whole(actor, case, *at_hand)
    return {
        "whole": whole,
        "id_number": case.applicant_id_number if whole else mask_id_number(case.applicant_id_number),
        "phone": case.applicant_phone if whole else mask_phone(case.applicant_phone),
    }
