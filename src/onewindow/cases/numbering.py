"""Case numbers `<6-digit area code><YYYYMMDD><6-digit daily sequence>` and 6-digit query codes.

The case series is one registration with the numbering mechanism (`onewindow.numbering.series`), which
takes each number from the area's row for the day in one statement. Call `number_case` inside the
intake's transaction: if the intake rolls back, so does the number. The row stays locked until that
transaction ends, so take the number as late in it as possible (`queries.insert_intake` takes it with
the intake's one write; only its notices, message and audit event follow).
"""

import secrets
from datetime import date

from django.utils.translation import gettext_lazy as _

from onewindow.numbering.series import Series, assign_number, register

from .models import Case

CASE = register(Series("case", "", 6, 6, "%Y%m%d", _("办件编号")))


def number_case(case_id: int, area_code: str, day: date) -> str:
    """Take the next case number of the area and day and write it to the case (one statement on
    PostgreSQL)."""
    return assign_number(CASE, area_code, day, Case, case_id)


def new_query_code() -> str:
    """Six random digits the applicant uses, with the case number, to follow the case online."""
    return f"{secrets.randbelow(1_000_000):06d}"
