"""What an import would change in the stored calendar, year by year, before anything is stored.

A year named by the import is replaced whole (an annual notice, a CSV file); a day in any other year
(the 2019 notice sets 29-31 December 2018) and every day of a supplementary notice amend their year:
only the days named change. Replacing a year by one with fewer days off, festivals or make-up days than
before is a warning the administrator must accept, as is an annual notice that lacks a festival. Pure:
the stored days come in as records.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onewindow.core.workdays import DayRecord

NEW_YEAR = "元旦"
# The statutory festivals (全体公民放假的节日) every annual notice arranges, in the year's order.
STATUTORY = (NEW_YEAR, "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


def in_year_order(names) -> list[str]:
    return sorted(names, key=lambda n: (STATUTORY.index(n) if n in STATUTORY else len(STATUTORY), n))


@dataclass(frozen=True)
class DayChange:
    day: date
    before: DayRecord | None
    after: DayRecord | None

    @property
    def kind(self) -> str:
        """added, removed, turned (off <-> working) or renamed."""
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "turned" if self.before.is_workday != self.after.is_workday else "renamed"


@dataclass(frozen=True)
class Tally:
    off: int
    work: int
    festivals: frozenset[str]

    @classmethod
    def of(cls, records: Iterable[DayRecord]) -> "Tally":
        records = list(records)
        return cls(
            off=sum(not r.is_workday for r in records),
            work=sum(r.is_workday for r in records),
            festivals=frozenset(
                part for r in records if not r.is_workday for part in re.split(r"[、和及]", r.name) if part
            ),
        )


@dataclass
class YearPlan:
    year: int
    replace: bool  # the whole year replaced; otherwise only the named days amended
    loaded: bool  # the year was loaded before
    before: dict[date, DayRecord]
    after: dict[date, DayRecord]
    kept: list[DayRecord] = field(default_factory=list)  # stored days a replacement keeps (next 元旦)

    @property
    def changes(self) -> list[DayChange]:
        days = sorted(set(self.before) | set(self.after))
        return [
            DayChange(d, self.before.get(d), self.after.get(d))
            for d in days
            if self.before.get(d) != self.after.get(d)
        ]

    @property
    def tally_before(self) -> Tally:
        return Tally.of(self.before.values())

    @property
    def tally_after(self) -> Tally:
        return Tally.of(self.after.values())

    def shrinks(self) -> list[str]:
        """What a replacement loses against the stored year: each a warning to accept."""
        if not (self.replace and self.loaded):
            return []
        before, after, warnings = self.tally_before, self.tally_after, []
        if after.off < before.off:
            warnings.append(
                _("%(year)s 年的放假日从 %(before)s 天减少为 %(after)s 天。")
                % {"year": self.year, "before": before.off, "after": after.off}
            )
        if lost := in_year_order(before.festivals - after.festivals):
            warnings.append(
                _("%(year)s 年将不再有这些节日的放假日：%(names)s。")
                % {"year": self.year, "names": pgettext("list separator", "、").join(lost)}
            )
        if after.work < before.work:
            warnings.append(
                _("%(year)s 年的调休上班日从 %(before)s 天减少为 %(after)s 天。")
                % {"year": self.year, "before": before.work, "after": after.work}
            )
        return warnings


def plan_years(
    stored: dict[int, list[DayRecord]],
    loaded: set[int],
    records: list[DayRecord],
    *,
    replace: set[int],
    keep_next_new_year: bool = False,
) -> list[YearPlan]:
    """The plan for every year the records touch or `replace` names.

    `stored` holds the stored days of those years. With `keep_next_new_year` (a notice), a replaced year
    keeps its stored December days of 元旦: the following year's notice set them, not this one.
    """
    plans = []
    for year in sorted({r.day.year for r in records} | replace):
        before = {r.day: r for r in stored.get(year, [])}
        new = {r.day: r for r in records if r.day.year == year}
        kept: list[DayRecord] = []
        if year in replace:
            if keep_next_new_year:
                kept = [r for d, r in before.items() if d.month == 12 and NEW_YEAR in r.name and d not in new]
            after = {**{r.day: r for r in kept}, **new}
        else:
            after = {**before, **new}
        plans.append(
            YearPlan(
                year=year,
                replace=year in replace,
                loaded=year in loaded,
                before=before,
                after=after,
                kept=kept,
            )
        )
    return plans
