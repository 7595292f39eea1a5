"""The electronic certificate library (电子证照库): the holder's valid certificates, reused at intake,
and the licence an approval issues."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.errors import Conflict
from onewindow.personal import id_digest

from .. import clocks, queries
from ..models import Case, Certificate
from .inputs import ActionInput
from .steps import (
    _number_of,
)


def certificates_of(id_number: str, on: date | None = None) -> dict[str, Certificate]:
    """The holder's certificates valid today, one per type (the newest)."""
    on = on or clocks.today()
    found = {}
    for cert in queries.certificates_held(id_digest(id_number)):
        if cert.valid_on(on):
            found[cert.certificate_type] = cert
    return found


def _issue_certificate(case: Case, data: ActionInput, today: date) -> None:
    number = (data.certificate_number or "").strip() or _number_of(case)
    if Certificate.objects.filter(
        certificate_type=case.item_version.issues_certificate, number=number
    ).exists():
        raise Conflict(
            _("该证照编号已存在。"), code="certificate_exists", details={"certificate_number": number}
        )
    certificate = Certificate.objects.create(
        certificate_type=case.item_version.issues_certificate,
        number=number[:60],
        holder_name=case.applicant_name,
        holder_id_number=case.applicant_id_number,
        holder_id_digest=case.applicant_id_digest,
        valid_from=today,
        valid_until=data.valid_until,
        issuer=case.department,
        case=case,
    )
    audit.record(
        actor=None,
        action="cases.certificate.issue",
        obj=certificate,
        after={"type": certificate.certificate_type, "case": case.number},
    )
