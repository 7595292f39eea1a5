"""Personal data helpers (DESIGN rule 8): masks for display and a keyed digest for exact lookup.

An ID number is found by its digest, so a search by ID number needs no index on the number itself, and
the digest alone reveals nothing without the server's key.
"""

import hashlib
import hmac

from django.conf import settings

from onewindow.core.masking import mask_id_number, mask_phone

__all__ = ["id_digest", "mask_id_number", "mask_phone"]


def _key() -> bytes:
    return hashlib.sha256(b"onewindow-id-digest:" + settings.SECRET_KEY.encode()).digest()


def id_digest(number: str) -> str:
    """HMAC-SHA256 of a normalised ID number or credit code."""
    normal = "".join((number or "").split()).upper()
    return hmac.new(_key(), normal.encode(), hashlib.sha256).hexdigest()
