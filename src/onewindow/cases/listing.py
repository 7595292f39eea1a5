"""How the staff lists narrow, order, count and export cases: one place for the case list, the overdue
list, the inbox's sections and the API's list, so a filter or an order means the same everywhere.

Filters: status (or a group of statuses: 在办, 结果待送达), kind, warning (as the badge shows it today),
channel, item, department, receiving body (a town's hall), window, the period of application and unpaid
fees; `q` is a case number (or its beginning) or an ID number (exact, through its keyed digest).
Orders: newest, oldest, nearest deadline, and urgency (red, then yellow, then the nearest deadline: the
order of every desk). A count stops at `COUNT_CAP`; an export writes at most `EXPORT_MAX` rows through
the shared sheet writer, the applicant's ID number and phone masked (an export leaves the hall).
"""

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow import sheets
from onewindow.personal import id_digest
from onewindow.prepared import Prepared
from onewindow.timelimits import reading
from onewindow.timelimits.choices import RUNNING_STATES, Warning, showing

from .choices import OPEN_STATUSES, Status

COUNT_CAP = 10_000
EXPORT_MAX = 10_000

STATUS_GROUPS = {
    "open": (gettext_lazy("在办（已受理未办结）"), OPEN_STATUSES),
    "to_deliver": (gettext_lazy("结果待送达"), frozenset({Status.APPROVED, Status.DENIED})),
}
SORTS = {
    "newest": gettext_lazy("申请时间（新的在前）"),
    "oldest": gettext_lazy("申请时间（早的在前）"),
    "deadline": gettext_lazy("办结期限（近的在前）"),
    "urgency": gettext_lazy("紧急程度（红牌、黄牌、期限近的在前）"),
}


@dataclass
class Wanted:
    """What a person narrows a list by (blank or None: everything)."""

    status: str = ""
    kind: str = ""
    warning: str = ""
    channel: str = ""
    item: int | None = None
    department: int | None = None
    body: int | None = None
    window: int | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    fees: str = ""  # "unsettled": fees still to pay
    q: str = ""

    @classmethod
    def of(cls, source) -> "Wanted":
        """From a form's cleaned data (a dict) or an API query (attributes)."""
        get = source.get if isinstance(source, dict) else lambda name: getattr(source, name, None)
        return cls(**{f.name: get(f.name) or f.default for f in fields(cls)})


def narrowed(cases: QuerySet, wanted: Wanted, *, prefix: str = "") -> QuerySet:
    """The cases (or, with `prefix="case__"`, the rows of cases) that match every filter given."""

    def q(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    if wanted.status in STATUS_GROUPS:
        cases = cases.filter(q(status__in=STATUS_GROUPS[wanted.status][1]))
    elif wanted.status:
        cases = cases.filter(q(status=wanted.status))
    for name in ("kind", "channel"):
        if value := getattr(wanted, name):
            cases = cases.filter(q(**{name: value}))
    for name in ("item", "department", "body", "window"):
        if value := getattr(wanted, name):
            cases = cases.filter(q(**{f"{name}_id": value}))
    if wanted.department and not wanted.status:
        # A department's cases are indexed in two parts, open and not (`case_open_department_due`,
        # `case_not_open_department`): saying "either" lets the database combine the two.
        cases = cases.filter(q(status__in=sorted(OPEN_STATUSES)) | ~q(status__in=sorted(OPEN_STATUSES)))
    if wanted.warning:
        today = reading.today()
        red, yellow = showing(Warning.RED, today), showing(Warning.YELLOW, today)
        cases = cases.filter({Warning.RED: red, Warning.YELLOW: yellow}.get(wanted.warning, ~red & ~yellow))
    if wanted.submitted_from:
        cases = cases.filter(q(submitted_at__gte=_day_starts(wanted.submitted_from)))
    if wanted.submitted_to:
        cases = cases.filter(q(submitted_at__lt=_day_starts(wanted.submitted_to + timedelta(days=1))))
    if wanted.fees == "unsettled":
        cases = cases.filter(q(fees_settled=False))
    return matching(cases, wanted.q, prefix=prefix)


def _day_starts(day: date) -> datetime:
    """Midnight at the hall (Asia/Shanghai) beginning `day`: a range on the indexed time, not on its date."""
    return timezone.make_aware(datetime.combine(day, time.min))


def matching(cases: QuerySet, q: str, *, prefix: str = "") -> QuerySet:
    """Narrow by what a person typed: an 18-character ID number or credit code (exact, through its
    keyed digest), or a case number (whole or its beginning)."""
    q = "".join((q or "").split())
    if not q:
        return cases
    if len(q) == 18:
        return cases.filter(**{prefix + "applicant_id_digest": id_digest(q)})
    return cases.filter(**{prefix + "number__startswith": q}) if q.isdigit() else cases.none()


def urgent_parts(base: QuerySet, today: date) -> tuple[QuerySet, QuerySet]:
    """The two parts of `UrgentFirst` on `today`: the warned rows sorted by urgency, then the rest."""
    red, yellow = showing(Warning.RED, today), showing(Warning.YELLOW, today)
    running = Q(clock_state__in=RUNNING_STATES)
    # Exactly the red and yellow rows: a running clock past its yellow day or its deadline (an
    # immediate item has no yellow day), or a warning stored by the sweep.
    warned = (
        Q(warning__in=[Warning.RED, Warning.YELLOW])
        | (running & Q(yellow_on__lte=today))
        | (running & Q(deadline__lt=today))
    )
    urgency = models.Case(
        models.When(red, then=0),
        models.When(yellow, then=1),
        default=2,
        output_field=models.IntegerField(),
    )
    return (
        base.filter(warned)
        .annotate(urgency=urgency)
        .order_by("urgency", F("due_on").asc(nulls_last=True), "pk"),
        base.exclude(warned),
    )


class UrgentFirst:
    """A list in the order of urgency: red first, then yellow (as the badges show them today), each by the
    nearest deadline, then the rest in the queryset's own order (for a desk, an index walk by the nearest
    deadline). Read in two parts: the warned rows sorted by the database, then the rest, walked in index
    order; an ORDER BY on the urgency over the whole desk sorted it all for every page. Sliced like a
    queryset; `base` is the queryset for counts."""

    def __init__(self, base: QuerySet, on: date | None = None):
        self.base = base
        self.parts = urgent_parts(base, on or reading.today())

    def count(self) -> int:
        return self.base.count()

    def __getitem__(self, wanted: slice) -> list:
        skip = wanted.start or 0
        take = None if wanted.stop is None else wanted.stop - skip
        rows: list = []
        for part in self.parts:
            if take is not None and len(rows) >= take:
                break
            if skip:
                before = part.count()  # a page further down: how much of it this part holds
                if skip >= before:
                    skip -= before
                    continue
            end = None if take is None else skip + take - len(rows)
            rows += list(part[skip:end])
            skip = 0
        return rows


class PreparedDesk:
    """The first page of a desk, urgent first, for a desk asked for all day long (the API's inbox): the
    same two parts as `UrgentFirst`, compiled once (`onewindow.prepared`) for a desk queryset made by
    `build(*values)` from values of `kinds`. Building and compiling the parts' conditions cost more of
    such a request than the database's answer."""

    def __init__(self, build, *kinds: type):
        def part(index):
            return lambda *values: urgent_parts(build(*values[:-1]), values[-1])[index]

        self.warned, self.rest = (Prepared(part(index), *kinds, date) for index in (0, 1))

    def first_page(self, *values, limit: int, on: date) -> list:
        """The first `limit` rows (at least one) as `urgent_first` orders them on `on`."""
        rows = self.warned.all(*values, on, limit=_rounded(limit))[:limit]
        if len(rows) < limit:
            wanted = limit - len(rows)
            rows += self.rest.all(*values, on, limit=_rounded(wanted))[:wanted]
        return rows


# The row limits a desk's parts are read by: a connection prepares a few, not one for each limit asked
# (psycopg keeps a connection's last 100 statements); the default page, 50, is read exactly.
LIMIT_STEPS = (5, 10, 20, 50, 100)


def _rounded(limit: int) -> int:
    return next((step for step in LIMIT_STEPS if step >= limit), limit)


def urgent_first(cases: QuerySet, on: date | None = None) -> UrgentFirst:
    """`cases` urgent first as the badges show them on `on` (default: the service day)."""
    return UrgentFirst(cases, on)


def ordered(cases: QuerySet, sort: str) -> QuerySet | UrgentFirst:
    if sort == "urgency":
        return UrgentFirst(cases.order_by(F("due_on").asc(nulls_last=True), "pk"))
    if sort == "deadline":
        return cases.order_by(F("deadline").asc(nulls_last=True), "pk")
    if sort == "oldest":
        return cases.order_by("submitted_at", "pk")
    return cases.order_by("-submitted_at", "-pk")


def bounded_count(cases: QuerySet | UrgentFirst) -> tuple[int, bool]:
    """How many, counted up to COUNT_CAP: (the count, whether there are more)."""
    cases = cases.base if isinstance(cases, UrgentFirst) else cases
    counted = cases.order_by()[: COUNT_CAP + 1].count()
    return min(counted, COUNT_CAP), counted > COUNT_CAP


# --- export ---------------------------------------------------------------------------------------

# (header, column options); headers in the language of whoever exports.
EXPORT_COLUMNS = (
    (gettext_lazy("办件编号"), {"text": True, "width": 22}),
    (gettext_lazy("办件名称"), {"width": 36}),
    (gettext_lazy("办件类型"), {}),
    (gettext_lazy("申请渠道"), {}),
    (gettext_lazy("申请人"), {"width": 24}),
    (gettext_lazy("证件号码"), {"text": True, "personal": sheets.ID_NUMBER, "width": 20}),
    (gettext_lazy("联系电话"), {"text": True, "personal": sheets.PHONE}),
    (gettext_lazy("状态"), {}),
    (gettext_lazy("预警"), {}),
    (gettext_lazy("受理机构"), {"width": 24}),
    (gettext_lazy("承办部门"), {"width": 20}),
    (gettext_lazy("申请时间"), {"width": 18}),
    (gettext_lazy("受理日期"), {}),
    (gettext_lazy("办结期限"), {}),
    (gettext_lazy("办结日期"), {}),
)


def export(cases: QuerySet | UrgentFirst) -> bytes:
    """The cases (at most EXPORT_MAX, in the list's order) as one sheet; personal data masked."""
    today = reading.today()
    warnings = dict(Warning.choices)

    def row(case):
        waiting = reading.waiting_note(case)
        return (
            case.number,
            case.title,
            str(case.get_kind_display()),
            str(case.get_channel_display()),
            case.applicant_name,
            case.applicant_id_number,
            case.applicant_phone,
            str(case.get_status_display()),
            str(warnings.get(reading.warning_on(case, today), "")),
            case.body.name,
            case.department.name,
            timezone.localtime(case.submitted_at).strftime("%Y-%m-%d %H:%M"),
            case.accepted_on,
            case.deadline or (str(waiting) if waiting else ""),
            case.finished_on,
        )

    if isinstance(cases, UrgentFirst):
        listed = iter(cases[:EXPORT_MAX])
    else:
        listed = cases.select_related("department", "body")[:EXPORT_MAX].iterator(2000)
    rows = (row(case) for case in listed)
    columns = [sheets.Column(str(header), **options) for header, options in EXPORT_COLUMNS]
    sheet = sheets.Sheet(str(_("办件")), columns, rows)
    return sheets.to_bytes(sheets.workbook([sheet]))
