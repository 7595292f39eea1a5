from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from onewindow.core.identity import (
    IdentityKind,
    IdentityProblem,
    InvalidIdentity,
    credit_code,
    resident_facts,
    resident_id,
)


def make_resident_id(area: str, born: date, serial: int) -> str:
    body = f"{area}{born:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "?")  # stdnum's helper takes the number with a placeholder


# stdnum knows when each county code was in use: 110105 (朝阳区) for every year drawn here.
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2026, 11, 24)), st.integers(1, 999))
def test_every_well_formed_resident_id_is_accepted_and_one_changed_digit_is_not(born, serial):
    number = make_resident_id("110105", born, serial)
    assert resident_id(number) == number
    assert resident_facts(number).birth_date == born
    position = 14
    wrong = number[:position] + str((int(number[position]) + 1) % 10) + number[position + 1 :]
    with pytest.raises(InvalidIdentity) as caught:
        resident_id(wrong)
    assert caught.value.problem == IdentityProblem.CHECKSUM


def test_an_impossible_birth_date_is_a_bad_component():
    body = "11010519491332002"
    with pytest.raises(InvalidIdentity) as caught:
        resident_id(body + ric.calc_check_digit(body + "?"))
    assert caught.value.problem == IdentityProblem.COMPONENT


@given(
    st.dates(min_value=date.today() + timedelta(days=2), max_value=date(2199, 12, 31)), st.integers(1, 999)
)
def test_a_birth_date_after_today_is_a_bad_component(born, serial):
    with pytest.raises(InvalidIdentity) as caught:
        resident_id(make_resident_id("110105", born, serial))
    assert caught.value.problem == IdentityProblem.COMPONENT


def test_the_area_code_must_exist_but_may_be_younger_than_the_holder():
    """Numbers were first given out from 1984 on, with the area code of the day: a Xintai resident born
    in 1960 rightly carries 370982 (新泰市, a code from 1989). An area code that never existed is refused."""
    assert resident_facts(make_resident_id("370982", date(1990, 5, 1), 12)).area_code == "370982"
    assert resident_id(make_resident_id("370982", date(1960, 5, 1), 12)).startswith("370982")
    with pytest.raises(InvalidIdentity) as caught:
        resident_id(make_resident_id("990982", date(1960, 5, 1), 12))
    assert caught.value.problem == IdentityProblem.COMPONENT


def test_resident_id_is_normalised():
    assert resident_id(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1101051949123100", IdentityProblem.LENGTH),
        ("110105194912310021", IdentityProblem.CHECKSUM),
        ("1101051949123100AX", IdentityProblem.FORMAT),
        ("", IdentityProblem.LENGTH),
    ],
)
def test_bad_resident_ids_say_why(value, problem):
    with pytest.raises(InvalidIdentity) as caught:
        resident_id(value)
    assert (caught.value.kind, caught.value.problem) == (IdentityKind.RESIDENT_ID, problem)


def test_credit_codes():
    assert credit_code("91110000600037341L") == "91110000600037341L"
    body = "91370982MA3C0000X"
    good = body + uscc.calc_check_digit(body)  # this one takes the number without its check character
    assert credit_code(good.lower()) == good
    with pytest.raises(InvalidIdentity) as caught:
        credit_code("91110000600037341A")
    assert caught.value.kind == IdentityKind.CREDIT_CODE
