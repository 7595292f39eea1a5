"""F8 item 7: when the electronic certificate library has no record, the clerk is told "未找到，请提交纸质
材料" and chooses (paper, upload or missing); a lookup miss is never silently counted as missing."""

from onewindow.cases.models import Case

from .conftest import api, intake_json, live, post

MORTGAGE = "不动产抵押登记"


def test_a_library_miss_is_refused_by_name_until_the_clerk_chooses(catalog, today, login):
    version = live(MORTGAGE)
    id_card = version.materials.get(name="居民身份证")
    body = intake_json(MORTGAGE)
    for line in body["materials"]:
        if line["material_id"] == id_card.pk:
            line["provision"] = "certificate"  # the library holds no ID card for him
    refused = post(api("clerk"), "/cases", body)
    assert refused.status_code == 422 and refused.json()["code"] == "certificate_not_found"
    assert list(refused.json()["details"]) == [f"materials.{id_card.pk}"]
    assert not Case.objects.exists()
    body["materials"] = [m for m in body["materials"] if m["material_id"] != id_card.pk]  # left out: the same
    assert post(api("clerk"), "/cases", body).json()["code"] == "certificate_not_found"

    body["materials"].append({"material_id": id_card.pk, "provision": "paper"})  # the clerk's choice
    accepted = post(api("clerk"), "/cases", body).json()
    assert accepted["status"] == "accepted"
    line = next(m for m in accepted["materials"] if m["name"] == "居民身份证")
    assert line["provision"] == "paper"


def test_the_screen_says_not_found_and_keeps_the_line_for_a_choice(catalog, today, login):
    version = live(MORTGAGE)
    clerk = login("clerk")
    checked = clerk.post(
        "/cases/intake/library/",
        {
            "item": version.implementation_code,
            "applicant_kind": "person",
            "applicant_id_number": "370982199003150011",
        },
    ).content.decode()
    assert "未找到，请提交纸质材料" in checked and 'data-found="0"' in checked


def test_certificate_or_shared_said_of_a_line_from_neither_is_not_received(catalog, today):
    version = live(MORTGAGE)
    contract = version.materials.get(name="抵押合同")  # the applicant's own paper
    body = intake_json(MORTGAGE)
    for line in body["materials"]:
        if line["material_id"] == contract.pk:
            line["provision"] = "certificate"
    case = post(api("clerk"), "/cases", body).json()
    assert case["status"] == "awaiting_supplement"
    line = next(m for m in case["materials"] if m["name"] == "抵押合同")
    assert line["provision"] == "missing" and line["in_notice"]
