"""Supervision records in the national data set's terms (GB/T 39046: 投诉, 咨询, 电子监察).

Each function maps one of our rows to the standard's field names, dates as `YYYYMMDD` and times as
`YYYYMMDDhhmmss` in Beijing time, so an exchange with the provincial platform fills them from here
without a second reading of what our fields mean. A field we do not know is an empty string, never a
guess. Persons are named as the record needs them (the requester, the handler); exports that leave the
office mask them where they are not needed.
"""

from datetime import date, datetime

from django.utils import timezone

from . import matter_clock
from .models import Card, Matter

DATE = "%Y%m%d"
DATETIME = "%Y%m%d%H%M%S"


def _day(value: date | None) -> str:
    return value.strftime(DATE) if value else ""


def _moment(value: datetime | None) -> str:
    return timezone.localtime(value).strftime(DATETIME) if value else ""


def _staff_name(user) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.full_name if staff is not None else user.get_username()


def _last_event(matter: Matter, action: str):
    return matter.events.filter(action=action).select_related("actor__staff").order_by("-pk").first()


def _time_limits(matter: Matter) -> dict:
    return {
        "承诺时限": _day(matter.deadline),
        "延期时限": str(matter.extension_days or 0),
        "延期原因": matter.extension_reason,
        "超期天数": str(matter_clock.overdue_days(matter)),
        "行政区划": matter.body.division.code,
    }


def complaint_record(matter: Matter) -> dict[str, str]:
    """投诉: the complaint with its unit, handler, feedback and time limits."""
    unit = matter.lead_unit
    member = getattr(unit, "member_unit", None) if unit else None
    handled = _last_event(matter, "feed_back")
    assigned = _last_event(matter, "assign")
    return {
        "投诉标题": matter.title,
        "投诉人": matter.requester_name,
        "被投诉单位": matter.respondent_unit.name if matter.respondent_unit_id else "",
        "被投诉人": matter.respondent_person,
        "投诉内容": matter.content,
        "投诉来源": matter.source,
        "投诉时间": _moment(matter.created_at),
        "承办单位代码": member.credit_code if member else "",
        "承办单位名称": unit.name if unit else "",
        "承办人": _staff_name(handled.actor) if handled else "",
        "承办时间": _moment(assigned.at) if assigned else "",
        "反馈信息": matter.feedback,
        "反馈时间": _moment(matter.fed_back_at),
        **_time_limits(matter),
    }


def enquiry_record(matter: Matter) -> dict[str, str]:
    """咨询: the enquiry, who answered it and when."""
    replied = _last_event(matter, "reply")
    limits = _time_limits(matter)
    del limits["承诺时限"]
    return {
        "咨询编码": matter.number,
        "咨询人": matter.requester_name,
        "标题": matter.title,
        "内容": matter.content,
        "咨询时间": _moment(matter.created_at),
        "处理时间": _moment(matter.replied_at),
        "处理人": _staff_name(replied.actor) if replied else "",
        "处理意见": matter.reply,
        **limits,
    }


def supervision_record(card: Card) -> dict[str, str]:
    """电子监察: a card on a case or a step, with its rule, level and responsible department."""
    description = card.description
    if card.withdrawn_at:
        description = f"{description}（摘牌：{card.withdraw_reason}）"
    return {
        "办件编号": card.case.number,
        "督办内容": card.description,
        "机构名称": card.department.name,
        "事项类型代码": card.case.item_version.item_type,
        "督办发出时间": _moment(card.raised_at),
        "监察编号": card.number or "",
        "监察规则编号": card.rule.code,
        "监察预警类型代码": card.level,
        "状态产生时间": _moment(card.withdrawn_at or card.raised_at),
        "监察结果描述": description,
        "责任部门": card.department.name,
    }
