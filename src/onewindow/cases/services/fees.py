"""Fees: charged at acceptance from the item versions' fee lines, paid or waived later."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.catalog.models import ItemFee
from onewindow.errors import Invalid

from ..choices import (
    Action,
    FeeState,
    PaymentMethod,
)
from ..models import Case, CaseFee
from .steps import (
    _event,
)

A = Action


def _charge(case: Case, fee_lines: list[ItemFee]) -> list[CaseFee]:
    """The fee rows an acceptance charges (not yet written), with the case's total set from them."""
    fees = [
        CaseFee(case=case, name=f.name, amount=f.amount, basis=f.basis, waivable=f.waivable)
        for f in fee_lines
        if f.amount > 0
    ]
    case.fees_total = sum((f.amount for f in fees), Decimal("0.00"))
    case.fees_settled = not fees
    return fees


def _pay(case, actor, fees, method, receipt_number, today):
    if method not in PaymentMethod.values:
        raise Invalid(_("请选择缴费方式。"), code="payment_method_required")
    if not (receipt_number or "").strip():
        raise Invalid(_("请填写票据号。"), code="receipt_required")
    now = timezone.now()
    for fee in fees:
        fee.state, fee.method, fee.receipt_number = FeeState.PAID, method, receipt_number.strip()[:40]
        fee.handled_at, fee.handled_by = now, actor.user
    CaseFee.objects.bulk_update(fees, ["state", "method", "receipt_number", "handled_at", "handled_by"])
    _settle(case)
    _event(
        case,
        actor,
        A.PAY_FEE,
        case.status,
        case.status,
        today,
        details={
            "fees": [f.pk for f in fees],
            "amount": str(sum(f.amount for f in fees)),
            "receipt": receipt_number,
        },
    )


def _settle(case: Case) -> None:
    case.fees_settled = not case.fees.filter(state=FeeState.UNPAID).exists()
    Case.objects.filter(pk=case.pk).update(fees_settled=case.fees_settled)


def _chosen_fees(case, data) -> list[CaseFee]:
    unpaid = case.fees.filter(state=FeeState.UNPAID)
    if data.fee_ids:
        unpaid = unpaid.filter(pk__in=data.fee_ids)
    fees = list(unpaid)
    if not fees or (data.fee_ids and len(fees) != len(set(data.fee_ids))):
        raise Invalid(_("所选费用不存在或已结清。"), code="fees_invalid")
    return fees


def _waive(case, actor, fees, data, today) -> None:
    """Waive the chosen fees whole, or reduce one to `data.reduce_to` (still owed), on the legal basis
    given; the case's total follows, and the timeline keeps what was owed before."""
    if any(not f.waivable for f in fees):
        raise Invalid(_("所选费用不可减免。"), code="fee_not_waivable")
    reduce_to = None if data.reduce_to is None else Decimal(data.reduce_to).quantize(Decimal("0.01"))
    if reduce_to is not None:
        if len(fees) != 1:
            raise Invalid(_("部分减免一次只能选一项费用。"), code="reduce_one_fee", details={"fee_ids": ""})
        if not Decimal("0") < reduce_to < fees[0].amount:
            raise Invalid(
                _("减免后的金额须大于 0 且小于原金额 %(amount)s 元；全额减免请不填。")
                % {"amount": fees[0].amount},
                code="reduce_to_invalid",
                details={"reduce_to": str(fees[0].amount)},
            )
    now = timezone.now()
    before = {f.pk: str(f.amount) for f in fees}
    for fee in fees:
        fee.waiver_reason, fee.waiver_basis = data.reason[:300], data.basis[:300]
        fee.handled_at, fee.handled_by = now, actor.user
        if reduce_to is None:
            fee.state = FeeState.WAIVED
        else:
            fee.reduced_from, fee.amount = fee.reduced_from or fee.amount, reduce_to  # keeps the first amount
    CaseFee.objects.bulk_update(
        fees, ["state", "amount", "reduced_from", "waiver_reason", "waiver_basis", "handled_at", "handled_by"]
    )
    if reduce_to is not None:
        case.fees_total = sum((f.amount for f in case.fees.all()), Decimal("0.00"))
        Case.objects.filter(pk=case.pk).update(fees_total=case.fees_total)
    _settle(case)
    _event(
        case,
        actor,
        A.WAIVE_FEE,
        case.status,
        case.status,
        today,
        note=data.reason,
        basis=data.basis,
        details={
            "fees": list(before),
            "before": before,
            "reduced_to": None if reduce_to is None else str(reduce_to),
        },
    )
