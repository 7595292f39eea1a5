"""The period of a figures page (统计期间): a start and an end day, at most a year apart, this month so
far unless chosen; one form for every module's figures."""

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.styled import styled

LONGEST = timedelta(days=366)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("起始日期"), widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )
    end = forms.DateField(
        label=gettext_lazy("截止日期"), widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self, small=True)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or end - start > LONGEST):
            raise forms.ValidationError(_("统计期间须在一年以内，且截止日期不早于起始日期。"))
        return data


def period_form(query, today: date, *, start: date | None = None) -> PeriodForm:
    """The form bound to a page's query, the period defaulting to `start` (the month's first day) to today."""
    wanted = query.copy()
    wanted.setdefault("start", (start or today.replace(day=1)).isoformat())
    wanted.setdefault("end", today.isoformat())
    return PeriodForm(wanted)
