"""F8 item 5: a deferred acceptance's receipt names each deferred material with its deadline and what
happens if it is not supplied, never says the materials are complete, and masks the applicant's ID."""

from .conftest import PERSON_ID, MaterialInput, intake, live


def test_the_receipt_of_a_deferred_acceptance_lists_what_is_owed_and_by_when(catalog, today, login):
    version = live("企业设立登记")
    deferrable = version.materials.get(requirement="deferrable")
    materials = [
        MaterialInput(m.pk, "missing" if m.pk == deferrable.pk else "paper") for m in version.materials.all()
    ]
    case = intake("clerk", "企业设立登记", materials=materials, commitment_signed=True)
    assert case.deferred and case.status == "accepted"
    receipt = login("clerk").get(f"/cases/{case.number}/print/receipt/").content.decode()
    assert "申请材料齐全" not in receipt
    deferred = receipt.split('data-testid="receipt-deferred"', 1)[1].split("</table>", 1)[0]
    assert deferred.count('data-testid="deferred-line"') == 1 and deferrable.name in deferred
    assert case.deadline.isoformat() in deferred
    assert "逾期未补交的，不予发放办理结果" in receipt
    assert PERSON_ID not in receipt and "370982********0011" in receipt


def test_a_complete_acceptance_says_complete_and_masks_the_id_too(catalog, today, login):
    case = intake("clerk", "不动产抵押登记")
    receipt = login("clerk").get(f"/cases/{case.number}/print/receipt/").content.decode()
    assert "申请材料齐全、符合法定形式" in receipt and 'data-testid="receipt-deferred"' not in receipt
    assert PERSON_ID not in receipt
