"""The licence an approval issues, put into the certificate library (`onewindow.certificates`)."""

from __future__ import annotations

from datetime import date

from onewindow.certificates import services as library

from ..models import Case
from .inputs import ActionInput


def _issue_certificate(case: Case, data: ActionInput, today: date) -> None:
    number = (data.certificate_number or "").strip() or case.number
    library.issue(
        certificate_type=case.item_version.issues_certificate,
        number=number,
        holder_name=case.applicant_name,
        holder_id_number=case.applicant_id_number,
        holder_id_digest=case.applicant_id_digest,
        valid_from=today,
        valid_until=data.valid_until,
        issuer=case.department,
        case=case,
        source=case.number,
    )
