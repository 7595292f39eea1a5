from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.clock import (
    ClockError,
    ClockEvent,
    ClockState,
    EventKind,
    PauseKind,
    WarningLevel,
    default_yellow_threshold,
    read_clock,
)
from onewindow.core.workdays import calendar_from_exceptions
from onewindow.workcalendar.official import official_exceptions, shipped_years

CAL = calendar_from_exceptions(shipped_years(), official_exceptions())
D = date


def pause(day, kind=PauseKind.SUPPLEMENT):
    return ClockEvent(EventKind.PAUSE, day, kind)


def resume(day):
    return ClockEvent(EventKind.RESUME, day)


def extend(day, days):
    return ClockEvent(EventKind.EXTEND, day, days=days)


def finish(day):
    return ClockEvent(EventKind.FINISH, day)


def read(limit, accepted, today, *events, **options):
    return read_clock(
        CAL, limit_days=limit, accepted_on=accepted, events=list(events), today=today, **options
    )


def test_running_clock_counts_from_the_day_after_acceptance():
    r = read(5, D(2026, 9, 30), D(2026, 10, 12))
    assert r.deadline == D(2026, 10, 13)
    assert (r.used_days, r.remaining_days, r.state) == (4, 1, ClockState.RUNNING)
    assert r.warning == WarningLevel.YELLOW  # 1 left of 5: max(1, ceil(20% of 5)) = 1


def test_on_the_deadline_day_it_is_not_yet_overdue_and_the_day_after_it_is():
    assert read(5, D(2026, 9, 30), D(2026, 10, 13)).state == ClockState.RUNNING
    late = read(5, D(2026, 9, 30), D(2026, 10, 14))
    assert (late.state, late.warning, late.overdue_days, late.remaining_days) == (
        ClockState.OVERDUE,
        WarningLevel.RED,
        1,
        -1,
    )


def test_a_weekend_after_the_deadline_is_already_overdue():
    r = read(1, D(2026, 11, 19), D(2026, 11, 21))  # deadline Friday 20 Nov, today Saturday
    assert r.deadline == D(2026, 11, 20)
    assert r.state == ClockState.OVERDUE


def test_pause_across_national_day_takes_out_only_working_days_wholly_inside():
    r = read(
        20,
        D(2026, 9, 21),
        D(2026, 10, 12),
        pause(D(2026, 9, 24), PauseKind.EXPERT_REVIEW),
        resume(D(2026, 10, 9)),
    )
    # counted: 22, 23, 24 Sep; paused: 28, 29, 30 Sep and 8 Oct (1-7 Oct are off anyway); counted again
    # from 9 Oct: 9, 10 (make-up Saturday), 12 Oct.
    assert r.paused_days == 4
    assert r.used_days == 6
    assert r.deadline == D(2026, 10, 30)


def test_while_paused_there_is_no_deadline_and_the_days_left_are_frozen():
    before = read(10, D(2026, 3, 2), D(2026, 3, 5))
    paused = read(10, D(2026, 3, 2), D(2026, 3, 20), pause(D(2026, 3, 5)))
    assert paused.state == ClockState.PAUSED
    assert paused.deadline is None
    assert paused.remaining_days == before.remaining_days == 7


def test_resume_on_the_same_day_removes_nothing():
    plain = read(10, D(2026, 3, 2), D(2026, 3, 9))
    same = read(10, D(2026, 3, 2), D(2026, 3, 9), pause(D(2026, 3, 4)), resume(D(2026, 3, 4)))
    assert (same.deadline, same.used_days, same.paused_days) == (plain.deadline, plain.used_days, 0)


def test_supplement_that_restarts_the_clock():
    r = read(
        10,
        D(2026, 3, 2),
        D(2026, 3, 20),
        pause(D(2026, 3, 6)),
        resume(D(2026, 3, 16)),
        supplement_restarts=True,
    )
    assert r.deadline == CAL.add_workdays(D(2026, 3, 16), 10) == D(2026, 3, 30)
    assert r.used_days == 4  # 17, 18, 19, 20 March
    assert r.paused_days == 0


def test_restart_applies_to_supplements_only():
    kwargs = {"supplement_restarts": True}
    hearing = read(
        10,
        D(2026, 3, 2),
        D(2026, 3, 20),
        pause(D(2026, 3, 6), PauseKind.HEARING),
        resume(D(2026, 3, 16)),
        **kwargs,
    )
    supplement = read(
        10, D(2026, 3, 2), D(2026, 3, 20), pause(D(2026, 3, 6)), resume(D(2026, 3, 16)), **kwargs
    )
    assert hearing.deadline < supplement.deadline


def test_extension_adds_its_days():
    r = read(20, D(2026, 3, 2), D(2026, 3, 20), extend(D(2026, 3, 20), 10))
    assert r.limit_days == 30
    assert r.deadline == CAL.add_workdays(D(2026, 3, 2), 30)


def test_finish_on_time_and_late():
    on_time = read(5, D(2026, 9, 30), D(2026, 11, 1), finish(D(2026, 10, 12)))
    assert (on_time.state, on_time.finished_late, on_time.used_days, on_time.warning) == (
        ClockState.FINISHED,
        False,
        4,
        WarningLevel.NORMAL,
    )
    late = read(5, D(2026, 9, 30), D(2026, 11, 1), finish(D(2026, 10, 15)))
    assert late.finished_late and late.overdue_days == 2


def test_events_after_today_are_ignored():
    r = read(5, D(2026, 9, 30), D(2026, 10, 9), finish(D(2026, 10, 12)))
    assert r.state == ClockState.RUNNING


def test_two_pauses_add_up():
    r = read(
        20,
        D(2026, 3, 2),
        D(2026, 4, 30),
        pause(D(2026, 3, 5), PauseKind.INSPECTION),
        resume(D(2026, 3, 10)),
        pause(D(2026, 3, 16), PauseKind.TESTING),
        resume(D(2026, 3, 18)),
    )
    assert r.paused_days == 2 + 1  # 6 and 9 March inside the first pause, 17 March inside the second
    assert r.deadline == CAL.add_workdays(D(2026, 3, 2), 20 + r.paused_days)


@pytest.mark.parametrize(
    "events",
    [
        [resume(D(2026, 3, 5))],
        [pause(D(2026, 3, 5)), pause(D(2026, 3, 6))],
        [finish(D(2026, 3, 5)), pause(D(2026, 3, 6))],
        [ClockEvent(EventKind.PAUSE, D(2026, 3, 5))],
        [extend(D(2026, 3, 5), 0)],
        [pause(D(2026, 2, 1))],
    ],
)
def test_invalid_histories_are_refused(events):
    with pytest.raises(ClockError):
        read(10, D(2026, 3, 2), D(2026, 3, 30), *events)


def test_an_immediate_case_with_zero_days():
    r = read(0, D(2026, 3, 2), D(2026, 3, 2))
    assert r.deadline == D(2026, 3, 2)
    assert read(0, D(2026, 3, 2), D(2026, 3, 3)).state == ClockState.OVERDUE


def test_yellow_threshold():
    assert [default_yellow_threshold(n) for n in (1, 5, 6, 20, 45)] == [1, 1, 2, 4, 9]
    r = read(20, D(2026, 3, 2), D(2026, 3, 24))  # 16 used, 4 left
    assert r.warning == WarningLevel.YELLOW
    assert read(20, D(2026, 3, 2), D(2026, 3, 24), yellow_threshold=3).warning == WarningLevel.NORMAL


@given(
    st.dates(min_value=D(2005, 1, 1), max_value=D(2025, 6, 30)),
    st.integers(min_value=1, max_value=45),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=40),
)
def test_a_pause_pushes_the_deadline_by_exactly_the_working_days_inside_it(accepted, limit, start, length):
    p, r = accepted + timedelta(days=start), accepted + timedelta(days=start + length)
    plain = read(limit, accepted, accepted)
    paused = read(limit, accepted, r, pause(p, PauseKind.APPRAISAL), resume(r))
    if plain.deadline > p:  # the pause began before the last day of the limit
        assert paused.deadline == CAL.add_workdays(accepted, limit + paused.paused_days)
    assert paused.paused_days == max(0, CAL.workdays_between(p, r - timedelta(days=1)))


@given(st.dates(min_value=D(2005, 1, 1), max_value=D(2025, 6, 30)), st.integers(min_value=1, max_value=45))
def test_remaining_plus_used_is_the_limit(accepted, limit):
    for offset in (0, 3, 10, 40, 80):
        r = read(limit, accepted, accepted + timedelta(days=offset))
        assert r.used_days + r.remaining_days == r.limit_days


def test_the_documented_supplement_example_without_restart():
    r = read(10, D(2026, 3, 2), D(2026, 3, 20), pause(D(2026, 3, 6)), resume(D(2026, 3, 16)))
    assert (r.paused_days, r.deadline) == (5, D(2026, 3, 23))


@given(
    st.dates(min_value=D(2005, 1, 1), max_value=D(2025, 6, 30)),
    st.integers(min_value=1, max_value=45),
    st.one_of(st.none(), st.integers(min_value=0, max_value=20)),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=20),
    st.booleans(),
)
def test_a_running_clock_read_once_tells_every_later_day(accepted, limit, threshold, start, length, restarts):
    """What the daily sweep relies on: after the last event, a running clock's warning on any later day
    follows from two stored dates (yellow from `yellow_on`, red after `deadline`), and its days left from
    the stored figure less the working days since, so rows need rewriting only when their warning
    changes. (Counting back from the deadline would be wrong for a clock paused after its deadline.)"""
    p, r = accepted + timedelta(days=start), accepted + timedelta(days=start + length)
    events = [pause(p), resume(r)] if start or length else []
    options = {"yellow_threshold": threshold, "supplement_restarts": restarts}
    first = read(limit, accepted, r, *events, **options)
    if first.state not in (ClockState.RUNNING, ClockState.OVERDUE):
        return
    assert first.yellow_on is not None and first.yellow_on <= first.deadline
    for offset in range(0, 70, 3):
        day = r + timedelta(days=offset)
        later = read(limit, accepted, day, *events, **options)
        expected = (
            WarningLevel.RED
            if day > first.deadline
            else WarningLevel.YELLOW
            if day >= first.yellow_on
            else WarningLevel.NORMAL
        )
        assert later.warning == expected
        assert later.deadline == first.deadline and later.yellow_on == first.yellow_on
        assert later.remaining_days == first.remaining_days - CAL.workdays_between(r, day)


def test_yellow_on_is_the_threshold_th_working_day_before_the_deadline():
    r = read(20, D(2026, 3, 2), D(2026, 3, 2))  # deadline Monday 30 March; default threshold 4
    assert r.deadline == D(2026, 3, 30)
    assert r.yellow_on == D(2026, 3, 24)  # Tue 24 March: 4 working days (25, 26, 27, 30) left
    assert read(20, D(2026, 3, 2), D(2026, 3, 23)).warning == WarningLevel.NORMAL
    assert read(20, D(2026, 3, 2), D(2026, 3, 24)).warning == WarningLevel.YELLOW
    assert read(20, D(2026, 3, 2), D(2026, 3, 2), yellow_threshold=0).yellow_on == D(2026, 3, 30)
    paused = read(20, D(2026, 3, 2), D(2026, 3, 10), pause(D(2026, 3, 9)))
    assert paused.yellow_on is None and paused.deadline is None
    assert read(20, D(2026, 3, 2), D(2026, 3, 31), finish(D(2026, 3, 20))).yellow_on is None
