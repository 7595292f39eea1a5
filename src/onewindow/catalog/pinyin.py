"""Pinyin keys for searching item names the way people type at a hall (`bdcdj` finds 不动产登记)."""

from pypinyin import Style, lazy_pinyin


def initials(text: str) -> str:
    """First letters of each character's pinyin; letters and digits in the text are kept as they are."""
    return "".join(
        lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars.lower()))
    ).lower()


def full_pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text, errors=lambda chars: list(chars.lower()))).lower()
