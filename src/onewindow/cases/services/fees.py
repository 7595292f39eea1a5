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
