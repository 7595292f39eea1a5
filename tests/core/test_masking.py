from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.masking import mask_id_number, mask_phone


def test_phone_keeps_prefix_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


def test_id_number_keeps_area_and_last_four():
    assert mask_id_number("37098219900101123X") == "370982********123X"


@given(st.text(alphabet="0123456789", min_size=7, max_size=20))
def test_masked_phone_keeps_length_and_hides_the_middle(phone):
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert masked[3:-4] == "*" * (len(phone) - 7)


@given(st.text(alphabet="0123456789", max_size=6))
def test_short_values_are_hidden_whole(value):
    assert set(mask_phone(value)) <= {"*"}
