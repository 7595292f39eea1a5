"""End to end through the API, one test per kind of case (五件), plus scope, masking and idempotency."""

import base64

import pytest

from onewindow.cases.models import Case
from onewindow.certificates.models import Certificate

from .conftest import api, firm, intake_json, live, person, post, staff_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def act(client, number, action, version, **body):
    return post(client, f"/cases/{number}/actions/{action}", {"version": version, **body})


def test_immediate_case_is_finished_on_the_spot_by_the_chief_representative(catalog, today):
    response = post(api("chief"), "/cases", intake_json("个体工商户设立登记", finish_now=True))
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["status"] == "closed"
    assert case["kind"] == "immediate"
    assert case["finished_on_site"] is True and case["visits"] == 1
    assert case["certificate"].startswith("营业执照")
    assert [e["action"] for e in case["events"]] == ["submit", "accept", "approve", "deliver", "close"]
    assert Certificate.objects.get(case__number=case["number"]).holder_name == "张三"


def test_a_clerk_without_authority_cannot_finish_an_immediate_case(catalog, today):
    response = post(api("clerk"), "/cases", intake_json("个体工商户设立登记", finish_now=True))
    assert response.status_code == 403
    assert not Case.objects.exists()  # nothing half-written


def test_someone_who_may_not_take_in_is_refused_before_the_form_is_judged(catalog, today):
    body = intake_json("个体工商户设立登记")
    body["applicant"]["id_number"] = "not-a-number"
    assert post(api("reviewer"), "/cases", body).status_code == 403
    assert post(api("clerk"), "/cases", body).status_code == 422


def test_promised_case_with_a_one_time_notice_supplement_fees_and_delivery(catalog, today):
    version = live("不动产抵押登记")
    contract = version.materials.get(name="抵押合同")
    body = intake_json("不动产抵押登记", fee_answers={"房屋用途": "非住宅"})
    body["materials"] = [
        {
            "material_id": m["material_id"],
            "provision": "missing" if m["material_id"] == contract.pk else "paper",
        }
        for m in body["materials"]
    ]
    clerk = api("clerk")
    case = post(clerk, "/cases", body).json()
    assert case["status"] == "awaiting_supplement"
    noticed = [m for m in case["materials"] if m["in_notice"]]
    assert [m["name"] for m in noticed] == ["抵押合同"]  # exactly what is missing, nothing else

    upload = {
        "material_id": noticed[0]["id"],
        "provision": "upload",
        "file_name": "contract.pdf",
        "content_base64": base64.b64encode(PDF).decode(),
    }
    case = act(clerk, case["number"], "supplement", case["version"], materials=[upload]).json()
    assert case["status"] == "accepted"
    assert case["deadline"] == "2025-09-03"  # 2 working days after Monday 1 September
    assert case["visits"] == 2
    assert case["fees_total"] == "550.00" and case["fees_settled"] is False  # the non-housing line only
    assert [f["name"] for f in case["fees"]] == ["不动产登记费（非住宅）"]

    reviewer = api("reviewer2")
    case = act(reviewer, case["number"], "start_review", case["version"]).json()
    case = act(reviewer, case["number"], "approve", case["version"]).json()
    assert case["status"] == "approved" and case["certificate"].startswith("不动产登记证明")

    refused = act(clerk, case["number"], "close", case["version"])
    assert refused.status_code == 409  # fees unpaid: the table allows close only after delivery anyway
    case = act(
        clerk,
        case["number"],
        "pay_fee",
        case["version"],
        payment_method="mobile",
        receipt_number="PJ2025-0001",
    ).json()
    assert case["fees_settled"] is True
    case = act(
        clerk, case["number"], "deliver", case["version"], delivery="post", postal_number="EMS1234567890"
    ).json()
    case = act(clerk, case["number"], "close", case["version"]).json()
    assert case["status"] == "closed"

    file = clerk.get(f"/api/v1/cases/{case['number']}/materials/{noticed[0]['id']}/file")
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    assert b"".join(file.streaming_content) == PDF
    assert (
        api("reviewer").get(f"/api/v1/cases/{case['number']}/materials/{noticed[0]['id']}/file").status_code
        == 404
    )


def test_a_certificate_in_the_library_is_not_asked_for_again(catalog, today):
    clerk, reviewer = api("clerk"), api("reviewer2")
    first = post(clerk, "/cases", intake_json("不动产抵押登记")).json()
    first = act(reviewer, first["number"], "approve", first["version"]).json()
    body = intake_json("不动产抵押权注销登记")
    proof = live("不动产抵押权注销登记").materials.get(name="不动产登记证明")
    body["materials"] = [m for m in body["materials"] if m["material_id"] != proof.pk]  # not brought
    later = post(clerk, "/cases", body).json()
    line = next(m for m in later["materials"] if m["name"] == "不动产登记证明")
    assert line["provision"] == "certificate" and line["certificate"].startswith("不动产登记证明")
    assert later["status"] == "closed" or later["status"] == "accepted"


def test_joint_case_opens_parallel_tasks_and_the_lead_concludes(catalog, today):
    for name, username in [("住房和城乡建设局", "zj"), ("自然资源和规划局", "zr"), ("生态环境局", "sthj")]:
        staff_in(name, username)
    case = post(
        api("clerk"), "/cases", intake_json("企业投资项目联合审批（工程建设许可阶段）", applicant=firm())
    ).json()
    assert case["kind"] == "joint" and case["status"] == "accepted"
    assert sorted((t["department_name"], t["is_lead"]) for t in case["tasks"]) == [
        ("住房和城乡建设局", True),
        ("生态环境局", False),
        ("自然资源和规划局", False),
    ]
    lead = api("zj")
    blocked = act(lead, case["number"], "approve", case["version"])
    assert blocked.status_code == 409 and blocked.json()["code"] == "action_blocked"
    assert api("zr").get(f"/api/v1/cases/{case['number']}").json()["actions"] == []
    for username in ("zr", "sthj", "zj"):
        client = api(username)
        detail = client.get(f"/api/v1/cases/{case['number']}").json()
        mine = next(t for t in detail["tasks"] if t["actions"])
        case = act(
            client, case["number"], "task_approve", detail["version"], task_id=mine["id"], reason="同意"
        ).json()
    assert {t["status"] for t in case["tasks"]} == {"approved"}
    case = act(lead, case["number"], "approve", case["version"]).json()
    assert case["status"] == "approved"


def test_report_up_case_goes_to_the_higher_authority_and_back(catalog, today):
    staff_in("生态环境局", "sthj")
    reviewer = api("sthj")
    case = post(api("clerk"), "/cases", intake_json("排污许可证核发", applicant=firm())).json()
    assert case["kind"] == "report_up"
    case = act(reviewer, case["number"], "start_review", case["version"]).json()
    case = act(reviewer, case["number"], "report_up", case["version"]).json()
    assert case["status"] == "reported_up" and case["report_authority"] == "泰安市生态环境局"
    assert case["report_sent_on"] == "2025-09-01"
    case = act(
        reviewer, case["number"], "approve", case["version"], certificate_number="91370982MA3C0Q8X1C001P"
    ).json()
    assert case["status"] == "approved" and case["report_answered_on"] == "2025-09-01"
    assert case["certificate"] == "排污许可证 91370982MA3C0Q8X1C001P"


def test_returned_case_needs_reason_and_basis_and_tells_the_public_why(catalog, today):
    clerk = api("clerk")
    missing_basis = post(clerk, "/cases", intake_json("企业设立登记", return_reason="不属于本机关职权范围"))
    assert missing_basis.status_code == 422 and "basis" in missing_basis.json()["details"]
    assert not Case.objects.exists()
    case = post(
        clerk,
        "/cases",
        intake_json(
            "企业设立登记", return_reason="不属于本机关职权范围", return_basis="《行政许可法》第三十二条"
        ),
    ).json()
    assert case["status"] == "returned" and case["legal_basis"] == "《行政许可法》第三十二条"
    stored = Case.objects.get(number=case["number"])
    public = api("clerk").get(f"/api/v1/public/cases/{stored.number}?code={stored.query_code}").json()
    assert public["status"] == "returned"
    assert public["events"][-1]["note"] == "不属于本机关职权范围"


def test_deferred_acceptance_holds_the_result_until_the_supplement(catalog, today):
    version = live("企业设立登记")
    deferrable = version.materials.get(requirement="deferrable")
    body = intake_json("企业设立登记", commitment_signed=True)
    for m in body["materials"]:
        if m["material_id"] == deferrable.pk:
            m["provision"] = "missing"
    clerk, chief = api("clerk"), api("chief")
    case = post(clerk, "/cases", body).json()
    assert case["status"] == "accepted" and case["deferred"] is True
    case = act(chief, case["number"], "approve", case["version"]).json()
    refused = act(clerk, case["number"], "deliver", case["version"], delivery="window")
    assert refused.status_code == 409 and refused.json()["code"] == "action_blocked"
    line = next(m for m in case["materials"] if m["provision"] == "missing")
    case = act(
        clerk,
        case["number"],
        "supply_deferred",
        case["version"],
        materials=[{"material_id": line["id"], "provision": "paper"}],
    ).json()
    assert case["deferred"] is False
    case = act(clerk, case["number"], "deliver", case["version"], delivery="window").json()
    assert case["status"] == "delivered"


def test_stale_version_answers_409_and_writes_nothing(catalog, today):
    case = post(api("clerk"), "/cases", intake_json("不动产抵押登记")).json()
    reviewer = api("reviewer2")
    assert act(reviewer, case["number"], "start_review", case["version"]).status_code == 200
    stale = act(reviewer, case["number"], "approve", case["version"])
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert Case.objects.get(number=case["number"]).status == "in_review"


def test_idempotency_key_replays_the_first_case(catalog, today):
    clerk = api("clerk")
    body = intake_json("不动产抵押登记")
    first = post(clerk, "/cases", body, HTTP_IDEMPOTENCY_KEY="k-1")
    again = post(clerk, "/cases", body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.json()["number"] == again.json()["number"]
    assert Case.objects.count() == 1
    other = post(clerk, "/cases", intake_json("企业设立登记"), HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


def test_scope_lists_and_masking(catalog, today):
    post(api("clerk"), "/cases", intake_json("不动产抵押登记"))
    post(
        api("clerk"), "/cases", intake_json("企业设立登记", applicant=person(id_number="11010519491231002X"))
    )
    mine = api("reviewer2").get("/api/v1/cases").json()["items"]
    assert [c["title"] for c in mine] == ["不动产抵押登记"]
    assert api("reviewer").get("/api/v1/cases").json()["items"][0]["title"] == "企业设立登记"
    everything = api("clerk").get("/api/v1/cases").json()["items"]
    assert len(everything) == 2
    for row in everything:
        assert "*" in row["applicant_id_number"]
    found = api("clerk").get("/api/v1/cases?q=11010519491231002X").json()["items"]
    assert [c["title"] for c in found] == ["企业设立登记"]
    number = mine[0]["number"]
    assert api("reviewer").get(f"/api/v1/cases/{number}").status_code == 404
    leader = api("leader").get(f"/api/v1/cases/{number}").json()
    assert (
        "*" in leader["applicant_id_number"]
        and "*" in leader["applicant_phone"]
        and leader["query_code"] is None
    )
    full = api("reviewer2").get(f"/api/v1/cases/{number}").json()
    assert full["applicant_id_number"] == person().id_number


def test_public_lookup_hides_personal_data_and_answers_a_wrong_code_like_an_unknown_number(
    catalog, today, client
):
    post(api("clerk"), "/cases", intake_json("不动产抵押登记"))
    case = Case.objects.get()
    good = client.get(f"/api/v1/public/cases/{case.number}?code={case.query_code}")
    assert good.status_code == 200
    text = good.content.decode()
    for secret in (case.applicant_name, case.applicant_id_number, case.applicant_phone):
        assert secret not in text
    wrong_code = "000000" if case.query_code != "000000" else "111111"
    wrong = client.get(f"/api/v1/public/cases/{case.number}?code={wrong_code}")
    unknown = client.get(f"/api/v1/public/cases/{'9' * 20}?code={case.query_code}")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content


def test_public_lookups_are_throttled(catalog, client, settings):
    settings.TRACK_LOOKUPS_PER_MINUTE = 3
    codes = [client.get(f"/api/v1/public/cases/{'1' * 20}?code=123456").status_code for _ in range(5)]
    assert codes == [404, 404, 404, 429, 429]


def test_invalid_applicant_is_refused_with_a_reason_per_field(catalog):
    body = intake_json("不动产抵押登记")
    body["applicant"]["id_number"] = "370982199003150012"
    body["applicant"]["phone"] = "12345"
    response = post(api("clerk"), "/cases", body)
    assert response.status_code == 422
    details = response.json()["details"]
    assert "校验位" in details["applicant_id_number"] and "applicant_phone" in details


@pytest.mark.parametrize("username", ["leader", "supervisor", "reviewer", "admin"])
def test_only_window_staff_agents_and_citizens_take_cases_in(catalog, username):
    assert post(api(username), "/cases", intake_json("不动产抵押登记")).status_code == 403


def _bearer(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from onewindow.accounts.services import create_token

    user = get_user_model().objects.get(username=username)
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_token(actor=None, user=user, name='t')[1]}")


def test_case_detail_runs_a_fixed_number_of_queries_whoever_asks(catalog, today, django_assert_num_queries):
    """The token with its user, staff record and roles; the case with its related rows and certificate;
    its materials and events; the tasks of a joint case and the fees of a case charged something. A
    reviewer who sees the case through a joint task needs its tasks for the scope check: read once, for
    both."""
    staff_in("生态环境局", "sthj")
    joint = post(
        api("clerk"), "/cases", intake_json("企业投资项目联合审批（工程建设许可阶段）", applicant=firm())
    ).json()
    immediate = post(api("chief"), "/cases", intake_json("个体工商户设立登记", finish_now=True)).json()
    charged = post(api("clerk"), "/cases", intake_json("不动产抵押登记")).json()
    assert immediate["certificate"] and joint["tasks"] and charged["fees"] and not immediate["tasks"]
    for username, case in [
        ("leader", joint),
        ("sthj", joint),  # through the task of a joint department
        ("clerk", joint),
        ("chief", immediate),
        ("reviewer2", charged),
        ("leader", charged),
    ]:
        client = _bearer(username)
        first = client.get(f"/api/v1/cases/{case['number']}")  # also notes the token's use, once in 5 minutes
        assert first.status_code == 200
        with django_assert_num_queries(4 + bool(case["tasks"]) + bool(case["fees"])):
            again = client.get(f"/api/v1/cases/{case['number']}")
        assert again.json() == first.json()
    outsider = _bearer("reviewer")
    outsider.get("/api/v1/me")
    with django_assert_num_queries(3):  # the token, the case, its tasks: out of scope answers like unknown
        assert outsider.get(f"/api/v1/cases/{joint['number']}").status_code == 404
    with django_assert_num_queries(2):  # the token, the case: no tasks to read on a case of one department
        assert outsider.get(f"/api/v1/cases/{charged['number']}").status_code == 404


def test_public_lookup_runs_three_queries(catalog, today, client, django_assert_num_queries):
    post(api("clerk"), "/cases", intake_json("不动产抵押登记"))
    case = Case.objects.get()
    with django_assert_num_queries(3):  # the rate count, the case, its public events
        response = client.get(f"/api/v1/public/cases/{case.number}?code={case.query_code}")
    assert [e["action"] for e in response.json()["events"]] == ["submit", "accept"]


def test_an_intake_takes_its_number_last_and_nothing_shows_a_stand_in(
    catalog, today, django_assert_max_num_queries
):
    """The area's daily number row stays locked from the number's allocation to the commit, so every
    other intake of the area waits that long: only the number itself, the staff notices and the
    applicant's message that carry it, the audit event and the commit may follow it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from onewindow.audit.models import AuditEvent
    from onewindow.notices.models import Notice

    clerk = _bearer("clerk")
    clerk.get("/api/v1/me")
    with CaptureQueriesContext(connection) as captured:
        response = clerk.post(
            "/api/v1/cases",
            intake_json("不动产抵押登记"),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="late-number",
        )
    case = response.json()
    assert response.status_code == 201 and case["status"] == "accepted"
    statements = [q["sql"] for q in captured.captured_queries]
    taken = next(i for i, sql in enumerate(statements) if "casenumbersequence" in sql)
    # The test runs in a transaction: the intake's own ends by releasing its (first) savepoint.
    opened = next(sql for sql in statements if sql.startswith("SAVEPOINT"))
    committed = statements.index("RELEASE " + opened)
    after = statements[taken + 1 : committed]
    assert all(
        sql.startswith(('UPDATE "cases_case" SET "number"', "SAVEPOINT", "RELEASE SAVEPOINT"))
        or "notices_notice" in sql
        or sql.startswith('INSERT INTO "notices_applicantmessage"')
        or "audit_" in sql
        for sql in after
    ), after
    assert len(after) <= 7, after
    stored = Case.objects.get()
    assert stored.number == case["number"] and stored.number.isdigit() and len(stored.number) == 20
    assert Notice.objects.exists() and all(case["number"] in n.text for n in Notice.objects.all())
    assert AuditEvent.objects.get(action="cases.case.intake").after["number"] == case["number"]
    # The whole request in a fixed number of queries (the test's transaction never commits, so without
    # what runs on commit: sealing the audit event and the message to the applicant).
    with django_assert_max_num_queries(35):
        clerk.post(
            "/api/v1/cases",
            intake_json("不动产抵押登记"),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="fixed-cost",
        )


def test_a_certificate_issued_at_intake_takes_the_case_number(catalog, today):
    case = post(api("chief"), "/cases", intake_json("个体工商户设立登记", finish_now=True)).json()
    assert case["certificate"] == f"营业执照 {case['number']}"
    assert Certificate.objects.get().number == case["number"]


def test_numbering_a_case_takes_the_next_number_and_writes_it_in_one_step(catalog, today):
    from datetime import date

    from django.db import transaction

    from onewindow.cases import numbering
    from onewindow.numbering.models import NumberSequence
    from onewindow.numbering.series import SequenceExhausted, allocate_number

    post(api("clerk"), "/cases", intake_json("不动产抵押登记"))
    case = Case.objects.get()
    day = date(2026, 11, 24)
    assert numbering.number_case(case.pk, "370982", day) == "37098220261124000001"
    assert numbering.number_case(case.pk, "370982", day) == "37098220261124000002"
    case.refresh_from_db()
    assert case.number == "37098220261124000002"
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.number_case(case.pk, "370982", day)
        raise RuntimeError("intake failed")
    assert allocate_number(numbering.CASE, "370982", day).endswith("000003")  # given back
    NumberSequence.objects.filter(area_code="370982", day=day).update(last=numbering.CASE.ceiling)
    with pytest.raises(SequenceExhausted), transaction.atomic():
        numbering.number_case(case.pk, "370982", day)
    case.refresh_from_db()
    assert case.number == "37098220261124000002"
