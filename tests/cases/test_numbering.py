from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection, connections, transaction

from onewindow.cases import numbering
from onewindow.cases.numbering import CASE
from onewindow.numbering.models import NumberSequence
from onewindow.numbering.series import SequenceExhausted, allocate_number


def test_numbers_count_up_per_area_and_day(db):
    day = date(2026, 11, 24)
    assert allocate_number(CASE, "370982", day) == "37098220261124000001"
    assert allocate_number(CASE, "370982", day) == "37098220261124000002"
    assert allocate_number(CASE, "370983", day) == "37098320261124000001"
    assert allocate_number(CASE, "370982", date(2026, 11, 25)) == "37098220261125000001"


def test_a_rolled_back_intake_gives_its_number_back(db):
    day = date(2026, 11, 24)
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_number(CASE, "370982", day)
        raise RuntimeError("intake failed")
    assert allocate_number(CASE, "370982", day).endswith("000001")


def test_the_daily_sequence_has_a_ceiling(db):
    NumberSequence.objects.create(
        series="case", area_code="370982", day=date(2026, 11, 24), last=CASE.ceiling
    )
    with pytest.raises(SequenceExhausted):
        allocate_number(CASE, "370982", date(2026, 11, 24))


@pytest.mark.parametrize("area", ["37098", "3709821", "abcdef", ""])
def test_area_codes_are_six_digits(db, area):
    with pytest.raises(ValueError):
        allocate_number(CASE, area, date(2026, 11, 24))


def test_query_codes_are_six_digits():
    codes = {numbering.new_query_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150  # random, not a counter


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need a server database")
def test_concurrent_intakes_never_share_a_number():
    day = date(2026, 11, 24)

    def intake(_):
        try:
            with transaction.atomic():
                return allocate_number(CASE, "370982", day)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(intake, range(200)))
    assert len(set(numbers)) == 200
    assert sorted(n[-6:] for n in numbers) == [f"{i:06d}" for i in range(1, 201)]
