"""Entrustments (委托书): made by the agent with the principal, numbered, printable, revocable by the
principal; and the one question every intake by an agent asks (`entrustment_for`): which entrustment
lets this agent file this item for this principal today, or why none does."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.applicants import Applicant
from onewindow.audit import services as audit
from onewindow.catalog.models import ItemVersion
from onewindow.catalog.selectors import live_item_by_code
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.files import check_upload, sniff_file, stored_name
from onewindow.numbering.series import Series, allocate_number, register
from onewindow.org.models import Tier
from onewindow.org.permissions import Actor, actor_of
from onewindow.org.roles import Role
from onewindow.personal import id_digest

from .choices import Mode, Priority, SignedBy
from .models import Entrustment
from .selectors import speaks_for_principal

ENTRUSTMENT = register(Series("entrustment", "WT", 4, 6, "%Y%m%d", gettext_lazy("委托书编号")))
LONGEST = timedelta(days=366)  # an entrustment runs for at most a year, then is signed again
REASON_MAX = 300
ITEMS_MAX = 50


@dataclass
class NewEntrustment:
    principal: Applicant  # checked (`accounts.applicants.check_applicant`)
    valid_from: date
    valid_until: date
    signed_by: str
    signature: object  # the uploaded file: a touch-screen signature (PNG) or a signed scan
    all_in_scope: bool = False
    item_codes: list[str] = field(default_factory=list)  # implementation codes of live items
    mode: str = Mode.WHOLE
    priority: str = ""
    door_to_door: bool = False


def tier_of(actor: Actor) -> str:
    """An agent's tier: their service body's (a village station's agent is a village agent)."""
    return actor.staff.body.tier


def on_proxy_list(version: ItemVersion, tier: str) -> bool:
    return tier in (version.proxyable_tiers or [])


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


def _items(new: NewEntrustment, tier: str) -> list[ItemVersion]:
    codes = list(dict.fromkeys(c.strip() for c in new.item_codes if c and c.strip()))
    if new.all_in_scope:
        return []
    if not codes:
        _refuse("item_codes", _("请选择委托代办的事项，或勾选代办范围内全部事项。"), "items_required")
    if len(codes) > ITEMS_MAX:
        _refuse("item_codes", _("一份委托书最多列 %(n)s 个事项。") % {"n": ITEMS_MAX}, "too_many_items")
    versions = []
    for code in codes:
        version = live_item_by_code(code)
        if version is None:
            _refuse("item_codes", _("没有现行事项 %(code)s。") % {"code": code}, "unknown_item")
        if not on_proxy_list(version, tier):
            _refuse("item_codes", _not_on_list(version, tier), "not_on_proxy_list")
        versions.append(version)
    return versions


def _not_on_list(version: ItemVersion, tier: str) -> str:
    return _("“%(item)s”不在%(tier)s代办员的代办清单内。") % {"item": version.name, "tier": Tier(tier).label}


def _check(new: NewEntrustment, today: date) -> None:
    if new.valid_from < today:
        _refuse("valid_from", _("委托生效日期不能早于今天。"), "backdated")
    if new.valid_until < new.valid_from:
        _refuse("valid_until", _("有效期至不能早于生效日期。"), "bad_period")
    if new.valid_until - new.valid_from > LONGEST:
        _refuse("valid_until", _("委托有效期最长一年，期满请重新签订。"), "too_long")
    if new.signed_by not in SignedBy.values:
        _refuse("signed_by", _("请选择签署方式。"), "signed_by_required")
    if new.mode not in Mode.values:
        _refuse("mode", _("请选择分段代办或全程代办。"), "bad_mode")
    if new.priority and new.priority not in Priority.values:
        _refuse("priority", _("优先服务类别无效。"), "bad_priority")
    refused = check_upload(new.signature)
    if refused:
        _refuse("signature", refused, "signature_refused")
    if new.signed_by == SignedBy.TOUCH and sniff_file(new.signature) != "image/png":
        _refuse("signature", _("触摸屏签名应为 PNG 图像。"), "signature_refused")


def entrust(*, actor, new: NewEntrustment, today: date) -> Entrustment:
    """Register the principal's entrustment of the agent who signs it with them (the acting agent)."""
    who = actor_of(actor)
    if not who.has_role(Role.AGENT) or who.staff is None:  # not administrators: they carry no cases
        raise Forbidden(_("只有代办员可以与委托人签订委托书。"))
    _check(new, today)
    versions = _items(new, tier_of(who))
    principal = new.principal
    entrustment = Entrustment(
        body=who.staff.body,
        agent=actor,
        legal_representative=principal.legal_representative,
        priority=new.priority,
        door_to_door=new.door_to_door,
        all_in_scope=new.all_in_scope,
        mode=new.mode,
        valid_from=new.valid_from,
        valid_until=new.valid_until,
        signed_by=new.signed_by,
        signature_name=(getattr(new.signature, "name", "") or "")[:200],
        created_by=actor,
    )
    entrustment.set_principal(principal)
    entrustment.signature.save(stored_name(new.signature), new.signature, save=False)
    try:
        with transaction.atomic():
            entrustment.number = allocate_number(ENTRUSTMENT, who.staff.body.division.code[:6], today)
            entrustment.save()
            entrustment.items.set([v.item_id for v in versions])
            audit.record(
                actor=actor,
                action="proxy.entrustment.create",
                obj=entrustment,
                after={
                    "number": entrustment.number,
                    "agent": actor.pk,
                    "items": sorted(v.implementation_code for v in versions),
                    "all_in_scope": entrustment.all_in_scope,
                    "valid": [str(entrustment.valid_from), str(entrustment.valid_until)],
                },
            )
    except BaseException:
        entrustment.signature.delete(save=False)  # nothing half-written: no file without its record
        raise
    return entrustment


def revoke(*, actor, entrustment: Entrustment, reason: str) -> Entrustment:
    """Revoke on the principal's word (the principal's own account, or the agent or staff of the body
    registering it for them). Cases filed before stay as they are; no case can be filed on it after."""
    if not speaks_for_principal(actor_of(actor), entrustment):
        raise Forbidden(_("只有委托人本人、受托代办员或本机构收件人员可以撤销委托。"))
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", _("请填写撤销理由。"), "reason_required")
    if len(reason) > REASON_MAX:
        _refuse("reason", _("撤销理由不能超过 %(n)s 个字。") % {"n": REASON_MAX}, "reason_too_long")
    with transaction.atomic():
        locked = Entrustment.objects.select_for_update().get(pk=entrustment.pk)
        if locked.revoked:
            at = timezone.localtime(locked.revoked_at).strftime("%Y-%m-%d %H:%M")
            raise Conflict(_("这份委托书已于 %(at)s 撤销。") % {"at": at}, code="already_revoked")
        locked.revoked_at, locked.revoked_by, locked.revoke_reason = timezone.now(), actor, reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit.record(
            actor=actor,
            action="proxy.entrustment.revoke",
            obj=locked,
            before={"revoked": False},
            after={"revoked": True, "reason": reason, "number": locked.number},
        )
    return locked


def entrustment_for(
    agent, applicant: Applicant, versions: list[ItemVersion], on: date, tier: str
) -> Entrustment:
    """The entrustment that lets `agent` file `versions` for `applicant` on day `on`, or Invalid saying
    precisely why none does: an item not on the agent's tier's proxy list, no entrustment from this
    principal, only revoked ones, only ones not yet or no longer valid, or none covering the item."""
    for version in versions:
        if not on_proxy_list(version, tier):
            raise Invalid(_not_on_list(version, tier), code="not_on_proxy_list")
    mine = list(  # locked until the intake commits: a revocation waits for it, or it for the revocation
        Entrustment.objects.select_for_update()
        .filter(agent=agent, principal_id_digest=id_digest(applicant.id_number))
        .prefetch_related("items")
        .order_by("-valid_until", "-pk")
    )
    if not mine:
        raise Invalid(
            _("没有%(name)s对您的代办委托书，请先与委托人签订委托书。") % {"name": applicant.name},
            code="entrustment_missing",
        )
    live = [e for e in mine if not e.revoked]
    if not live:
        raise Invalid(
            _("%(name)s的代办委托已撤销，不能再代为申请。") % {"name": applicant.name},
            code="entrustment_revoked",
        )
    current = [e for e in live if e.valid_from <= on <= e.valid_until]
    if not current:
        latest = live[0]
        message = (
            _("委托书 %(number)s 自 %(day)s 起生效，今天还不能代为申请。")
            if latest.valid_from > on
            else _("委托书 %(number)s 已于 %(day)s 到期，请与委托人重新签订。")
        )
        day = latest.valid_from if latest.valid_from > on else latest.valid_until
        raise Invalid(message % {"number": latest.number, "day": day}, code="entrustment_expired")
    wanted = {v.item_id for v in versions}
    for entrustment in current:
        if entrustment.all_in_scope or wanted <= {item.pk for item in entrustment.items.all()}:
            return entrustment
    names = "、".join(v.name for v in versions)
    raise Invalid(
        _("委托书未委托代办“%(items)s”，请与委托人补签。") % {"items": names}, code="entrustment_other_item"
    )
