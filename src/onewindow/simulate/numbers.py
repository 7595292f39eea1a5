"""Case numbers in `numbering.py`'s scheme, `<area><YYYYMMDD><daily sequence>`, given out in bulk.

The load starts from each (area, day)'s last case number in `NumberSequence` (rows it locks, so an intake
on one of those days waits for the load and then continues after it) and writes the new last numbers
back at the end, so the next real intake on any generated day gets a fresh number.
"""

from datetime import date, timedelta

import numpy as np

from onewindow.cases.numbering import CASE
from onewindow.numbering.models import NumberSequence
from onewindow.numbering.series import SequenceExhausted

_CASES = NumberSequence.objects.filter(series=CASE.code)


class Numbers:
    def __init__(self, areas: list[str], days: list[date]):
        self.areas, self.days = sorted(set(areas)), list(days)
        self.area_index = {area: i for i, area in enumerate(self.areas)}
        self.last = np.zeros((len(self.areas), len(self.days)), dtype=np.int64)
        self.made: set[tuple[str, date]] = set()
        self.prefixes = np.array(
            [[f"{area}{day:%Y%m%d}" for day in self.days] for area in self.areas], dtype=object
        ).reshape(len(self.areas), len(self.days))

    def reserve(self) -> None:
        """Lock (making where missing) the sequence rows of every area and day, and read them."""
        existing = set(
            _CASES.filter(area_code__in=self.areas, day__in=self.days).values_list("area_code", "day")
        )
        missing = [(a, d) for a in self.areas for d in self.days if (a, d) not in existing]
        NumberSequence.objects.bulk_create(
            [NumberSequence(series=CASE.code, area_code=a, day=d, last=0) for a, d in missing],
            ignore_conflicts=True,
            batch_size=500,
        )
        self.made = set(missing)
        day_index = {d: i for i, d in enumerate(self.days)}
        rows = (
            _CASES.select_for_update()
            .filter(area_code__in=self.areas, day__in=self.days)
            .order_by("area_code", "day")
            .values_list("area_code", "day", "last")
        )
        for area, day, last in rows:
            self.last[self.area_index[area], day_index[day]] = last

    def assign(self, areas: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Numbers for cases in order of submission (`areas` codes, `days` indices into the days)."""
        area = np.array([self.area_index[a] for a in areas.tolist()], dtype=np.int64)
        key = area * len(self.days) + days
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
        lengths = np.diff(np.r_[starts, len(key)])
        rank = np.arange(len(key)) - np.repeat(starts, lengths) + 1
        flat_last = self.last.reshape(-1)
        sequence = np.empty(len(key), dtype=np.int64)
        sequence[order] = flat_last[sorted_key] + rank
        np.maximum.at(flat_last, key, sequence)
        if len(sequence) and sequence.max() > CASE.ceiling:
            worst = int(sequence.argmax())
            raise SequenceExhausted(CASE, self.areas[int(area[worst])], self.days[int(days[worst])])
        prefixes = self.prefixes.reshape(-1)[key]
        return np.array(
            [f"{p}{s:06d}" for p, s in zip(prefixes.tolist(), sequence.tolist(), strict=True)], dtype=object
        )

    def write_back(self) -> None:
        """Store the last numbers given out; drop the rows the load made but did not use."""
        rows = []
        unused = []
        for (a, area), (d, day) in ((x, y) for x in enumerate(self.areas) for y in enumerate(self.days)):
            last = int(self.last[a, d])
            if last == 0 and (area, day) in self.made:
                unused.append((area, day))
            elif last:
                rows.append((area, day, last))
        for area, day, last in rows:
            _CASES.filter(area_code=area, day=day, last__lt=last).update(last=last)
        for area, day in unused:
            _CASES.filter(area_code=area, day=day, last=0).delete()


def day_list(start: date, offsets: np.ndarray) -> list[date]:
    return [start + timedelta(days=int(o)) for o in offsets]
