"""Applicants for a batch of generated cases, made with array operations: resident ID numbers and unified
social credit codes with correct check characters (as python-stdnum computes them), names, mobile numbers,
and the keyed digest the services store.

A person's name and phone follow from their ID number (a hash of it), so two cases that draw the same
number belong to the same person, as repeat applicants do. Firms get serial numbers that never repeat,
mapped one-to-one onto organisation codes. The names, areas and prefixes are the demo's (`demo.people`).
"""

import hashlib
from dataclasses import dataclass
from datetime import date

import numpy as np

from onewindow import personal
from onewindow.demo.cases.people import (
    AREA_CODE,
    EARLIER_AREA_CODES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MOBILE_PREFIXES,
    SURNAMES,
    TRADE_NAMES,
)

_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100's alphabet
_ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2])  # GB 11714, as demo.people computes it
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
_RIC_WEIGHTS = np.array([pow(13, 16 - i, 11) for i in range(17)])  # stdnum.cn.ric: the body in base 13
_ORG_SPACE = 31**6  # organisation codes "MA" + 6 characters
_ORG_STEP = 387_420_489  # 9**9: coprime with 31, so serial * step mod 31**6 never repeats
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


@dataclass
class Applicants:
    """Per row: kind ("person"/"organisation"), name, ID number, digest, phone, representative, contact."""

    kind: np.ndarray
    name: np.ndarray
    id_number: np.ndarray
    digest: np.ndarray
    phone: np.ndarray
    legal_representative: np.ndarray
    contact_name: np.ndarray

    @classmethod
    def empty(cls, n: int) -> "Applicants":
        return cls(*(np.full(n, "", dtype=object) for _ in range(7)))

    def put(self, rows: np.ndarray, other: "Applicants") -> None:
        """Fill the given rows from another set of applicants (one each, in order)."""
        for name in vars(self):
            getattr(self, name)[rows] = getattr(other, name)


def mix(values: np.ndarray) -> np.ndarray:
    """splitmix64: a well-spread 64-bit hash of each integer."""
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return (z ^ (z >> np.uint64(31))) & _MASK64


def _pick(table, hashes: np.ndarray, shift: int) -> np.ndarray:
    """An element of `table` for each hash, from its bits above `shift`."""
    table = np.asarray(table, dtype=object)
    return table[((hashes >> np.uint64(shift)) % np.uint64(len(table))).astype(np.int64)]


def _surname(hashes: np.ndarray) -> np.ndarray:
    """The common surnames more often (as demo.people: an exponential over their rank)."""
    u = ((hashes >> np.uint64(11)).astype(np.float64) + 0.5) / 2.0**53
    rank = np.minimum(np.floor(-np.log(u) * 18), len(SURNAMES) - 1).astype(np.int64)
    return np.asarray(list(SURNAMES), dtype=object)[rank]


def names(hashes: np.ndarray, male: np.ndarray) -> np.ndarray:
    given1 = np.where(male, _pick(list(GIVEN_MALE), hashes, 5), _pick(list(GIVEN_FEMALE), hashes, 5))
    given2 = np.where(male, _pick(list(GIVEN_MALE), hashes, 17), _pick(list(GIVEN_FEMALE), hashes, 17))
    two = (hashes >> np.uint64(29)) % np.uint64(10) < np.uint64(7)
    return _surname(hashes) + given1 + np.where(two, given2, "")


def phones(hashes: np.ndarray) -> np.ndarray:
    again = mix(hashes)
    digits = (again % np.uint64(10**8)).astype(np.int64)
    return _pick(MOBILE_PREFIXES, hashes, 33) + np.char.zfill(digits.astype(str), 8).astype(object)


def _strings(codes: np.ndarray) -> np.ndarray:
    """Rows of character codes (uint8) as Python strings."""
    return (
        np.ascontiguousarray(codes, dtype=np.uint8)
        .view(f"S{codes.shape[1]}")
        .ravel()
        .astype(str)
        .astype(object)
    )


def resident_ids(rng: np.random.Generator, today: date, age_low: np.ndarray, age_high: np.ndarray):
    """(ID numbers, male) of people whose age lies in [low, high] years; born in 新泰 (its code in their
    birth year) as demo.people makes them."""
    n = len(age_low)
    age_days = rng.integers(age_low * 365 + 1, (age_high + 1) * 365 - 1)
    born = np.datetime64(today, "D") - age_days
    year = born.astype("datetime64[Y]").astype(np.int64) + 1970
    month = (born.astype("datetime64[M]") - born.astype("datetime64[Y]")).astype(np.int64) + 1
    day = (born - born.astype("datetime64[M]")).astype(np.int64) + 1
    male = rng.random(n) < 0.5
    sequence = rng.integers(0, 50, n) * 10 + rng.integers(0, 5, n) * 2 + male
    befores = np.array([before for before, _code in EARLIER_AREA_CODES])
    areas = np.array([int(code) for _before, code in EARLIER_AREA_CODES] + [int(AREA_CODE)])
    area = areas[np.searchsorted(befores, year, side="right")]
    body = area * 10**11 + year * 10**7 + month * 10**5 + day * 10**3 + sequence
    digits = (body[:, None] // 10 ** np.arange(16, -1, -1)) % 10
    check = (1 - 2 * (digits * _RIC_WEIGHTS).sum(axis=1)) % 11
    chars = np.empty((n, 18), dtype=np.uint8)
    chars[:, :17] = digits + ord("0")
    chars[:, 17] = np.where(check == 10, ord("X"), check + ord("0"))
    return _strings(chars), male, body


def credit_codes(serials: np.ndarray, cooperative: np.ndarray) -> np.ndarray:
    """Unified social credit codes: registered by market regulation, an enterprise (91) or a farmers'
    cooperative (93) of 新泰, with an organisation code "MA..." and both check characters."""
    n = len(serials)
    value = (serials.astype(np.int64) * _ORG_STEP) % _ORG_SPACE
    alphabet = np.frombuffer(_CODE_CHARS.encode(), dtype=np.uint8)
    org = np.empty((n, 8), dtype=np.int64)
    org[:, 0], org[:, 1] = _CODE_CHARS.index("M"), _CODE_CHARS.index("A")
    org[:, 2:] = (value[:, None] // 31 ** np.arange(5, -1, -1)) % 31
    total = (org * _ORG_WEIGHTS).sum(axis=1)
    check = 11 - total % 11  # 10 is X, 11 is 0
    body = np.empty((n, 17), dtype=np.int64)
    body[:, 0] = 9
    body[:, 1] = np.where(cooperative, 3, 1)
    body[:, 2:8] = [int(c) for c in AREA_CODE]
    body[:, 8:16] = org
    body[:, 16] = np.where(check == 10, _CODE_CHARS.index("X"), np.where(check == 11, 0, check))
    uscc = (31 - (body * _USCC_WEIGHTS).sum(axis=1) % 31) % 31
    chars = np.empty((n, 18), dtype=np.uint8)
    chars[:, :17] = alphabet[body]
    chars[:, 17] = alphabet[uscc]
    return _strings(chars)


def digests(numbers: np.ndarray) -> np.ndarray:
    """`personal.id_digest` of each (normalised) number: the same HMAC-SHA256, with the key's inner and
    outer hash states prepared once instead of once per number (the tests check the two agree)."""
    key = personal._key().ljust(64, b"\0")  # HMAC pads a key shorter than SHA-256's block
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def digest(number: str) -> str:
        step = inner.copy()
        step.update(number.encode())
        final = outer.copy()
        final.update(step.digest())
        return final.hexdigest()

    return np.array([digest(number) for number in numbers.tolist()], dtype=object)


def people(rng: np.random.Generator, today: date, age_low: np.ndarray, age_high: np.ndarray) -> Applicants:
    numbers, male, body = resident_ids(rng, today, age_low, age_high)
    hashes = mix(body)
    n = len(numbers)
    empty = np.full(n, "", dtype=object)
    return Applicants(
        kind=np.full(n, "person", dtype=object),
        name=names(hashes, male),
        id_number=numbers,
        digest=digests(numbers),
        phone=phones(hashes),
        legal_representative=empty,
        contact_name=empty,
    )


def firms(serials: np.ndarray, industries: np.ndarray, cooperative_lines: frozenset[str]) -> Applicants:
    """Firms by serial number, in the line of business of their item (demo.people.INDUSTRIES)."""
    hashes = mix(serials.astype(np.uint64) + np.uint64(1 << 40))
    n = len(serials)
    cooperative = np.isin(industries, list(cooperative_lines)) & (
        (hashes >> np.uint64(3)) % np.uint64(10) < 4
    )
    trade = _pick(TRADE_NAMES, hashes, 7)
    province = (hashes >> np.uint64(13)) % np.uint64(10) < np.uint64(2)
    names_ = np.where(
        cooperative,
        "新泰市" + trade + industries + "专业合作社",
        np.where(province, "山东", "新泰市") + trade + industries + "有限公司",
    )
    numbers = credit_codes(serials, cooperative)
    again = mix(hashes)
    return Applicants(
        kind=np.full(n, "organisation", dtype=object),
        name=names_,
        id_number=numbers,
        digest=digests(numbers),
        phone=phones(again),
        legal_representative=names(mix(again), (again >> np.uint64(2)) % np.uint64(2) == np.uint64(0)),
        contact_name=names(mix(mix(again)), (again >> np.uint64(4)) % np.uint64(2) == np.uint64(0)),
    )
