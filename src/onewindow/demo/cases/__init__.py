"""The demo cases: some 520 applications played out through the case services over the last ~40
working days of the real calendar, so that every status, kind, channel and warning shows up with real
events, clocks, fees, certificates, notices and audit events.

`load_demo_cases()` runs after the demo county and catalog (`onewindow demo`). It is reproducible (one
`random.Random(seed)`; the days follow the calendar from today), does nothing when any case exists, and
is all or nothing (one transaction). It adds what the demo county lacks to handle every department's
cases: a chief representative (首席代表, also a reviewer) for each department without one, and a few
citizen and company accounts for online applications. Every account uses the demo password.

The services stamp rows with the wall-clock time; after playing, the case tables' timestamps (submitted,
events, delivered, closed, fees, certificates, notices, messages) are moved to the day each step
happened, so lists and statistics read like two months of work. The audit log keeps its real times.
"""

import random
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from onewindow.accounts.models import Citizen
from onewindow.accounts.services import register_citizen
from onewindow.audit import services as audit
from onewindow.cases import clocks, services
from onewindow.cases.choices import OPEN_STATUSES, Action
from onewindow.cases.models import Case, CaseEvent, CaseFee, CaseMaterial
from onewindow.catalog import fee_conditions
from onewindow.catalog import selectors as catalog
from onewindow.catalog.choices import CaseKind
from onewindow.catalog.models import Bundle
from onewindow.certificates.models import Certificate
from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.demo import catalog as demo_catalog
from onewindow.demo import county
from onewindow.notices import services as notice_services
from onewindow.notices.backends import MessageBackend
from onewindow.notices.models import ApplicantMessage, Notice
from onewindow.org import services as org_services
from onewindow.org.models import Department, ServiceBody, Staff, Window
from onewindow.org.roles import Role
from onewindow.timelimits import reading, sweep
from onewindow.workcalendar.services import current_calendar

from .people import People
from .plans import Planner
from .play import Player, Today
from .showcase import Showcase
from .stories import Line, Offer, Staffing

DEMO_COUNT = 520
DEMO_SEED = 2026
SPAN_WORKDAYS = 42  # the working days of history, today included

# A chief representative for each department the demo county leaves without one: (username, name, phone).
CHIEFS = {
    "自然资源和规划局": ("chief_zrzy", "陈建国", "13805380011"),
    "住房和城乡建设局": ("chief_zj", "高峰", "13805380012"),
    "不动产登记中心": ("chief_bdc", "杨丽", "13805380013"),
    "公安局": ("chief_ga", "马强", "13805380014"),
    "人力资源和社会保障局": ("chief_rs", "朱红梅", "13805380015"),
    "交通运输局": ("chief_jt", "胡志刚", "13805380016"),
    "民政局": ("chief_mz", "郭秀英", "13805380017"),
    "卫生健康局": ("chief_wj", "何静", "13805380018"),
    "生态环境局": ("chief_sthj", "罗斌", "13805380019"),
    "税务局": ("chief_sw", "梁晓燕", "13805380020"),
    "住房公积金管理中心": ("chief_gjj", "宋涛", "13805380021"),
    "农业农村局": ("chief_ny", "韩立军", "13805380022"),
    "教育和体育局": ("chief_jy", "唐慧", "13805380023"),
    "市场监督管理局": ("chief_scjg", "李建军", "13805380024"),  # only if the demo's `chief` is gone
}
CITIZEN_ACCOUNTS = ["citizen", *(f"citizen{n}" for n in range(2, 9))]
COMPANY_ACCOUNTS = ["company", *(f"company{n}" for n in range(2, 5))]


def load_demo_cases(
    count: int = DEMO_COUNT, seed: int = DEMO_SEED, *, today: date | None = None, progress=None
) -> dict:
    """Play `count` demo cases through the services, unless any case exists; returns the counts.

    The showcase cases (some 55, one or more of every status, kind, channel and warning) are always
    made; natural ones fill up to `count`.

    `today` defaults to the real day; `progress(done, total)` is called as cases are written.
    Raises CalendarNotLoaded when the working-day calendar does not cover today.
    """
    if Case.objects.exists():
        return {"created": 0, **demo_counts()}
    started = time.perf_counter()
    calendar = current_calendar()
    today = today or clocks.today()
    days = working_days(calendar, today, SPAN_WORKDAYS)
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data, not secrets)
    people = People(rng, today)
    holder = Today(days[-1])
    # Messages go out when the transaction commits: keep them quiet until after that.
    with _quiet_messages(), transaction.atomic(), mock.patch.object(reading, "today", lambda: holder.day):
        staffing = _staffing(people)
        first_event = (CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        first_notice = (Notice.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

        def fits(day: int, workdays: int) -> bool:
            try:
                last = len(days) - 1  # a plan may reach past today; those steps are left out
                calendar.add_workdays(days[min(day, last)], workdays + max(0, day - last))
            except CalendarNotLoaded:
                return False
            return True

        planner = Planner(rng, len(days) - 1, fits, _offers(), staffing, people)
        plans = Showcase(planner).build()
        for _ in range(max(0, count - len(plans))):
            plans.append(planner.natural())
            planner.remember_holder(plans[-1])
        plans.sort(key=lambda plan: plan.day)
        player = Player(days, holder)
        for done, plan in enumerate(plans, start=1):
            try:
                player.play(plan)
            except Exception as exc:
                raise RuntimeError(f"demo case failed: {plan.describe(days)}") from exc
            if progress and (done % 100 == 0 or done == len(plans)):
                progress(done, len(plans))
        sweep.refresh_due(on=today)  # before the stamps move, so its warnings are stamped like the rest
        _backdate(rng, days, first_event, first_notice)
        counts = demo_counts()
        audit.record(
            actor=None,
            action="demo.cases.load",
            object_type="demo",
            object_id="cases",
            after={"cases": counts["cases"], "seed": seed, "today": today.isoformat()},
        )
    counts["created"] = len(plans)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def working_days(calendar: WorkCalendar, today: date, span: int) -> list[date]:
    """The last `span` working days up to today (today itself if it is one)."""
    if today.year not in calendar.years:
        raise CalendarNotLoaded(today.year)
    last = today if calendar.is_workday(today) else calendar.add_workdays(today, -1)
    return [calendar.add_workdays(last, -back) for back in range(span - 1, 0, -1)] + [last]


def demo_counts() -> dict:
    """How many cases there are per status, kind and channel, and the warnings of the open ones."""
    cases = Case.objects.all()

    def by(field, qs=cases):
        return dict(sorted(qs.values_list(field).annotate(n=Count("pk")).values_list(field, "n")))

    return {
        "cases": cases.count(),
        "status": by("status"),
        "kind": by("kind"),
        "channel": by("channel"),
        "open_warning": by("warning", cases.filter(status__in=OPEN_STATUSES)),
        "bundles": cases.filter(bundle__isnull=False).count(),
        "on_the_spot": cases.filter(finished_on_site=True).count(),
        "finished_late": cases.filter(finished_late=True).count(),
        "certificates": Certificate.objects.filter(case__isnull=False).count(),
    }


# --- who handles the cases ---------------------------------------------------------------------------


def _staffing(people: People) -> Staffing:
    center = ServiceBody.objects.get(name=county.CENTER[0])
    _chief_representatives(center)
    staff = list(
        Staff.objects.select_related("user", "body", "department__chief_representative__user")
        .prefetch_related("role_assignments")
        .filter(user__is_active=True)
        .order_by("user__username")
    )
    clerks = [s.user.username for s in staff if Role.WINDOW_CLERK in s.roles and s.body_id == center.pk]
    agents: dict[str, list[str]] = defaultdict(list)
    handlers: dict[str, list[str]] = defaultdict(list)
    chiefs: dict[str, str] = {}
    for member in staff:
        if Role.AGENT in member.roles:
            agents[member.body.tier].append(member.user.username)
        if member.department and member.roles & {Role.REVIEWER, Role.CHIEF_REP}:
            handlers[member.department.name].append(member.user.username)
        rep = member.department.chief_representative if member.department else None
        if rep is not None and Role.CHIEF_REP in member.roles and rep.pk == member.pk:
            chiefs[member.department.name] = member.user.username
    return Staffing(clerks, dict(agents), dict(handlers), chiefs, _citizens(people))


def _chief_representatives(center: ServiceBody) -> None:
    """Name a chief representative (who also reviews) for every department of the center without one,
    as demo.county does: an account, a staff record at the department's window, the roles."""
    password = None
    windows = {w.department_id: w for w in Window.objects.filter(body=center, department__isnull=False)}
    for department in Department.objects.filter(body=center, chief_representative__isnull=True).order_by(
        "pk"
    ):
        if department.name not in CHIEFS:
            continue
        username, full_name, phone = CHIEFS[department.name]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            password = password or make_password(county.DEMO_PASSWORD)  # hashed once for all of them
            user = get_user_model().objects.create(username=username, password=password)
        staff, _made = Staff.objects.update_or_create(
            user=user,
            defaults={
                "full_name": full_name,
                "phone": phone,
                "body": center,
                "department": department,
                "window": windows.get(department.pk),
            },
        )
        org_services.set_roles(actor=None, staff=staff, roles=(Role.CHIEF_REP, Role.REVIEWER))
        Department.objects.filter(pk=department.pk).update(chief_representative=staff)


def _citizens(people: People) -> dict:
    """Public accounts that apply online: people and companies (made once, reused afterwards)."""
    accounts = {"person": [], "firm": []}
    for group, usernames in (("person", CITIZEN_ACCOUNTS), ("firm", COMPANY_ACCOUNTS)):
        for username in usernames:
            citizen = Citizen.objects.filter(user__username=username).first()
            if citizen is None:
                if get_user_model().objects.filter(username=username).exists():
                    continue
                applicant = (
                    people.applicant_of(people.new_person((25, 55)))
                    if group == "person"
                    else people.new_firm(people.rng.choice(["商贸", "餐饮管理", "建设工程", "物流"]))
                )
                citizen = register_citizen(
                    username=username, password=county.DEMO_PASSWORD, applicant=applicant
                )
            accounts[group].append((username, services.applicant_of(citizen)))
    return accounts


# --- what can be applied for --------------------------------------------------------------------------


def _offers() -> list[Offer]:
    """The demo catalog's live items and bundles, as the planner needs to know them."""
    versions = list(
        catalog.live_items()
        .filter(implementation_code__in=demo_catalog.demo_codes())
        .select_related("department")
        .prefetch_related("materials", "fees", "joint_departments__department", "topics")
    )
    offers = [_item_offer(v) for v in versions]
    bundles = Bundle.objects.filter(code__in=[b["code"] for b in demo_catalog.BUNDLES], is_active=True)
    for bundle in bundles.order_by("code"):
        items = catalog.bundle_items(bundle)
        if len(items) > 1:
            offers.append(_bundle_offer(bundle, items))
    return sorted(offers, key=lambda offer: offer.code)


def _fee_lines(versions) -> list:
    return [f for v in versions for f in sorted(v.fees.all(), key=lambda f: f.pk) if f.amount > 0]


def _fee_answers(versions) -> tuple[tuple[str, str], ...]:
    """The demo applicants' answers to the fee questions: the first answer of each "one of" question
    (住宅 for 房屋用途); facts they do not state."""
    return tuple(
        (q.text, q.options[0]) for q in fee_conditions.questions_of(_fee_lines(versions)) if q.one_of
    )


def _fees(versions) -> tuple:
    """The lines charged under the demo answers, as (name, waivable)."""
    owed = fee_conditions.owed(_fee_lines(versions), dict(_fee_answers(versions)))
    return tuple((f.name, f.waivable) for f in owed)


def _item_offer(v) -> Offer:
    lines = tuple(
        Line(m.pk, m.name, m.requirement, m.source, m.certificate_type)
        for m in sorted(v.materials.all(), key=lambda m: (m.sort_order, m.pk))
    )
    tasks = ()
    if v.case_kind == CaseKind.JOINT:
        joint = sorted(v.joint_departments.all(), key=lambda j: (not j.is_lead, j.pk))
        tasks = tuple((j.department.name, j.limit_days or v.promised_limit_days) for j in joint)
    audiences = {t.audience for t in v.topics.all()}
    for_firms = not v.name.startswith(("企业设立", "企业开办", "个体工商户", "创业担保")) and (
        any(line.certificate_type == "营业执照" for line in lines) or audiences == {"enterprise"}
    )
    return Offer(
        code=v.implementation_code,
        is_bundle=False,
        name=v.name,
        kind=v.case_kind,
        department=v.department.name,
        limit=0 if v.case_kind == CaseKind.IMMEDIATE else v.promised_limit_days,
        extension=(v.extension_max_days or 0) if v.extension_allowed else 0,
        special=tuple(v.special_procedures or ()),
        report_up=v.report_up_authority,
        online=v.online_depth >= 3,
        tiers=frozenset(v.proxyable_tiers or ()),
        fees=_fees([v]),
        fee_answers=_fee_answers([v]),
        lines=lines,
        tasks=tasks,
        yellow=v.yellow_threshold_days,
        for_firms=for_firms,
        power=v.power_source,
        licence=v.item_type == "01",
        issues=v.issues_certificate,
        needs=frozenset(line.certificate_type for line in lines if line.source == "certificate"),
    )


def _bundle_offer(bundle: Bundle, items) -> Offer:
    """A bundle as the services handle it: the merged checklist, one task per department (its longest
    limit), the lead item's settings, the longest limit for the whole."""
    lead = items[0]
    tasks: dict[str, int] = {}
    for version in items:
        name = version.department.name
        tasks[name] = max(tasks.get(name, 0), version.promised_limit_days)
    lines = tuple(
        Line(m.material_id, m.name, m.requirement, m.source, m.certificate_type)
        for m in catalog.merged_materials(items)
    )
    return Offer(
        code=bundle.code,
        is_bundle=True,
        name=bundle.name,
        kind=CaseKind.JOINT,
        department=lead.department.name,
        limit=max(v.promised_limit_days for v in items),
        extension=(lead.extension_max_days or 0) if lead.extension_allowed else 0,
        special=tuple(lead.special_procedures or ()),
        report_up="",
        online=True,
        tiers=frozenset.intersection(*(frozenset(v.proxyable_tiers or ()) for v in items)),
        fees=_fees(items),
        fee_answers=_fee_answers(items),
        lines=lines,
        tasks=tuple(tasks.items()),
        yellow=lead.yellow_threshold_days,
        for_firms=False,
        power=lead.power_source,
        licence=lead.item_type == "01",
        issues=lead.issues_certificate,
        needs=frozenset(line.certificate_type for line in lines if line.source == "certificate"),
    )


# --- quiet and backdated --------------------------------------------------------------------------------


class DemoBackend(MessageBackend):
    """Records applicant messages without sending them: the demo's phone numbers are invented."""

    name = "demo"

    def send(self, message) -> None:
        return None


@contextmanager
def _quiet_messages():
    with mock.patch.object(notice_services, "configured_backend", DemoBackend):
        yield


def _backdate(rng: random.Random, days: list[date], first_event: int, first_notice: int) -> None:
    """Move the wall-clock stamps of the demo's rows to the day (and an office hour) each step happened."""
    zone = timezone.get_current_timezone()
    events = list(
        CaseEvent.objects.filter(pk__gte=first_event)
        .order_by("case_id", "pk")
        .only("pk", "case_id", "day", "at", "action", "details")
    )
    real = sorted((e.at, e.case_id, e.pk) for e in events)  # for notices, before the stamps move
    moved: dict[int, datetime] = {}
    busy = Counter((e.case_id, e.day) for e in events)  # days on which staff acted too
    case_id, day, minute = None, None, 0
    for event in events:
        if event.case_id != case_id or event.day != day:
            case_id, day = event.case_id, event.day
            online_submit = event.action == Action.SUBMIT and event.details.get("channel") == "online"
            if online_submit:  # people apply online at any hour; before the window's pre-review that day
                minute = rng.randint(7 * 60, (14 if busy[(case_id, day)] > 1 else 23) * 60)
            else:
                minute = rng.randint(8 * 60 + 40, 15 * 60 + 50)
        else:
            minute = min(minute + rng.randint(2, 35), 17 * 60 + 50 + rng.randint(0, 8))
        at = datetime.combine(
            event.day, clock_time(minute // 60, minute % 60, rng.randint(0, 59)), tzinfo=zone
        )
        moved[event.pk] = event.at = at
    CaseEvent.objects.bulk_update(events, ["at"], batch_size=1000)

    first_of: dict[tuple[int, str], datetime] = {}
    last_of: dict[tuple[int, str], datetime] = {}
    for event in events:
        first_of.setdefault((event.case_id, event.action), event.at)
        last_of[(event.case_id, event.action)] = event.at
    case_ids = {e.case_id for e in events}
    cases = list(Case.objects.filter(pk__in=case_ids))
    for case in cases:
        case.submitted_at = first_of.get((case.pk, Action.SUBMIT), case.submitted_at)
        if case.delivered_at:
            case.delivered_at = last_of.get((case.pk, Action.DELIVER), case.delivered_at)
        if case.closed_at:
            case.closed_at = last_of.get((case.pk, Action.CLOSE), case.closed_at)
        if case.commitment_signed_at:
            case.commitment_signed_at = first_of.get((case.pk, Action.ACCEPT), case.commitment_signed_at)
    Case.objects.bulk_update(
        cases, ["submitted_at", "delivered_at", "closed_at", "commitment_signed_at"], batch_size=500
    )

    fee_times = {}
    for event in events:
        if event.action in (Action.PAY_FEE, Action.WAIVE_FEE):
            for fee_id in event.details.get("fees", []):
                fee_times[fee_id] = event.at
    fees = list(CaseFee.objects.filter(pk__in=fee_times))
    for fee in fees:
        fee.handled_at = fee_times[fee.pk]
    CaseFee.objects.bulk_update(fees, ["handled_at"], batch_size=500)

    certificates = list(Certificate.objects.filter(case_id__in=case_ids))
    for certificate in certificates:
        certificate.issued_at = last_of.get((certificate.case_id, Action.APPROVE), certificate.issued_at)
    Certificate.objects.bulk_update(certificates, ["issued_at"], batch_size=500)

    supplied = list(CaseMaterial.objects.filter(case_id__in=case_ids, supplied_at__isnull=False))
    for material in supplied:
        action = Action.SUPPLY_DEFERRED if material.requirement == "deferrable" else Action.SUPPLEMENT
        material.supplied_at = last_of.get((material.case_id, action)) or last_of.get(
            (material.case_id, Action.SUPPLEMENT), material.supplied_at
        )
    CaseMaterial.objects.bulk_update(supplied, ["supplied_at"], batch_size=500)

    _backdate_messages(events)
    _backdate_notices(real, moved, first_notice, days)


# The applicant messages the services send, by the action that sends them.
MESSAGE_ACTIONS = {
    "accepted": (Action.ACCEPT,),
    "supplement": (Action.REQUEST_SUPPLEMENT,),
    "paused": (Action.PAUSE,),
    "result": (Action.APPROVE, Action.DENY),
    "returned": (Action.RETURN,),
    "delivered": (Action.DELIVER,),
}


def _backdate_messages(events) -> None:
    """Messages are written after commit, so they pair with their events by case, kind and order."""
    times: dict[tuple[int, str], list[datetime]] = defaultdict(list)
    for event in events:
        for kind, actions in MESSAGE_ACTIONS.items():
            if event.action in actions:
                times[(event.case_id, kind)].append(event.at)
    messages = list(ApplicantMessage.objects.filter(case_id__in={e.case_id for e in events}).order_by("pk"))
    seen: Counter = Counter()
    for message in messages:
        key = (message.case_id, message.kind)
        found = times.get(key, [])
        if seen[key] < len(found):
            message.created_at = found[seen[key]] + timedelta(seconds=20)
        seen[key] += 1
    ApplicantMessage.objects.bulk_update(messages, ["created_at"], batch_size=1000)


def _backdate_notices(real, moved, first_notice: int, days: list[date]) -> None:
    """A staff notice is written just after the event that causes it: it takes that event's new time;
    those older than three working days have been read."""
    import bisect

    stamps = [at for at, _case, _pk in real]
    read_before = datetime.combine(
        days[max(0, len(days) - 3)], clock_time(0), tzinfo=timezone.get_current_timezone()
    )
    notices = list(Notice.objects.filter(pk__gte=first_notice))
    for notice in notices:
        index = bisect.bisect_right(stamps, notice.created_at) - 1
        if index < 0:
            continue
        notice.created_at = moved[real[index][2]] + timedelta(seconds=5)
        if notice.created_at < read_before:
            notice.read_at = notice.created_at + timedelta(minutes=47)
    Notice.objects.bulk_update(notices, ["created_at", "read_at"], batch_size=1000)
