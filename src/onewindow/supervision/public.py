"""Complaints and enquiries from the public (投诉 · 咨询), and what their requester sees of them.

Anyone may submit one (the portal's form or the public API), throttled per client address; it is
registered as a matter of the county's centre for the office to assign, and answered with its number
and a query code. With both, the requester follows it: its steps by day and unit, the reply and the
outcome, never a name of staff, another person's data, or the unit's working notes.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from onewindow.accounts.services import allow_rate
from onewindow.errors import Invalid, Throttled
from onewindow.org.models import Department, ServiceBody

from .choices import Source
from .matter_flow import ACTION_LABELS
from .matter_services import NewMatter, register_matter
from .models import Matter
from .selectors import top_centre, units_of

PUBLIC_SOURCES = (Source.COMPLAINT, Source.ENQUIRY)
# The steps a requester sees on their timeline (the office's internal ones stay inside).
PUBLIC_STEPS = ("register", "assign", "acknowledge", "feed_back", "send_back", "reply", "close", "reopen")


def county_centre() -> ServiceBody:
    """Where a public complaint is registered: the top centre (the county's), whose office assigns it."""
    centre = top_centre()
    if centre is None:
        raise Invalid(_("系统尚未设置政务服务中心，暂不能受理投诉。"), code="no_centre")
    return centre


def respondent_units():
    """The units a member of the public may name as the one complained about: those of the county."""
    centre = top_centre()
    if centre is None:
        return Department.objects.none()
    return units_of(centre).filter(is_active=True).order_by("sort_order", "pk")


def submit(
    *,
    source: str,
    title: str,
    content: str,
    name: str,
    phone: str,
    client: str,
    respondent_unit_id: int | None = None,
    respondent_person: str = "",
) -> Matter:
    """Register a complaint or enquiry from the public; at most a few per client address an hour. The
    unit and person complained about are optional (the public often does not know them)."""
    if source not in PUBLIC_SOURCES:
        raise Invalid(_("请选择投诉或咨询。"), code="invalid_source")
    if not (phone or "").strip():
        raise Invalid(
            _("请留下联系电话，以便承办单位答复您。"),
            code="phone_required",
            details={"fields": {"phone": _("请留下联系电话，以便承办单位答复您。")}},
        )
    if not allow_rate(f"complaint:{client}", settings.PUBLIC_COMPLAINTS_PER_MINUTE):
        raise Throttled()
    new = NewMatter(
        source=source,
        title=title,
        content=content,
        requester_name=name,
        requester_phone=phone,
        respondent_unit=respondent_unit_id,
        respondent_person=respondent_person,
    )
    return register_matter(actor=None, body=county_centre(), new=new)


def tracked(number: str, code: str) -> Matter | None:
    """The matter with this number and query code; None for a wrong code exactly as for no such number."""
    if not number or not code:
        return None
    return Matter.objects.select_related("lead_unit").filter(number=number, query_code=code).first()


@dataclass(frozen=True)
class PublicStep:
    label: str
    day: date
    unit: str


def public_steps(matter: Matter) -> list[PublicStep]:
    return [
        PublicStep(str(ACTION_LABELS[e.action]), e.day, e.department.name if e.department_id else "")
        for e in matter.events.filter(action__in=PUBLIC_STEPS).select_related("department").order_by("pk")
    ]
