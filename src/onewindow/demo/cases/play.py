"""Playing the plans through the case services (`take_in`, `act`), one working day at a time.

The service day (`timelimits.reading.today`) is replaced for the whole load by a holder the player moves
to each step's day, so the services write real events, clocks, fees, certificates, notices and audit
events as of that day.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from onewindow.cases import services
from onewindow.cases.choices import Action, Channel, Provision
from onewindow.certificates.selectors import certificates_of
from onewindow.proxy.choices import Priority, SignedBy
from onewindow.proxy.entrustments import NewEntrustment, entrust

from .stories import Plan, Step
from .texts import LATE_EXPLANATION

A = Action


def _demo_pdf() -> bytes:
    """A one-page PDF standing in for an uploaded material."""
    text = b"BT /F1 16 Tf 72 760 Td (onewindow demo material - sample upload) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF = _demo_pdf()


@dataclass
class Today:
    """What the service day (`clocks.today()`) is while the demo plays."""

    day: date


def fee_answers_of(offer, applicant) -> dict[str, str]:
    """What an applicant answers to the fee questions: a person registers a home, a firm other
    premises; the first answer elsewhere."""
    answers = dict(offer.fee_answers)
    if "房屋用途" in answers:
        answers["房屋用途"] = "住宅" if applicant.kind == "person" else "非住宅"
    return answers


@dataclass
class Player:
    days: list[date]
    today: Today
    users: dict = field(default_factory=dict)
    receipts: int = 0
    certificates: dict = field(default_factory=dict)
    entrusted: set = field(default_factory=set)

    def user(self, username: str):
        if username not in self.users:
            self.users[username] = get_user_model().objects.get(username=username)
        return self.users[username]

    def entrust(self, plan: Plan) -> None:
        """The principal's entrustment of the agent, once per pair, for all on the agent's proxy list from
        the first demo day for a year, signed as a scan: what a case an agent files rests on."""
        key = (plan.by, plan.applicant.id_number)
        if key in self.entrusted:
            return
        first = self.days[0]
        elderly = plan.applicant.kind == "person" and len(self.entrusted) % 3 == 0  # every third person
        new = NewEntrustment(
            principal=plan.applicant,
            valid_from=first,
            valid_until=first + timedelta(days=365),
            signed_by=SignedBy.SCAN,
            signature=ContentFile(PDF, name="entrustment.pdf"),
            all_in_scope=True,
            door_to_door=elderly,
            priority=Priority.ELDERLY if elderly else "",
        )
        entrust(actor=self.user(plan.by), new=new, today=first)
        self.entrusted.add(key)

    def play(self, plan: Plan):
        """Take the case in on its day, then take each step on its own day; returns the case."""
        self.today.day = self.days[plan.day]
        offer = plan.offer
        data = services.IntakeInput(
            applicant=plan.applicant,
            item_code="" if offer.is_bundle else offer.code,
            bundle_code=offer.code if offer.is_bundle else "",
            materials=self.materials(plan),
            fee_answers=fee_answers_of(offer, plan.applicant),
            commitment_signed=plan.commitment,
            finish_now=plan.finish_now,
            return_reason=plan.returned[0] if plan.returned else "",
            return_basis=plan.returned[1] if plan.returned else "",
        )
        if plan.payment:
            data.payment_method, data.receipt_number = plan.payment[0], self.receipt()
        if plan.channel == Channel.AGENT:
            self.entrust(plan)
        case = services.take_in(self.user(plan.by), data)
        case.refresh_from_db()
        for step in plan.steps:
            self.today.day = self.days[step.day]
            case = self.step(case, plan, step)
        return case

    def materials(self, plan: Plan) -> list[services.MaterialInput]:
        """What the applicant hands in: paper at the window, uploads online, certificates the library
        holds taken from it; department-shared lines are left to the department."""
        online = plan.channel == Channel.ONLINE
        library = certificates_of(plan.applicant.id_number)
        given = []
        for line in plan.offer.lines:
            if line.source == "department":
                continue
            if line.material_id in plan.omit:  # said to be missing, not left out (a library miss is asked)
                given.append(services.MaterialInput(line.material_id, Provision.MISSING))
                continue
            if line.source == "certificate" and line.certificate_type in library:
                given.append(services.MaterialInput(line.material_id, Provision.CERTIFICATE))
            else:
                given.append(self.handed_in(line.material_id, online))
        return given

    @staticmethod
    def handed_in(material_id: int, online: bool) -> services.MaterialInput:
        if online:
            return services.MaterialInput(
                material_id, Provision.UPLOAD, ContentFile(PDF, name=f"material-{material_id}.pdf")
            )
        return services.MaterialInput(material_id, Provision.PAPER)

    def receipt(self) -> str:
        self.receipts += 1
        return f"3709{self.today.day:%y%m%d}{self.receipts:05d}"

    def step(self, case, plan: Plan, step: Step):
        user = self.user(step.who)
        params = dict(step.params)
        if step.action.startswith("settle"):
            return self.settle(case, user, params)
        if step.action in (A.SUPPLEMENT, A.SUPPLY_DEFERRED):
            online = user.pk == case.citizen_id  # the applicant uploads; a clerk or agent hands in paper
            wanted = [
                m
                for m in case.materials.all()
                if m.provision == Provision.MISSING
                and (m.in_notice if step.action == A.SUPPLEMENT else m.requirement == "deferrable")
            ]
            params["materials"] = [self.handed_in(m.pk, online) for m in wanted]
        if step.action in (A.TASK_APPROVE, A.TASK_DENY):
            params["task_id"] = case.tasks.get(department__name=params.pop("department")).pk
        if step.action == A.APPROVE and case.item_version.issues_certificate:
            params.update(self.certificate(case.item_version.issues_certificate))
        if step.action in (A.APPROVE, A.DENY):
            params.setdefault("late_explanation", LATE_EXPLANATION)  # kept only if the decision is late
        return services.act(user, case, step.action, services.ActionInput(version=case.version, **params))

    def settle(self, case, user, params):
        """Pay the fees at the one fee window, waiving those the plan waives (with the reason)."""
        fees = list(case.fees.filter(state="unpaid"))
        waive = [f.pk for f in fees if f.name in params["waive"]]
        pay = [f.pk for f in fees if f.name not in params["waive"]]
        if waive:
            data = services.ActionInput(
                version=case.version, fee_ids=waive, reason=params["reason"], basis=params["basis"]
            )
            case = services.act(user, case, A.WAIVE_FEE, data)
        if pay:
            data = services.ActionInput(
                version=case.version,
                fee_ids=pay,
                payment_method=params["method"],
                receipt_number=self.receipt(),
            )
            case = services.act(user, case, A.PAY_FEE, data)
        return case

    def certificate(self, kind: str) -> dict:
        """Certificate numbers in the style the issuer uses; licences valid five years."""
        day = self.today.day
        self.certificates[kind] = self.certificates.get(kind, 0) + 1
        serial = 12000 + self.certificates[kind]
        if kind == "不动产权证书":
            return {"certificate_number": f"鲁（{day.year}）新泰市不动产权第{serial:07d}号"}
        if kind == "不动产登记证明":
            return {"certificate_number": f"鲁（{day.year}）新泰市不动产证明第{serial:07d}号"}
        if kind.endswith(("许可证", "登记证")):
            try:
                until = day.replace(year=day.year + 5) - timedelta(days=1)
            except ValueError:  # 29 February
                until = day.replace(year=day.year + 5, day=28)
            return {"valid_until": until}
        return {}
