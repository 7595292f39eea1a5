"""How pages and prints write a deadline: the date, or in words why there is none yet, never a dash
where the law promises a day."""

from django import template
from django.utils.formats import date_format

from onewindow.timelimits import reading

register = template.Library()


@register.filter
def deadline_text(row, form: str = "long") -> str:
    """The row's deadline as Y-m-d; while it waits for next year's calendar, the sentence the applicant
    is given (`form="short"` for a list's one-line cell); a dash when the row has no clock."""
    if row.deadline is not None:
        return date_format(row.deadline, "Y-m-d")
    note = reading.waiting_note(row)
    if note is None:
        return "—"
    if form == "short":
        return reading.waiting_short()
    return str(note)


@register.filter
def waits_for_calendar(row) -> bool:
    return reading.waiting_note(row) is not None
