"""F8 item 4: immediate items (即办件). 当场办结 is offered at intake to whoever may finish it; an immediate
case is never yellow at acceptance; a case handed over at the window the day it was accepted counts as
finished on site."""

from datetime import date

from onewindow.cases import clocks

from .conftest import do, intake, live

IMMEDIATE = "个体工商户设立登记"


def test_an_immediate_case_is_not_yellow_at_acceptance_and_red_only_after_its_day(catalog, today):
    case = intake("clerk", IMMEDIATE)
    assert case.kind == "immediate" and case.status == "accepted" and case.deadline == date(2025, 9, 1)
    assert case.warning == "normal" and case.yellow_on is None
    assert clocks.warning_of(case, date(2025, 9, 1)) == "normal"
    assert clocks.warning_of(case, date(2025, 9, 2)) == "red"


def test_handed_over_at_the_window_the_same_day_counts_as_finished_on_site(catalog, today):
    same_day = intake("clerk", IMMEDIATE)
    do("chief", same_day, "approve")
    do("clerk", same_day, "deliver", delivery="window")
    same_day.refresh_from_db()
    assert same_day.finished_on_site

    later = intake("clerk", IMMEDIATE)
    do("chief", later, "approve")
    today.set(date(2025, 9, 2))
    do("clerk", later, "deliver", delivery="window")
    later.refresh_from_db()
    assert not later.finished_on_site


def test_the_intake_screen_offers_finishing_now_to_whoever_may(catalog, today, login):
    url = f"/cases/intake/new/?item={live(IMMEDIATE).implementation_code}"
    assert 'name="finish_now"' in login("chief").get(url).content.decode()
    assert 'name="finish_now"' not in login("clerk").get(url).content.decode()
