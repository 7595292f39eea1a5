"""Putting a result into the library (DESIGN rule 1: the only code that writes certificates)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.errors import Conflict

from .models import Certificate


def issue(
    *,
    certificate_type: str,
    number: str,
    holder_name: str,
    holder_id_number: str,
    holder_id_digest: str,
    valid_from: date,
    valid_until: date | None,
    issuer,
    case=None,
    source: str = "",
) -> Certificate:
    """Store one certificate; a number already in the library for its type is refused (409)."""
    if Certificate.objects.filter(certificate_type=certificate_type, number=number).exists():
        raise Conflict(
            _("该证照编号已存在。"), code="certificate_exists", details={"certificate_number": number}
        )
    certificate = Certificate.objects.create(
        certificate_type=certificate_type,
        number=number[:60],
        holder_name=holder_name,
        holder_id_number=holder_id_number,
        holder_id_digest=holder_id_digest,
        valid_from=valid_from,
        valid_until=valid_until,
        issuer=issuer,
        case=case,
    )
    audit.record(
        actor=None,
        action="cases.certificate.issue",
        obj=certificate,
        after={"type": certificate.certificate_type, "case": source},
    )
    return certificate
