"""Time limits for anything: a working-day limit with pauses, stored clock figures, warnings raised once.

A module whose rows run against a legal or promised time limit (a case, a joint-case task, later a
supervision matter, an on-site decision, a rectification) needs no clock code of its own:

1. its model inherits `models.TimeLimited` (the stored figures: limit, deadline, days left, yellow day,
   sort day, warning, announced warning, clock state, read-on day, finished, finished late);
2. when an event changes its clock, it calls `reading.apply_reading(row, read(...))` (or
   `reading.refresh_row`), which reads the clock through `core.clock` from the row's start and events;
3. it registers a `registry.TimeLimitKind`: which rows are open, how to replay them after a calendar
   import, and (optionally) whom to tell when one turns yellow or red.

The worker's one sweep (`sweep.refresh_due`) then raises yellow and red warnings for every registered
kind, exactly once per level however many workers run, and the calendar import recomputes every kind.
See docs/time-limits.md.
"""
