"""The urging ladder (催办): a unit late with its feedback is urged rung by rung, each rung exactly once.

The ladder of a matter is the rungs configured for its source and urgency, the most specific set that
exists (source and urgency, then source, then urgency, then the default for all). The sweep climbs one
rung of a matter whose feedback is late once the rung's wait (working days after the previous rung;
the first: after the feedback deadline) has passed; a supervisor may climb by hand (`matter_services`
"urge"). An `Urging` row is unique per matter and rung, so two workers never climb the same rung twice.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.audit import services as audit
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.workcalendar.services import current_calendar

from .choices import AWAITING_FEEDBACK
from .matter_clock import tell_of_step
from .models import Matter, MatterEvent, Urging, UrgingRung


def ladder_of(matter: Matter) -> list[UrgingRung]:
    """The rungs for the matter's source and urgency, in order."""
    for source, urgency in (
        (matter.source, matter.urgency),
        (matter.source, ""),
        ("", matter.urgency),
        ("", ""),
    ):
        rungs = list(UrgingRung.objects.filter(source=source, urgency=urgency).order_by("step"))
        if rungs:
            return rungs
    return []


def climb(matter: Matter, on: date, *, by=None, findings: str = "") -> Urging | None:
    """Climb the matter's next rung (the caller holds the matter locked); None at the top of the ladder."""
    rungs = [r for r in ladder_of(matter) if r.step > matter.rung]
    if not rungs:
        return None
    rung = rungs[0]
    try:
        with transaction.atomic():
            urging = Urging.objects.create(
                matter=matter,
                step=rung.step,
                method=rung.method,
                unit_id=matter.lead_unit_id,
                day=on,
                by=by if getattr(by, "is_authenticated", False) else None,
                findings=findings,
            )
    except IntegrityError:  # climbed already (another worker, between our read and our write)
        return None
    matter.rung = rung.step
    return urging


def due_rung(matter: Matter, on: date, last_day: date | None) -> bool:
    """Whether the matter's next rung is due on `on`: its wait has passed since the previous rung."""
    rungs = [r for r in ladder_of(matter) if r.step > matter.rung]
    if not rungs or matter.feedback_due is None or on <= matter.feedback_due:
        return False
    base = last_day or matter.feedback_due
    try:
        return on >= current_calendar().add_workdays(base, rungs[0].wait_days)
    except CalendarNotLoaded:
        return False


def climb_late(*, on: date) -> int:
    """The sweep: climb one rung of every matter whose feedback is late and whose next rung is due;
    returns how many rungs were climbed."""
    climbed = 0
    late = Matter.objects.filter(status__in=AWAITING_FEEDBACK, feedback_due__lt=on).values_list(
        "pk", flat=True
    )
    for pk in list(late.order_by("feedback_due", "pk")):
        with transaction.atomic():
            matter = (
                Matter.objects.select_for_update(of=("self",))
                .filter(pk=pk, status__in=AWAITING_FEEDBACK)
                .first()
            )
            if matter is None:
                continue
            last_day = matter.urgings.order_by("-step").values_list("day", flat=True).first()
            if not due_rung(matter, on, last_day):
                continue
            before = matter.rung
            urging = climb(matter, on)
            if urging is None:
                continue
            Matter.objects.filter(pk=pk).update(rung=matter.rung)
            with override("zh-hans"):
                text = _("反馈逾期，升级为%(method)s。") % {"method": urging.get_method_display()}
            MatterEvent.objects.create(
                matter=matter, action="urge", day=on, department_id=matter.lead_unit_id, text=text
            )
            audit.record(
                actor=None,
                action="supervision.matter.urge",
                obj=matter,
                before={"rung": before},
                after={"rung": matter.rung, "method": urging.method},
            )
            tell_of_step(matter, "urge", text)
            climbed += 1
    return climbed
