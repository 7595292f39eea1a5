"""The demo's supervision (督查督办): the leading group's member units, the cards the demo's late cases
earn, and a dozen matters from every source played through the procedure over the last working days.

`load_demo_supervision()` runs after the demo cases (`onewindow demo`); it does nothing when any matter
exists and is all or nothing (one transaction). Every member unit gets its office contact (the chief
representative), an office phone and a credit code; the county's telecom company joins as a member
unit with its own contact (`telecom`), for the seed's first visitor, whose telephone line was dead.

The matters are played day by day through the services, with the hourly ladder sweep run at the end
of each day, so late feedback climbs the urging ladder as it would (one matter up to on-site
supervision, with the supervisors' findings). Afterwards the timestamps are moved to the day each step
happened, and last month's circulated report is published.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from onewindow.audit import services as audit
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.demo import county
from onewindow.org.models import Department, ServiceBody, Staff
from onewindow.org.roles import Role
from onewindow.supervision import circulation, ladder
from onewindow.supervision.cards import raise_cards
from onewindow.supervision.matter_services import NewMatter, register_matter, take
from onewindow.supervision.models import Card, Matter, MatterEvent, MemberUnit, Urging
from onewindow.timelimits import reading
from onewindow.workcalendar.services import current_calendar

SPAN_WORKDAYS = 20
TELECOM = ("中国电信新泰分公司", "电信")
TELECOM_PERSON = county.DemoPerson(
    "telecom", "陈志远", "13805380030", county.CENTER[0], (Role.REVIEWER,), TELECOM[0]
)
_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass
class Story:
    """One matter: what is registered on which working day (counted back from today), and its steps
    as (working days after registering, acting username, action, data)."""

    back: int
    source: str
    title: str
    content: str
    unit: str | None
    steps: list = field(default_factory=list)
    urgency: str = "normal"
    requester: tuple[str, str] = ("", "")
    respondent: tuple[str | None, str] = (None, "")
    external_id: str = ""


OFFICE = "supervisor"


def _stories(handler: dict[str, str]) -> list[Story]:
    """The matters, their units' handlers named by `handler[unit]`."""
    telecom, realty, housing = handler[TELECOM[0]], handler["不动产登记中心"], handler["住房和城乡建设局"]
    market, hr = handler["市场监督管理局"], handler["人力资源和社会保障局"]
    tax, transport, health = handler["税务局"], handler["交通运输局"], handler["卫生健康局"]
    closed = [
        (1, OFFICE, "reply", {"text": "已电话答复诉求人办理结果。"}),
        (2, OFFICE, "follow_up", {"result": "satisfied", "text": "诉求人表示满意。"}),
        (2, OFFICE, "close", {}),
    ]
    return [
        Story(
            12,
            "complaint",
            "东都村老人家中固定电话断线多日",
            "东都镇东都村张大爷来中心反映：家中固定电话已断线五天，报修无人上门，无法与外地子女联系。",
            TELECOM[0],
            [
                (0, OFFICE, "assign", {"lead_unit": TELECOM[0], "text": "请当日派员上门检修。"}),
                (0, telecom, "acknowledge", {}),
                (1, telecom, "feed_back", {"text": "已派维修人员上门，更换入户线，电话恢复正常。"}),
                *closed,
            ],
            requester=("张大爷", "13905381234"),
        ),
        Story(
            18,
            "hotline",
            "不动产登记证书超期未领到",
            "12345 热线转来：市民反映抵押注销登记已超过承诺时限，仍未领到证明。",
            "不动产登记中心",
            [
                (0, OFFICE, "assign", {"lead_unit": "不动产登记中心"}),
                (
                    5,
                    OFFICE,
                    "urge",
                    {"text": "督查组到不动产登记中心现场督办：档案调取环节积压，已要求当日清理。"},
                ),
                (7, realty, "feed_back", {"text": "已清理积压档案，证明已邮寄申请人。"}),
            ],
            requester=("刘女士", "13605387788"),
            external_id="12345-20261118-0042",
        ),
        Story(
            6,
            "instruction",
            "市领导批示：加快老旧小区改造项目施工许可",
            "市委主要领导批示：老旧小区改造项目施工许可办理要提速，确保月底前开工。",
            "住房和城乡建设局",
            [
                (0, OFFICE, "assign", {"lead_unit": "住房和城乡建设局"}),
                (1, housing, "acknowledge", {}),
                (3, housing, "feed_back", {"text": "已开辟绿色通道，施工许可 3 个工作日内办结。"}),
            ],
            urgency="urgent",
        ),
        Story(
            1,
            "investigation",
            "查办：个别窗口要求群众重复提交材料",
            "暗访发现，个别窗口要求群众提交一次性告知单未列明的材料，请查明情况并整改。",
            None,
        ),
        Story(
            9,
            "media",
            "媒体报道：个体工商户变更登记排长队",
            "本地媒体报道市场监管窗口上午排队超过两小时，请核实并提出改进措施。",
            "市场监督管理局",
            [
                (0, OFFICE, "assign", {"lead_unit": "市场监督管理局"}),
                (0, market, "acknowledge", {}),
                (1, market, "ask_extension", {"days": 3, "reason": "需调整窗口排班并增设自助终端。"}),
                (1, OFFICE, "grant_extension", {}),
            ],
            respondent=("市场监督管理局", "B01 窗口"),
        ),
        Story(
            10,
            "enquiry",
            "灵活就业人员如何缴纳养老保险",
            "群众咨询：灵活就业人员在哪里、带什么材料办理养老保险参保登记。",
            "人力资源和社会保障局",
            [
                (0, OFFICE, "assign", {"lead_unit": "人力资源和社会保障局"}),
                (1, hr, "feed_back", {"text": "已告知可在人社窗口或网上办理，需身份证。"}),
                *closed,
            ],
            requester=("王先生", "15805385566"),
        ),
        Story(
            14,
            "onsite",
            "现场办公决定：工业园区项目用地规划条件限期出具",
            "领导现场办公决定：自然资源和规划局在 5 个工作日内出具项目用地规划条件。",
            "自然资源和规划局",
            [
                (0, OFFICE, "assign", {"lead_unit": "自然资源和规划局"}),
                (6, OFFICE, "urge", {"text": "督查组现场督办：规划条件初稿已完成，待局务会审定。"}),
            ],
            urgency="urgent",
        ),
        Story(
            16,
            "rating",
            "差评：不动产抵押登记办理时间长",
            "评价器差评：申请人认为抵押登记等待时间过长，工作人员解释不清。",
            "不动产登记中心",
            [
                (0, OFFICE, "assign", {"lead_unit": "不动产登记中心"}),
                (1, realty, "feed_back", {"text": "已向申请人说明。"}),
                (2, OFFICE, "send_back", {"reason": "反馈未说明整改措施，请补充。"}),
                (3, realty, "feed_back", {"text": "已增设抵押登记专窗，并对窗口人员进行培训。"}),
                (3, OFFICE, "reply", {"text": "已告知申请人整改措施。"}),
                (4, OFFICE, "follow_up", {"result": "unsatisfied", "text": "申请人认为仍需等待。"}),
                (4, OFFICE, "close", {}),
                (5, OFFICE, "reopen", {"reason": "诉求人不满意，重新交办。"}),
            ],
            requester=("赵先生", "13705384321"),
            respondent=("不动产登记中心", ""),
        ),
        Story(
            11,
            "complaint",
            "企业反映税务发票申领多次往返",
            "某商贸公司反映申领发票跑了三次，每次被告知缺不同材料。",
            "税务局",
            [
                (0, OFFICE, "assign", {"lead_unit": "税务局"}),
                (0, tax, "ask_extension", {"days": 5, "reason": "需核查三次办理记录。"}),
                (1, OFFICE, "refuse_extension", {"reason": "事实清楚，请按期反馈。"}),
                (1, tax, "feed_back", {"text": "已一次性告知所需材料，并当场办结。"}),
                *closed,
            ],
            requester=("新泰市恒通商贸有限公司", "0538-7123456"),
            respondent=("税务局", ""),
        ),
        Story(
            3,
            "hotline",
            "公交站牌信息错误",
            "12345 热线转来：青云路公交站牌线路信息未更新。",
            "交通运输局",
            [
                (0, OFFICE, "assign", {"lead_unit": "交通运输局"}),
                (1, transport, "feed_back", {"text": "已更换站牌。"}),
            ],
            requester=("孙女士", "18805381122"),
            external_id="12345-20261201-0107",
        ),
        Story(
            15,
            "instruction",
            "上级批示：疫苗接种证明补办流程简化",
            "泰安市政府办公室批示：研究简化疫苗接种证明补办流程，形成意见报送。",
            "卫生健康局",
            [
                (0, OFFICE, "assign", {"lead_unit": "卫生健康局"}),
                (2, health, "feed_back", {"text": "已形成简化意见并报送。"}),
                (3, OFFICE, "close", {}),
            ],
        ),
        Story(
            4,
            "complaint",
            "建设工程竣工验收备案迟迟不办",
            "企业反映竣工验收备案材料已齐全，已等待一周。",
            "住房和城乡建设局",
            [(0, OFFICE, "assign", {"lead_unit": "住房和城乡建设局"})],
            requester=("新泰市鲁源建设有限公司", "0538-7234567"),
            respondent=("住房和城乡建设局", ""),
        ),
        Story(
            2,
            "enquiry",
            "新生儿落户需要哪些材料",
            "群众咨询新生儿落户的材料和办理地点。",
            None,
            requester=("马女士", "13905389900"),
        ),
    ]


def load_demo_supervision(*, today: date | None = None, seed: int = 2026) -> dict:
    """Member units, cards and played matters, unless any matter exists; returns the counts."""
    if Matter.objects.exists():
        return {"created": 0, "matters": Matter.objects.count()}
    calendar = current_calendar()
    today = today or reading.today()
    last = today if calendar.is_workday(today) else calendar.add_workdays(today, -1)
    days = [calendar.add_workdays(last, -back) for back in range(SPAN_WORKDAYS - 1, -1, -1)]
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data)
    holder = {"day": days[-1]}
    first_event = (MatterEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with transaction.atomic(), mock.patch.object(reading, "today", lambda: holder["day"]):
        center = ServiceBody.objects.get(name=county.CENTER[0])
        handler = _member_units(center, rng)
        users = {
            u.username: u for u in get_user_model().objects.filter(username__in={*handler.values(), OFFICE})
        }
        units = {d.name: d for d in Department.objects.filter(body=center)}
        played = _play(_stories(handler), days, center, users, units, holder)
        raise_cards(on=days[-1])
        _backdate(first_event)
        report = _publish_last_month(users[OFFICE], center, today)
        counts = {
            "created": len(played),
            "matters": Matter.objects.count(),
            "cards": Card.objects.count(),
            "urgings": Urging.objects.count(),
            "report": report.title if report else "",
        }
        audit.record(
            actor=None,
            action="demo.supervision.load",
            object_type="demo",
            object_id="supervision",
            after=counts,
        )
    return counts


def _member_units(center: ServiceBody, rng: random.Random) -> dict[str, str]:
    """Every department a member unit with its office contact; the telecom company joins with its own
    contact. Returns who handles each unit's matters (username)."""
    telecom, _ = Department.objects.update_or_create(
        body=center, name=TELECOM[0], defaults={"short_name": TELECOM[1], "sort_order": 100}
    )
    staff = county.demo_person(TELECOM_PERSON, {center.name: center}, {telecom.name: telecom}, {})
    handler = {}
    for n, department in enumerate(Department.objects.filter(body=center).order_by("sort_order", "pk"), 1):
        contact = staff if department == telecom else department.chief_representative
        if contact is None:
            contact = Staff.objects.filter(department=department, user__is_active=True).order_by("pk").first()
        if contact is None:
            continue
        MemberUnit.objects.update_or_create(
            department=department,
            defaults={"contact": contact.user, "phone": f"0538-7260{n:03d}", "credit_code": _organ_code(rng)},
        )
        handler[department.name] = contact.user.username
    return handler


def _organ_code(rng: random.Random) -> str:
    """A unified social credit code of a state organ (机关, 11) in 新泰 with both check characters."""
    org = "".join(rng.choice(_ORG_CHARS[:10]) for _ in range(8))
    check = 11 - sum(w * _ORG_CHARS.index(c) for w, c in zip(_ORG_WEIGHTS, org, strict=True)) % 11
    org += {10: "X", 11: "0"}.get(check, str(check))
    body = "11370982" + org
    return body + uscc.calc_check_digit(body)


def _play(stories: list[Story], days: list[date], center, users, units, holder: dict) -> list[Matter]:
    """Register each story on its day and take its steps on theirs; the ladder sweep runs each evening.
    Steps that would fall after today are left for the people using the demo."""
    registering, stepping = defaultdict(list), defaultdict(list)
    for story in stories:
        start = len(days) - 1 - story.back
        registering[start].append(story)
        for offset, who, action, data in story.steps:
            stepping[start + offset].append((story, who, action, data))
    matters: dict[int, Matter] = {}
    for index, day in enumerate(days):
        holder["day"] = day
        for story in registering[index]:
            new = _new(story, units)
            matters[id(story)] = register_matter(actor=users[OFFICE], body=center, new=new, on=day)
        for story, who, action, data in stepping[index]:
            if "lead_unit" in data:
                data = {**data, "lead_unit": units[data["lead_unit"]].pk}
            matter = matters[id(story)]
            matters[id(story)] = take(actor=users[who], matter=matter, action=action, data=data, on=day)
        ladder.climb_late(on=day)
    return list(matters.values())


def _new(story: Story, units) -> NewMatter:
    unit, person = story.respondent
    return NewMatter(
        source=story.source,
        title=story.title,
        content=story.content,
        urgency=story.urgency,
        requester_name=story.requester[0],
        requester_phone=story.requester[1],
        respondent_unit=units[unit] if unit else None,
        respondent_person=person,
        external_id=story.external_id,
    )


def _at(day: date, minutes: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)) + timedelta(minutes=minutes))


def _backdate(first_event: int) -> None:
    """Move the played steps' times to their service days (the services stamp the wall clock)."""
    last_at: dict[tuple[int, str], datetime] = {}
    for n, event in enumerate(MatterEvent.objects.filter(pk__gte=first_event).order_by("pk")):
        event.at = _at(event.day, 7 * (n % 60))
        event.save(update_fields=["at"])
        last_at[(event.matter_id, event.action)] = event.at
    stamps = {
        "created_at": "register",
        "fed_back_at": "feed_back",
        "replied_at": "reply",
        "followed_up_at": "follow_up",
        "closed_at": "close",
        "reopened_at": "reopen",
    }
    for matter in Matter.objects.filter(events__pk__gte=first_event).distinct():
        changed = [name for name, action in stamps.items() if (matter.pk, action) in last_at]
        for name in changed:
            if getattr(matter, name) is not None:
                setattr(matter, name, last_at[(matter.pk, stamps[name])])
        matter.save(update_fields=changed)
    for urging in Urging.objects.filter(matter__events__pk__gte=first_event).distinct():
        urging.at = _at(urging.day, 60)
        urging.save(update_fields=["at"])


def _publish_last_month(actor, center: ServiceBody, today: date):
    """Last month's circulated report, published as the office would at the start of a month."""
    end = today.replace(day=1) - timedelta(days=1)
    try:
        return circulation.publish(actor=actor, body=center, start=end.replace(day=1), end=end)
    except CalendarNotLoaded:
        return None
