"""Finding a holder's certificates: by the keyed digest of the ID number, never by the number itself."""

from __future__ import annotations

from datetime import date

from onewindow.personal import id_digest
from onewindow.prepared import Prepared
from onewindow.timelimits import reading

from .models import Certificate

_CERTIFICATES = Prepared(
    lambda digest: Certificate.objects.filter(holder_id_digest=digest).order_by("valid_from", "pk"), str
)


def certificates_of(id_number: str, on: date | None = None) -> dict[str, Certificate]:
    """The holder's certificates valid on `on` (the service day by default), one per type (the newest)."""
    on = on or reading.today()
    found = {}
    for cert in _CERTIFICATES.all(id_digest(id_number)):
        if cert.valid_on(on):
            found[cert.certificate_type] = cert
    return found
