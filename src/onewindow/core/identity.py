"""Applicants' identifiers, checked by their checksums (python-stdnum), not by regular expressions.

A resident ID number (居民身份证号码, GB 11643) carries an area code, a birth date and an ISO 7064
check character; a unified social credit code (统一社会信用代码, GB 32100) has 18 characters with its own
check character. Both are normalised (spaces and hyphens dropped, upper case) before they are stored.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError


class IdentityKind(StrEnum):
    RESIDENT_ID = "resident_id"
    CREDIT_CODE = "credit_code"


class IdentityProblem(StrEnum):
    LENGTH = "length"
    FORMAT = "format"
    CHECKSUM = "checksum"
    COMPONENT = "component"  # an impossible birth date or area


class InvalidIdentity(ValueError):
    """The identifier is not valid; `problem` says why, for a message in the user's language."""

    def __init__(self, kind: IdentityKind, problem: IdentityProblem):
        self.kind, self.problem = kind, problem
        super().__init__(f"invalid {kind}: {problem}")


_PROBLEMS = [
    (InvalidLength, IdentityProblem.LENGTH),
    (InvalidFormat, IdentityProblem.FORMAT),
    (InvalidChecksum, IdentityProblem.CHECKSUM),
    (InvalidComponent, IdentityProblem.COMPONENT),
]


def _check(module, kind: IdentityKind, value: str) -> str:
    try:
        return module.validate(value)
    except ValidationError as exc:
        problem = next((p for cls, p in _PROBLEMS if isinstance(exc, cls)), IdentityProblem.FORMAT)
        raise InvalidIdentity(kind, problem) from exc


def _today_in_china() -> date:
    """Today in Asia/Shanghai, where the numbers are given out (the pure core reads no settings)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


class _ResidentId:
    """python-stdnum's check, except for the area: stdnum wants the area code to have existed in the
    birth year, but numbers were first given out from 1984 on, so a Xintai resident born in 1960 rightly
    carries 370982 (a code from 1983). We only ask that the area code is one that has ever existed."""

    @staticmethod
    def validate(value: str) -> str:
        from stdnum import numdb

        number = ric.compact(value)
        if len(number) != 18:
            raise InvalidLength()
        if not number[:-1].isdigit():
            raise InvalidFormat()
        if number[-1] != ric.calc_check_digit(number):
            raise InvalidChecksum()
        if ric.get_birth_date(number) > _today_in_china():  # InvalidComponent for an impossible date
            raise InvalidComponent()  # nobody alive was born after today
        if not any(props for _part, props in numdb.get("cn/loc").info(number[:6])):
            raise InvalidComponent()
        return number


def resident_id(value: str) -> str:
    """The normalised 18-character resident ID number, or InvalidIdentity."""
    return _check(_ResidentId, IdentityKind.RESIDENT_ID, value or "")


def credit_code(value: str) -> str:
    """The normalised unified social credit code, or InvalidIdentity."""
    return _check(uscc, IdentityKind.CREDIT_CODE, value or "")


@dataclass(frozen=True)
class ResidentFacts:
    area_code: str
    birth_date: date


def resident_facts(number: str) -> ResidentFacts:
    """What a valid resident ID number says about its holder (for age checks and statistics)."""
    number = resident_id(number)
    return ResidentFacts(area_code=number[:6], birth_date=ric.get_birth_date(number))
