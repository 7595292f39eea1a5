"""What the public side shows of a case, shared by the tracking page and the applicant's own pages:
the stored clock figures, the citizen behind a request, the client address. The public timeline itself
is `onewindow.cases.public`, which the public API uses too.
"""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from onewindow.accounts.selectors import citizen_of
from onewindow.cases import clocks
from onewindow.cases.choices import OPEN_STATUSES, Status
from onewindow.timelimits.choices import Warning


def clock_summary(case) -> dict:
    """The clock figures as the public pages show them: the days left as of today."""
    running = case.status in OPEN_STATUSES
    left = clocks.days_left(case) if running else None
    warning = clocks.warning_of(case)
    return {
        "running": running,
        "paused": case.status == Status.PAUSED,
        "remaining": left,
        "overdue_by": -left if left is not None and left < 0 else None,
        "warning": warning,
        "warning_label": Warning(warning).label,
        "warning_class": {"yellow": "warning", "red": "danger"}.get(warning, "success"),
    }


def citizen_required(request):
    """None when a citizen is signed in; otherwise the answer to give: the login page for the
    anonymous, a friendly refusal for staff and other accounts."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if citizen_of(request.user) is None:
        return render(request, "portal/citizens_only.html", status=403)
    return None
