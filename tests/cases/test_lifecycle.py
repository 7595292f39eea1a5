"""The five kinds through the services: intake outcomes, the lifecycle table, fees, certificates."""

from onewindow.cases.choices import Status
from onewindow.certificates.models import Certificate

from .conftest import do, intake


def test_promised_case_from_intake_to_close(catalog, today):
    case = intake("clerk", "不动产抵押登记")
    assert case.status == Status.ACCEPTED
    assert case.number.startswith("370982" + "20250901")
    assert case.deadline is not None and case.remaining_days == case.limit_days
    do("reviewer2", case, "start_review")
    case = do("reviewer2", case, "approve")
    assert case.status == Status.APPROVED
    assert Certificate.objects.filter(case=case, certificate_type="不动产登记证明").exists()
    if not case.fees_settled:
        case = do("clerk", case, "pay_fee", payment_method="cash", receipt_number="R001")
    case = do("clerk", case, "deliver", delivery="window")
    case = do("clerk", case, "close")
    assert case.status == Status.CLOSED
    assert case.visits == 2
