"""Who decides, and where a decision may be challenged: the one place a document's heading, seal and
appeal rights come from.

A decision (不予受理, 不予行政许可, 准予行政许可) is made in the name of the deciding authority, not of
the service center or window that printed it: the body the catalog names as 实施主体, else the
department's full name. Against a county department's decision the applicant may apply for
administrative review (行政复议) to the people's government at the same level (行政复议法 2023, art.
24) within 60 days of receiving it (art. 20), or sue at the people's court within six months (行政诉讼法
art. 46); a vertically managed department (税务, 海关 ...) names its own review body.
"""

from dataclasses import dataclass

REVIEW_DAYS = 60
LITIGATION_MONTHS = 6


@dataclass(frozen=True)
class Authority:
    name: str
    review_body: str
    court: str
    review_days: int = REVIEW_DAYS
    litigation_months: int = LITIGATION_MONTHS


def full_name(department) -> str:
    """The department's name as it heads its documents: the division's name before a bare name
    ("市场监督管理局" -> "新泰市市场监督管理局")."""
    if department.authority_name:
        return department.authority_name
    division = department.body.division.name
    return department.name if department.name.startswith(division) else f"{division}{department.name}"


def deciding_authority(department, implementing_body: str = "") -> Authority:
    """The authority a decision of `department` is made by (`implementing_body` where the catalog names
    one), with the bodies that hear a challenge to it."""
    division = department.body.division.name
    return Authority(
        name=implementing_body.strip() or full_name(department),
        review_body=department.review_body or f"{division}人民政府",
        court=department.court or f"{division}人民法院",
    )
