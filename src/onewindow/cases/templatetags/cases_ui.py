"""Badges and labels for the staff case pages, and the unread-notice count of the navbar bell."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onewindow.cases import clocks
from onewindow.cases.choices import Action, Delivery, Status, TaskStatus
from onewindow.catalog.choices import MaterialRequirement
from onewindow.timelimits import reading
from onewindow.timelimits.choices import ClockState, PauseKind, Warning

register = template.Library()

STATUS_COLOURS = {
    Status.PREREVIEW: "info",
    Status.AWAITING_SUPPLEMENT: "warning",
    Status.ACCEPTED: "primary",
    Status.IN_REVIEW: "primary",
    Status.PAUSED: "secondary",
    Status.EXTENDED: "primary",
    Status.REPORTED_UP: "primary",
    Status.APPROVED: "success",
    Status.DENIED: "danger",
    Status.RETURNED: "danger",
    Status.WITHDRAWN: "secondary",
    Status.DELIVERED: "success",
    Status.CLOSED: "dark",
}
TASK_COLOURS = {TaskStatus.OPEN: "primary", TaskStatus.APPROVED: "success", TaskStatus.DENIED: "danger"}


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


@register.filter
def status_badge(status):
    return format_html(
        '<span class="badge text-bg-{}" data-testid="status-badge" data-status="{}">{}</span>',
        STATUS_COLOURS.get(status, "secondary"),
        status,
        _label(Status, status),
    )


@register.filter
def task_badge(status):
    return format_html(
        '<span class="badge text-bg-{}" data-testid="task-status" data-status="{}">{}</span>',
        TASK_COLOURS.get(status, "secondary"),
        status,
        _label(TaskStatus, status),
    )


@register.filter
def shown_warning(row) -> str:
    """The warning a case or task shows today, from its stored dates whether or not the sweep has run."""
    return clocks.warning_of(row)


@register.filter
def warning_badge(row):
    """The yellow card (黄牌) or red card (红牌) a case or task shows today; nothing for a normal clock."""
    warning = clocks.warning_of(row)
    if warning == Warning.YELLOW:
        colour = "warning"
    elif warning == Warning.RED:
        colour = "danger"
    else:
        return ""
    return format_html(
        '<span class="badge text-bg-{}" data-testid="warning-badge" data-warning="{}">{}</span>',
        colour,
        warning,
        _label(Warning, warning),
    )


@register.filter
def status_label(status):
    return _label(Status, status)


@register.filter
def action_label(action):
    return _label(Action, action)


@register.filter
def pause_label(kind):
    return _label(PauseKind, kind)


@register.filter
def requirement_label(value):
    return _label(MaterialRequirement, value)


@register.filter
def delivery_label(value):
    return _label(Delivery, value)


@register.filter
def days_left(row):
    """The working days left on a case or joint-case task, as stored: left, overdue, paused, or a dash
    once the clock has stopped."""
    case = getattr(row, "case", row)  # a task reads the pause from its case (loaded with it)
    finished = (
        row.status != TaskStatus.OPEN
        if row is not case
        else case.clock_state in (ClockState.FINISHED, ClockState.NONE)
    )
    if not finished and case.clock_state == ClockState.PAUSED:
        kind = case.paused_kind
        text = _("暂停计时（%(kind)s）") % {"kind": _label(PauseKind, kind)} if kind else _("暂停计时")
        return format_html(
            '<span class="text-secondary" data-testid="days-left" data-paused="1">{}</span>', text
        )
    days = None if finished else clocks.days_left(row)
    if days is None:
        waiting = not finished and reading.waiting_note(row) is not None
        text = reading.waiting_short() if waiting else "—"
        return format_html('<span class="text-muted" data-testid="days-left">{}</span>', text)
    if days < 0:
        text = ngettext("超期 %(n)s 个工作日", "超期 %(n)s 个工作日", -days) % {"n": -days}
        colour = "text-danger fw-semibold"
    else:
        text = ngettext("剩余 %(n)s 个工作日", "剩余 %(n)s 个工作日", days) % {"n": days}
        colour = "text-warning-emphasis fw-semibold" if clocks.warning_of(row) == Warning.YELLOW else ""
    return format_html(
        '<span class="{}" data-testid="days-left" data-days="{}">{}</span>', colour, days, text
    )


@register.simple_tag(takes_context=True)
def unread_notice_count(context) -> int:
    """Unread in-app notices of the signed-in person: one COUNT, remembered for the request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(user, "_onewindow_unread", None)
    if cached is None:
        from onewindow.notices.models import Notice

        cached = Notice.objects.filter(recipient=user, read_at__isnull=True).count()
        user._onewindow_unread = cached
    return cached
