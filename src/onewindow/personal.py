"""Personal data (DESIGN rule 8): who sees an applicant's whole ID number and phone, masks for everyone
else, and a keyed digest for exact lookup.

An ID number is found by its digest, so a search by ID number needs no index on the number itself, and
the digest alone reveals nothing without the server's key. A partial number finds nothing: the digest
of a part matches no stored digest, so numbers cannot be enumerated by their beginnings.

`shows_whole` is the one rule: the case page, the printed notices, the intake result and the API's case
detail all ask it; every list, export, log line and audit payload is masked whatever the role.
"""

import hashlib
import hmac

from django.conf import settings

from onewindow.core.masking import mask_id_number, mask_phone, mask_text
from onewindow.org.roles import Role

__all__ = [
    "applicant_shown",
    "id_digest",
    "keyed_digest",
    "mask_id_number",
    "mask_phone",
    "mask_text",
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


def shows_whole(actor, case, tasks=None) -> bool:
    """Whether this person needs the whole ID number and phone of this case's applicant: the applicant
    themself; the window clerks (and chief representatives) of the body that took the case in, who
    check the person at the counter and print the acceptance notice; and the reviewers (and chief
    representatives) of the department that decides it or of a joint task on it. Administrators,
    supervisors, leaders, agents and everyone else get masked values."""
    if not actor.is_authenticated:
        return False
    if case.citizen_id is not None and case.citizen_id == actor.user.pk:
        return True
    staff = actor.staff
    if staff is None or actor.is_admin:
        return False
    if actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP) and staff.body_id == case.body_id:
        return True
    if actor.has_role(Role.REVIEWER, Role.CHIEF_REP) and staff.department_id:
        if staff.department_id == case.department_id:
            return True
        tasks = list(case.tasks.all()) if tasks is None else tasks
        return any(t.department_id == staff.department_id for t in tasks)
    return False


def applicant_shown(actor, case, tasks=None) -> dict:
    """The applicant's ID number and phone as this person may see them, and whether they are whole."""
    whole = shows_whole(actor, case, tasks)
    return {
        "whole": whole,
        "id_number": case.applicant_id_number if whole else mask_id_number(case.applicant_id_number),
        "phone": case.applicant_phone if whole else mask_phone(case.applicant_phone),
    }
