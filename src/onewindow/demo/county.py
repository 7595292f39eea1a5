"""The demo county: a county-level city with its center, towns, villages and staff for every role.

Loading is idempotent (keyed by division codes, names and usernames), so it can run on every start.
Passwords are set only when an account is first made; they are for demonstration only.
"""

from dataclasses import dataclass
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from onewindow.audit import services as audit
from onewindow.org import services
from onewindow.org.models import (
    Department,
    Division,
    DivisionLevel,
    ServiceBody,
    Staff,
    Tier,
    Window,
    WindowKind,
)
from onewindow.org.roles import Role

DEMO_PASSWORD = "demo2026!"

DIVISIONS = [
    # code, name, level, parent code
    ("370000000000", "山东省", DivisionLevel.PROVINCE, None),
    ("370900000000", "泰安市", DivisionLevel.CITY, "370000000000"),
    ("370982000000", "新泰市", DivisionLevel.COUNTY, "370900000000"),
    ("370982001000", "青云街道", DivisionLevel.TOWN, "370982000000"),
    ("370982100000", "东都镇", DivisionLevel.TOWN, "370982000000"),
    ("370982001001", "平阳社区", DivisionLevel.VILLAGE, "370982001000"),
    ("370982001002", "金斗社区", DivisionLevel.VILLAGE, "370982001000"),
    ("370982100201", "东都村", DivisionLevel.VILLAGE, "370982100000"),
    ("370982100202", "小协村", DivisionLevel.VILLAGE, "370982100000"),
]

CENTER = ("新泰市政务服务中心", "370982000000", "新泰市青云路 666 号", "0538-7260000")
TOWN_CENTERS = [
    ("青云街道便民服务中心", "370982001000", "新泰市府前街 12 号", "0538-7261001"),
    ("东都镇便民服务中心", "370982100000", "东都镇驻地新华路 8 号", "0538-7262001"),
]
VILLAGE_STATIONS = [
    ("平阳社区便民服务站", "370982001001", "青云街道便民服务中心"),
    ("金斗社区便民服务站", "370982001002", "青云街道便民服务中心"),
    ("东都村便民服务站", "370982100201", "东都镇便民服务中心"),
    ("小协村便民服务站", "370982100202", "东都镇便民服务中心"),
]
HOURS = "工作日 9:00-12:00，13:30-17:30"

DEPARTMENTS = [
    # name, short name, has its own window
    ("市场监督管理局", "市场监管", True),
    ("自然资源和规划局", "自然资源", True),
    ("住房和城乡建设局", "住建", True),
    ("不动产登记中心", "不动产", True),
    ("公安局", "公安", True),
    ("人力资源和社会保障局", "人社", True),
    ("交通运输局", "交通", False),
    ("民政局", "民政", False),
    ("卫生健康局", "卫健", False),
    ("生态环境局", "生态环境", False),
    ("税务局", "税务", False),
    ("住房公积金管理中心", "公积金", False),
    ("农业农村局", "农业农村", False),
    ("教育和体育局", "教体", False),
]
# A vertically managed department decides in its own name and is challenged before its superior
# (行政复议法 art. 27); the others take the county's name and the county government (org.authorities).
VERTICAL = {
    "税务局": {"authority_name": "国家税务总局新泰市税务局", "review_body": "国家税务总局泰安市税务局"},
}
COMPREHENSIVE_WINDOWS = 6


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    phone: str
    body: str
    roles: tuple[str, ...]
    department: str | None = None
    window: str | None = None


PEOPLE = [
    DemoPerson("admin", "系统管理员", "13805380000", CENTER[0], (Role.ADMIN,)),
    DemoPerson("leader", "李振华", "13805380001", CENTER[0], (Role.LEADER,)),
    DemoPerson("supervisor", "赵明", "13805380002", CENTER[0], (Role.SUPERVISOR,)),
    DemoPerson("clerk", "王芳", "13805380003", CENTER[0], (Role.WINDOW_CLERK,), window="A01"),
    DemoPerson("clerk2", "刘洋", "13805380004", CENTER[0], (Role.WINDOW_CLERK,), window="A02"),
    DemoPerson(
        "chief", "孙立新", "13805380005", CENTER[0], (Role.CHIEF_REP, Role.REVIEWER), "市场监督管理局", "B01"
    ),
    DemoPerson("reviewer", "周敏", "13805380006", CENTER[0], (Role.REVIEWER,), "市场监督管理局"),
    DemoPerson("reviewer2", "吴磊", "13805380007", CENTER[0], (Role.REVIEWER,), "不动产登记中心"),
    DemoPerson("agent", "郑红", "13805380008", "东都镇便民服务中心", (Role.AGENT,)),
    DemoPerson("agent_city", "钱进", "13805380009", CENTER[0], (Role.AGENT,)),
    DemoPerson("agent_village", "冯春梅", "13805380010", "东都村便民服务站", (Role.AGENT,)),
]


def is_loaded() -> bool:
    return Division.objects.exists()


@transaction.atomic
def load_demo() -> dict:
    """Create or refresh the demo county; returns how many of each thing it holds."""
    divisions = _divisions()
    center = _body(CENTER[0], Tier.CITY, divisions[CENTER[1]], None, CENTER[2], CENTER[3])
    bodies = {center.name: center}
    for name, code, address, phone in TOWN_CENTERS:
        bodies[name] = _body(name, Tier.TOWN, divisions[code], center, address, phone)
    for name, code, parent in VILLAGE_STATIONS:
        bodies[name] = _body(name, Tier.VILLAGE, divisions[code], bodies[parent], "", "")
    departments, windows = _hall(center)
    for person in PEOPLE:
        demo_person(person, bodies, departments, windows)
    _name_chief_representatives()
    counts = {
        "divisions": len(divisions),
        "bodies": len(bodies),
        "departments": len(departments),
        "windows": len(windows),
        "staff": len(PEOPLE),
    }
    audit.record(actor=None, action="demo.load", object_type="demo", object_id="county", after=counts)
    return counts


def _divisions() -> dict[str, Division]:
    made: dict[str, Division] = {}
    for code, name, level, parent in DIVISIONS:
        made[code], _ = Division.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent": made.get(parent)}
        )
    return made


def _body(name, tier, division, parent, address, phone) -> ServiceBody:
    body, _ = ServiceBody.objects.update_or_create(
        name=name,
        defaults={
            "tier": tier,
            "division": division,
            "parent": parent,
            "address": address,
            "phone": phone,
            "opening_hours": HOURS,
        },
    )
    return body


def _hall(center):
    departments, windows = {}, {}
    for order, (name, short, _has_window) in enumerate(DEPARTMENTS, start=1):
        departments[name], _ = Department.objects.update_or_create(
            body=center,
            name=name,
            defaults={
                "short_name": short,
                "approval_section": "行政审批科",
                "sort_order": order,
                **VERTICAL.get(name, {}),
            },
        )
    for n in range(1, COMPREHENSIVE_WINDOWS + 1):
        number = f"A{n:02d}"
        windows[number], _ = Window.objects.update_or_create(
            body=center,
            number=number,
            defaults={"name": f"综合受理{n}号窗口", "kind": WindowKind.COMPREHENSIVE, "department": None},
        )
    with_window = [name for name, _short, has_window in DEPARTMENTS if has_window]
    for n, name in enumerate(with_window, start=1):
        number = f"B{n:02d}"
        windows[number], _ = Window.objects.update_or_create(
            body=center,
            number=number,
            defaults={
                "name": f"{departments[name].short_name}窗口",
                "kind": WindowKind.DEPARTMENT,
                "department": departments[name],
            },
        )
    return departments, windows


@cache
def _demo_password_hash() -> str:
    """Hashed once for every demo account: argon2 takes a noticeable fraction of a second each time."""
    return make_password(DEMO_PASSWORD)


def demo_person(person: DemoPerson, bodies, departments, windows) -> Staff:
    """Create or refresh one demo account with its staff record and roles."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=person.username).first()
    if user is None:
        user = user_model(username=person.username, password=_demo_password_hash())
        user.save()
    staff, _ = Staff.objects.update_or_create(
        user=user,
        defaults={
            "full_name": person.full_name,
            "phone": person.phone,
            "body": bodies[person.body],
            "department": departments.get(person.department),
            "window": windows.get(person.window),
        },
    )
    services.set_roles(actor=None, staff=staff, roles=person.roles)
    return staff


def _name_chief_representatives() -> None:
    for staff in Staff.objects.filter(role_assignments__role=Role.CHIEF_REP, department__isnull=False):
        Department.objects.filter(pk=staff.department_id).update(chief_representative=staff)
