"""Checking who applies: one set of rules for the window, the portal, agents, the API and registration.

Resident ID numbers and social credit codes are checked by checksum (core.identity); the messages say
what is wrong in the applicant's language.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from onewindow.core.identity import IdentityProblem, InvalidIdentity, credit_code, resident_id
from onewindow.errors import Invalid

from .models import ApplicantKind

MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class Applicant:
    kind: str
    name: str
    id_number: str
    phone: str
    legal_representative: str = ""
    contact_name: str = ""


def _identity_message(exc: InvalidIdentity) -> str:
    what = _("身份证号码") if exc.kind == "resident_id" else _("统一社会信用代码")
    reasons = {
        IdentityProblem.LENGTH: _("%(what)s位数不对。"),
        IdentityProblem.FORMAT: _("%(what)s含有不允许的字符。"),
        IdentityProblem.CHECKSUM: _("%(what)s校验位不正确，请核对。"),
        IdentityProblem.COMPONENT: _("%(what)s中的出生日期或区划无效。"),
    }
    return reasons[exc.problem] % {"what": what}


def check_applicant(
    *,
    kind: str,
    name: str,
    id_number: str,
    phone: str,
    legal_representative: str = "",
    contact_name: str = "",
) -> Applicant:
    """A checked, normalised applicant, or Invalid with one message per wrong field."""
    errors = {}
    name = (name or "").strip()
    phone = "".join((phone or "").split())
    legal_representative = (legal_representative or "").strip()
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = _("请选择自然人或法人。")
    if not name:
        errors["applicant_name"] = _("请填写申请人姓名或单位名称。")
    elif len(name) > 100:
        errors["applicant_name"] = _("名称过长。")
    number = ""
    try:
        number = credit_code(id_number) if kind == ApplicantKind.ORGANISATION else resident_id(id_number)
    except InvalidIdentity as exc:
        errors["applicant_id_number"] = _identity_message(exc)
    if not MOBILE.match(phone):
        errors["applicant_phone"] = _("请填写 11 位手机号码。")
    if kind == ApplicantKind.ORGANISATION and not legal_representative:
        errors["legal_representative"] = _("法人申请须填写法定代表人。")
    if errors:
        raise Invalid(_("申请人信息有误。"), code="applicant_invalid", details=errors)
    return Applicant(
        kind=kind,
        name=name,
        id_number=number,
        phone=phone,
        legal_representative=legal_representative[:50],
        contact_name=(contact_name or "").strip()[:50],
    )
