"""The working-day calendar in the database: the one calendar every deadline is computed with.

`current_calendar()` gives a `WorkCalendar` built from the loaded years, cached per process and rebuilt
when an import anywhere changes the data. An import is planned first (`plan_import`: what each year
would become, shown as a preview), then stored in one transaction (`apply_import`: whole years replaced
or named days amended, each audited), and then calls `recompute_deadlines`, which asks every registered
recomputer (cases, supervision matters...) to refresh the deadlines it stores.
"""

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import astuple, dataclass, field

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onewindow.audit import services as audit
from onewindow.core.workdays import CalendarNotLoaded, DayRecord, WorkCalendar
from onewindow.errors import Conflict, Invalid
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role

from .changes import YearPlan, plan_years
from .models import CalendarDay, CalendarYear, DayKind, YearSource
from .notice_text import Holiday, holidays_of, read_notice
from .parsing import LineError, Parsed, parse_notice
from .selectors import AUDITED_AS

logger = logging.getLogger(__name__)

# How often a process checks whether another process changed the calendar.
RECHECK_SECONDS = 5.0

_lock = threading.Lock()
_cached: dict = {"version": None, "calendar": None, "checked": 0.0}


def _version():
    return tuple(CalendarYear.objects.aggregate(n=Count("year"), at=Max("loaded_at")).values())


def current_calendar() -> WorkCalendar:
    """The calendar of every loaded year; raises CalendarNotLoaded(None) if there is none."""
    now = time.monotonic()
    if _cached["calendar"] is not None and now - _cached["checked"] < RECHECK_SECONDS:
        return _cached["calendar"]
    with _lock:
        version = _version()
        if version != _cached["version"] or _cached["calendar"] is None:
            _cached["calendar"] = _build()
            _cached["version"] = version
        _cached["checked"] = now
        return _cached["calendar"]


def forget_cached_calendar() -> None:
    _cached.update(version=None, calendar=None, checked=0.0)


def _build() -> WorkCalendar:
    years = list(CalendarYear.objects.values_list("year", flat=True))
    if not years:
        raise CalendarNotLoaded(timezone.localdate().year)
    loaded = set(years)
    records = (
        DayRecord(day, kind == DayKind.WORK, name)
        for day, kind, name in CalendarDay.objects.values_list("day", "kind", "name").iterator()
        if day.year in loaded
    )
    return WorkCalendar(years, records)


# --- recomputing stored deadlines ----------------------------------------------------------------

Recomputer = Callable[[WorkCalendar, set[int]], int]
_recomputers: dict[str, Recomputer] = {}


def register_recomputer(name: str, recompute: Recomputer) -> None:
    """Register a function that refreshes the deadlines it stores for the given changed years.

    It receives the new calendar and the changed years, and returns how many rows it updated. Cases
    (F4) and supervision matters register theirs at start-up.
    """
    _recomputers[name] = recompute


def unregister_recomputer(name: str) -> None:
    _recomputers.pop(name, None)


def recompute_deadlines(years: set[int]) -> dict[str, int]:
    """Ask every registered recomputer to refresh what the changed years affect."""
    forget_cached_calendar()
    calendar = current_calendar()
    return {name: recompute(calendar, set(years)) for name, recompute in sorted(_recomputers.items())}


# --- imports -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    years: list[int]
    days: int
    recomputed: dict[str, int]


@dataclass
class ImportPlan:
    """What an import would store, shown before it is stored; `basis` fingerprints the stored days it was
    planned against, so a confirmation made on a stale preview is refused."""

    source: str
    years: list[YearPlan]
    errors: list[LineError]
    notes: list[LineError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    basis: str = ""
    label: str = ""  # the notice's title and number, recorded in the audit
    days: int = 0
    main_year: int | None = None  # the year the notice arranges
    holidays: list[Holiday] = field(default_factory=list)  # as read, for the preview

    @property
    def replaces(self) -> bool:
        """Whether a year is replaced whole (an annual notice), not only amended."""
        return any(p.replace for p in self.years)

    @property
    def changed_years(self) -> list[int]:
        return [p.year for p in self.years if p.changes or (p.replace and not p.loaded)]


def plan_import(
    parsed: Parsed,
    *,
    source: str,
    replace: set[int] | None = None,
    keep_next_new_year: bool = False,
    notes=(),
    missing=(),
    label: str = "",
) -> ImportPlan:
    """Plan an import: `replace` names the years replaced whole (default: every year in `parsed`); days
    of other years amend theirs. `missing` names festivals an annual notice did not arrange."""
    replace = set(parsed.years) if replace is None else set(replace)
    years = sorted(parsed.years | replace)
    loaded = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    stored = _stored(years)
    plans = plan_years(stored, loaded, parsed.records, replace=replace, keep_next_new_year=keep_next_new_year)
    errors, notes = list(parsed.errors), list(notes)
    for plan in plans:
        if not plan.replace and not plan.loaded:
            if replace:
                notes.append(
                    LineError(
                        0,
                        _("%(year)s 年尚未载入：通知中该年的日期先行保存，载入该年后生效。")
                        % {"year": plan.year},
                    )
                )
            else:
                errors.append(
                    LineError(
                        0,
                        _("%(year)s 年尚未载入，补充通知只能修改已载入的年份；请先录入该年的放假通知。")
                        % {"year": plan.year},
                    )
                )
    warnings = [w for plan in plans for w in plan.shrinks()]
    if missing:
        warnings.append(
            _("没有读到这些节日的放假安排，通知可能没有粘贴完整：%(names)s。")
            % {"names": pgettext("list separator", "、").join(missing)}
        )
    return ImportPlan(
        source=source,
        years=plans,
        errors=errors,
        notes=notes,
        warnings=warnings,
        basis=_basis(stored, loaded),
        label=label,
        days=len(parsed.records),
    )


def apply_import(
    *, actor, plan: ImportPlan, basis: str | None = None, accept_warnings: bool = False
) -> ImportResult:
    """Store a plan: nothing if any line is wrong, if a warning was not accepted, or if the stored days
    changed since the plan was shown (`basis`; "" when nobody has seen a preview: refused, a notice is
    stored only as previewed). Every year is audited with before and after."""
    require_role(actor_of(actor), Role.ADMIN)
    if basis == "":
        raise Invalid(_("请先预览，核对后再确认保存。"), code="calendar_not_previewed")
    if plan.errors:
        raise Invalid(
            _("日历数据有 %(n)s 处错误，未导入任何内容。") % {"n": len(plan.errors)},
            code="calendar_invalid",
            details=[{"line": e.line, "section": e.section, "message": e.message} for e in plan.errors],
        )
    if plan.warnings and not accept_warnings:
        raise Invalid(
            _("这次导入会减少已有的安排，或通知可能不完整。请核对差异，确认后再保存。"),
            code="calendar_needs_confirmation",
            details=[{"line": 0, "section": "", "message": w} for w in plan.warnings],
        )
    years = [p.year for p in plan.years]
    with transaction.atomic():
        list(CalendarYear.objects.select_for_update().filter(year__in=years))
        if basis is not None and basis != _basis(_stored(years), _loaded(years)):
            raise Conflict(_("预览之后工作日历已被修改，请重新预览后再确认。"), code="calendar_changed")
        for year_plan in plan.years:
            _store(actor, year_plan, plan.source, plan.label)
    changed = set(plan.changed_years)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _after_change(changed))
        recomputed = {}
    else:
        recomputed = _after_change(changed)
    return ImportResult(years=[p.year for p in plan.years], days=plan.days, recomputed=recomputed)


class EntryMode:
    AUTO, ANNUAL, SUPPLEMENT = "auto", "annual", "supplement"


def plan_notice(
    *, text: str = "", year: int | None = None, mode: str = EntryMode.AUTO, holidays="", makeup=""
) -> ImportPlan:
    """Plan the import of a notice: pasted as published (`text`), or typed as lines (`holidays`,
    `makeup` for `year`). An annual notice replaces its year; a supplementary one (as its title says,
    or as `mode` says) amends the days it names."""
    supplement = None if mode == EntryMode.AUTO else mode == EntryMode.SUPPLEMENT
    if (text or "").strip():
        notice = read_notice(text, year, supplement)
        parsed, main_year, read = notice.parsed(), notice.year, notice.holidays
        supplement, missing = notice.supplement, notice.missing
        label = " ".join(filter(None, [notice.title, notice.doc_number]))
    elif year is None:
        parsed, main_year, read, missing, label = Parsed(), None, [], (), ""
        parsed.errors.append(LineError(0, _("请粘贴通知全文，或填写年份后逐行录入。")))
    else:
        parsed, main_year, missing, label = parse_notice(year, holidays, makeup), year, (), ""
        read = holidays_of(parsed.records)
    replace = set() if supplement or main_year is None else {main_year}
    plan = plan_import(
        parsed,
        source=YearSource.NOTICE,
        replace=replace,
        keep_next_new_year=True,
        notes=parsed.notes,
        missing=missing,
        label=label,
    )
    plan.main_year, plan.holidays = main_year, read
    return plan


def import_days(
    *, actor, parsed: Parsed, source: YearSource, only_year: int | None = None, accept_warnings: bool = False
) -> ImportResult:
    """Replace the whole of each year in `parsed` (or `only_year`) with its records, or nothing."""
    plan = plan_import(parsed, source=source, replace=None if only_year is None else {only_year})
    if only_year is not None and parsed.years - {only_year}:
        plan.errors.append(LineError(0, _("所有日期须在 %(year)s 年内。") % {"year": only_year}))
    return apply_import(actor=actor, plan=plan, accept_warnings=accept_warnings)


def _loaded(years) -> set[int]:
    return set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))


def _stored(years) -> dict[int, list[DayRecord]]:
    stored: dict[int, list[DayRecord]] = {year: [] for year in years}
    for day, kind, name in CalendarDay.objects.filter(day__year__in=list(years)).values_list(
        "day", "kind", "name"
    ):
        stored[day.year].append(DayRecord(day, kind == DayKind.WORK, name))
    return stored


def _basis(stored: dict[int, list[DayRecord]], loaded: set[int]) -> str:
    text = repr(
        sorted((year, year in loaded, sorted(map(astuple, records))) for year, records in stored.items())
    )
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _as_stored(records) -> dict[str, list[str]]:
    return {str(r.day): [DayKind.WORK if r.is_workday else DayKind.OFF, r.name] for r in records}


def _store(actor, plan: YearPlan, source: str, label: str) -> None:
    """Write one year's plan and audit it: a replacement rewrites the year, an amendment its named days."""
    if not plan.replace and not plan.changes:
        return
    if plan.replace:
        CalendarDay.objects.filter(day__year=plan.year).delete()
        written = list(plan.after.values())
    else:
        written = [c.after for c in plan.changes]
        CalendarDay.objects.filter(day__in=[r.day for r in written]).delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(day=r.day, kind=DayKind.WORK if r.is_workday else DayKind.OFF, name=r.name)
            for r in written
        ]
    )
    if plan.replace or plan.loaded:
        defaults = {"loaded_at": timezone.now(), "loaded_by": actor}
        if plan.replace:
            defaults["source"] = source
        CalendarYear.objects.update_or_create(year=plan.year, defaults=defaults)
    if plan.replace:
        action = "workcalendar.year.reload" if plan.loaded else "workcalendar.year.load"
        before = {"source": None, "days": _as_stored(plan.before.values())} if plan.loaded else None
        after = {"source": source, "notice": label, "days": _as_stored(written)}
    else:
        action = "workcalendar.year.amend"
        before = {"days": _as_stored(c.before for c in plan.changes if c.before)}
        after = {"source": source, "notice": label, "days": _as_stored(written)}
    audit.record(
        actor=actor,
        action=action,
        object_type=AUDITED_AS,
        object_id=plan.year,
        before=before,
        after=after,
    )


def _after_change(years: set[int]) -> dict[str, int]:
    counts = recompute_deadlines(years)
    logger.info("calendar changed for %s; recomputed %s", sorted(years), counts)
    return counts
