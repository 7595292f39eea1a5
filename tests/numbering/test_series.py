"""The numbering mechanism with a throw-away series of its own prefix and width: the proof that a later
module (督办事项, 委托书, 会议纪要, 整改) needs one registration and no numbering code."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, transaction

from onewindow.numbering.models import NumberSequence
from onewindow.numbering.series import (
    SequenceExhausted,
    Series,
    allocate_block,
    allocate_number,
    allocate_numbers,
    assign_number,
    register,
    registered,
)

DRILL = register(Series("drill", "YL", 3, 6, "%Y%m%d", "演练编号"))
DAY = date(2026, 11, 24)


def test_a_series_reads_prefix_area_day_and_its_own_width(db):
    assert allocate_number(DRILL, "370982", DAY) == "YL37098220261124001"
    assert allocate_number(DRILL, "370982", DAY) == "YL37098220261124002"
    assert allocate_number(DRILL, "370983", DAY) == "YL37098320261124001"
    assert allocate_number(DRILL, "370982", date(2026, 11, 25)) == "YL37098220261125001"


def test_each_series_counts_on_its_own_row(db):
    from onewindow.cases.numbering import CASE

    assert allocate_number(CASE, "370982", DAY).endswith("000001")
    assert allocate_number(DRILL, "370982", DAY).endswith("001")
    assert allocate_number(CASE, "370982", DAY).endswith("000002")
    rows = dict(NumberSequence.objects.filter(area_code="370982", day=DAY).values_list("series", "last"))
    assert rows == {"case": 2, "drill": 1}


def test_a_series_runs_out_at_its_width(db):
    NumberSequence.objects.create(series="drill", area_code="370982", day=DAY, last=998)
    assert allocate_number(DRILL, "370982", DAY) == "YL37098220261124999"
    with pytest.raises(SequenceExhausted, match="999"):
        allocate_number(DRILL, "370982", DAY)


def test_a_block_of_numbers_follows_on_from_single_ones_and_runs_out_whole(db):
    assert allocate_numbers(DRILL, "370982", DAY, 0) == []
    assert allocate_numbers(DRILL, "370982", DAY, 3) == [f"YL37098220261124{n:03d}" for n in (1, 2, 3)]
    assert allocate_number(DRILL, "370982", DAY) == "YL37098220261124004"
    assert allocate_numbers(DRILL, "370982", DAY, 2) == ["YL37098220261124005", "YL37098220261124006"]
    with pytest.raises(SequenceExhausted), transaction.atomic():
        allocate_numbers(DRILL, "370982", DAY, 994)  # 7 to 1000: one past the width, so none of them
    assert allocate_numbers(DRILL, "370982", DAY, 993)[-1] == "YL37098220261124999"


def test_a_block_gives_its_first_sequence_and_takes_the_same_numbers(db):
    assert allocate_block(DRILL, "370982", DAY, 5) == 1
    assert allocate_numbers(DRILL, "370982", DAY, 2) == ["YL37098220261124006", "YL37098220261124007"]
    assert allocate_block(DRILL, "370982", DAY, 992) == 8  # 8 to 999: the last of the width
    with pytest.raises(SequenceExhausted), transaction.atomic():
        allocate_block(DRILL, "370982", DAY, 1)
    with pytest.raises(ValueError):
        allocate_block(DRILL, "370982", DAY, 0)


def test_assigning_writes_the_number_to_its_row_and_a_rollback_gives_it_back(db):
    user = get_user_model().objects.create(username="numbered")
    assert (
        assign_number(DRILL, "370982", DAY, get_user_model(), user.pk, "first_name") == "YL37098220261124001"
    )
    user.refresh_from_db()
    assert user.first_name == "YL37098220261124001"
    with pytest.raises(RuntimeError), transaction.atomic():
        assign_number(DRILL, "370982", DAY, get_user_model(), user.pk, "first_name")
        raise RuntimeError("the writer failed")
    NumberSequence.objects.filter(series="drill").update(last=DRILL.ceiling)
    with pytest.raises(SequenceExhausted), transaction.atomic():
        assign_number(DRILL, "370982", DAY, get_user_model(), user.pk, "first_name")
    user.refresh_from_db()
    assert user.first_name == "YL37098220261124001"


@pytest.mark.parametrize("area", ["37098", "3709821", "abcdef", "３７０９８２", "370982\n", ""])
def test_area_codes_have_the_series_digits(db, area):
    with pytest.raises(ValueError):
        allocate_number(DRILL, area, DAY)


def test_an_unregistered_series_is_refused(db):
    with pytest.raises(LookupError):
        allocate_number(Series("stray", "ST", 4, 6, "%Y%m%d", "未登记"), "370982", DAY)
    assert "stray" not in {s.code for s in registered()}


def test_registration_keeps_codes_and_prefixes_apart():
    assert register(Series("drill", "YL", 3, 6, "%Y%m%d", "演练编号")) is not None  # the same again: fine
    with pytest.raises(ValueError):
        register(Series("drill", "YL", 4, 6, "%Y%m%d", "演练编号"))  # the code, declared differently
    with pytest.raises(ValueError):
        register(Series("drill_two", "YL", 3, 6, "%Y%m%d", "演练编号"))  # another series' prefix


@pytest.mark.parametrize(
    "declaration",
    [
        ("Drill", "YL", 3, 6, "%Y%m%d"),  # the code is a lower-case slug
        ("drill", "yl", 3, 6, "%Y%m%d"),  # the prefix is capital letters
        ("drill", "YL", 0, 6, "%Y%m%d"),
        ("drill", "YL", 10, 6, "%Y%m%d"),  # more than the sequence column holds
        ("drill", "YL", 3, 13, "%Y%m%d"),
        ("drill", "YL", 3, 6, "%Y%m"),  # the sequence restarts daily: the day must be in the number
    ],
)
def test_a_series_declaration_is_checked(declaration):
    with pytest.raises(ValueError):
        Series(*declaration, verbose_name="演练编号")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_distinct_gapless_numbers():
    """On both databases: PostgreSQL queues the writers on the row, SQLite on its write lock."""

    def take(_):
        try:
            with transaction.atomic():
                return allocate_number(DRILL, "370982", DAY)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(take, range(120)))
    assert len(set(numbers)) == 120
    assert sorted(n[-3:] for n in numbers) == [f"{i:03d}" for i in range(1, 121)]
