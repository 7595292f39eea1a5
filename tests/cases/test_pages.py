"""The staff case pages: who sees what, actions through the page, downloads, printed notices, the
lists with their fixed query counts, notices and navigation."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.cases.choices import Status
from onewindow.cases.models import Case
from onewindow.cases.services import MaterialInput
from onewindow.notices.models import Notice
from onewindow.timelimits import sweep

from .conftest import OTHER_PERSON_ID, PERSON_ID, all_provided, do, entrusted, intake, live, person

MORTGAGE = "不动产抵押登记"  # promised, 不动产登记中心 (reviewer2), with fees
BUSINESS = "企业设立登记"  # promised, 市场监督管理局 (reviewer, chief), a deferrable material
JOINT = "房屋建筑和市政基础设施工程竣工联合验收"  # joint: 住建 (lead), 自然资源, 生态环境
REPORT_UP = "排污许可证核发"  # report-up, 生态环境局
PHONE = "13805381234"
LATE = date(2025, 9, 30)  # weeks past every two-day deadline accepted on 2025-09-01
PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def member_of(department_name: str, username: str, *roles: str):
    """A member of staff of a department of the demo center (the demo county staffs only two)."""
    from django.contrib.auth import get_user_model

    from onewindow.org.models import Department, Staff
    from onewindow.org.services import set_roles

    department = Department.objects.select_related("body").get(name=department_name)
    user = get_user_model().objects.create_user(username=username, password="x")
    staff = Staff.objects.create(user=user, full_name=username, body=department.body, department=department)
    set_roles(actor=None, staff=staff, roles=roles or ("reviewer",))
    return user


def url(case, rest=""):
    return f"/cases/{case.number}/{rest}"


def post_action(client, case, action, **fields):
    case.refresh_from_db()
    data = {"version": case.version, **fields}
    return client.post(url(case, f"act/{action}/"), data)


def ids_of(response, name: str) -> list[str]:
    return re.findall(rf'data-testid="{name}-([\w-]+)"', response.content.decode())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- the case page: who sees it, and how much of the applicant --------------------------------------


def test_case_page_shows_the_case_to_its_department_with_the_whole_id(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    page = login("reviewer2").get(url(case))
    assert page.status_code == 200
    text = page.content.decode()
    assert case.number in text and case.title in text
    assert PERSON_ID in text and PHONE in text
    assert f"/guide/item/{case.item_version.implementation_code}/" in text
    assert 'data-status="accepted"' in text
    assert 'data-testid="timeline"' in text and 'data-action="accept"' in text


def test_a_leader_sees_the_case_with_masked_personal_data(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    text = login("leader").get(url(case)).content.decode()
    assert PERSON_ID not in text and PHONE not in text
    assert "138****1234" in text
    assert ids_of(login("leader").get(url(case)), "action") == []  # a leader reads, never acts


def test_out_of_scope_answers_exactly_like_unknown(catalog, today, login, client):
    case = intake("clerk", MORTGAGE)
    other = login("reviewer")  # 市场监督管理局: not this case's department
    unknown = case.number[:-6] + "999999"
    for path in ["", "print/receipt/", "materials/1/file/"]:
        assert other.get(url(case, path)).status_code == 404
        assert other.get(f"/cases/{unknown}/{path}").status_code == 404
    assert other.post(url(case, "act/start_review/"), {"version": case.version}).status_code == 404
    anonymous = client.get(url(case))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_the_page_offers_only_the_tables_actions_for_the_person(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    assert ids_of(login("reviewer2").get(url(case)), "action") == ["start_review", "approve", "deny"]
    assert ids_of(login("clerk").get(url(case)), "action") == [
        "withdraw",
        "pay_fee",
        "waive_fee",
        "record_visit",
    ]
    assert ids_of(login("reviewer").get(url(case)), "action") == []  # 404 page: no forms at all


# --- actions through the page ---------------------------------------------------------------------


def test_actions_posted_with_the_version_move_the_case(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    reviewer = login("reviewer2")
    response = post_action(reviewer, case, "start_review")
    assert response.status_code == 302 and response["Location"] == url(case)
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert "已完成" in reviewer.get(url(case)).content.decode()
    post_action(reviewer, case, "pause", pause_kind="supplement", reason="补充抵押物评估报告")
    case.refresh_from_db()
    assert case.status == Status.PAUSED and case.paused_kind == "supplement"
    assert 'data-paused="1"' in reviewer.get(url(case)).content.decode()
    post_action(reviewer, case, "resume")
    post_action(reviewer, case, "approve", certificate_number="鲁(2025)新泰市不动产证明第0000001号")
    case.refresh_from_db()
    assert case.status == Status.APPROVED
    assert "鲁(2025)新泰市不动产证明第0000001号" in reviewer.get(url(case)).content.decode()
    clerk = login("clerk")
    fees = list(case.fees.all())
    post_action(
        clerk, case, "pay_fee", fee_ids=[f.pk for f in fees], payment_method="cash", receipt_number="R1"
    )
    post_action(clerk, case, "deliver", delivery="window")
    post_action(clerk, case, "close")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.fees_settled
    text = clerk.get(url(case)).content.decode()
    assert 'data-status="closed"' in text
    for action in [
        "submit",
        "accept",
        "start_review",
        "pause",
        "resume",
        "approve",
        "pay_fee",
        "deliver",
        "close",
    ]:
        assert f'data-action="{action}"' in text


def test_extension_is_bounded_by_what_the_item_has_left(catalog, today, login):
    member_of("生态环境局", "stchief", "chief_rep", "reviewer")
    case = intake("clerk", "建设项目环境影响报告表审批")  # at most 10 more working days
    chief = login("stchief")
    post_action(chief, case, "start_review")
    page = chief.get(url(case)).content.decode()
    assert 'id="extend-days"' in page and 'max="10"' in page
    assert post_action(chief, case, "extend", days=11, reason="专家评审").status_code == 422
    assert post_action(chief, case, "extend", days=4, reason="需组织专家评审").status_code == 302
    case.refresh_from_db()
    assert (case.status, case.extended_days) == (Status.EXTENDED, 4)
    assert 'data-testid="extended-days"' in chief.get(url(case)).content.decode()


def test_a_stale_version_shows_the_conflict_and_changes_nothing(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    stale = case.version
    do("reviewer2", case, "start_review")
    case.refresh_from_db()
    response = login("reviewer2").post(
        url(case, "act/pause/"), {"version": stale, "pause_kind": "supplement", "reason": "x"}
    )
    assert response.status_code == 409
    assert "办件已被他人更新，请刷新后重试。" in response.content.decode()
    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.version) == (Status.IN_REVIEW, case.version)
    assert f'value="{case.version}"' in response.content.decode()  # fresh forms carry the new version


def test_a_refused_action_shows_the_reason_on_its_form(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    response = post_action(login("reviewer2"), case, "deny", reason="抵押物已被查封")
    assert response.status_code == 422
    text = response.content.decode()
    assert 'data-testid="action-error"' in text and 'data-for="basis"' in text
    assert 'id="form-deny"' in text and "collapse show" in text
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


def test_a_refusal_from_the_service_keeps_the_case_unchanged(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    do("reviewer2", case, "start_review")
    response = post_action(login("reviewer2"), case, "pause", pause_kind="auction", reason="拍卖")
    assert response.status_code == 422  # this item has no auction procedure
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW


def test_an_action_not_allowed_now_is_a_conflict(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    response = post_action(login("reviewer2"), case, "close")
    assert response.status_code == 409
    assert login("reviewer2").get(url(case, "act/start_review/")).status_code == 405
    assert post_action(login("reviewer2"), case, "nonsense").status_code == 404


def test_actions_need_the_csrf_token(catalog, today):
    from django.contrib.auth import get_user_model
    from django.test import Client

    case = intake("clerk", MORTGAGE)
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="reviewer2"))
    response = client.post(url(case, "act/start_review/"), {"version": case.version})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


def test_a_task_action_from_another_case_finds_nothing(catalog, today, login):
    member_of("住房和城乡建设局", "zj")
    joint = intake("clerk", JOINT, applicant=person())
    other = intake("clerk", JOINT, applicant=person(id_number=OTHER_PERSON_ID))
    task = joint.tasks.get(is_lead=True)
    response = post_action(login("zj"), other, "task_approve", task_id=task.pk)
    assert response.status_code == 404


def test_joint_departments_approve_their_tasks_then_the_lead_decides(catalog, today, login):
    for name, username in [("住房和城乡建设局", "zj"), ("自然资源和规划局", "zr"), ("生态环境局", "st")]:
        member_of(name, username)
    case = intake("clerk", JOINT)
    lead = login("zj")
    assert "approve" not in ids_of(lead.get(url(case)), "action")
    for username in ["zr", "st", "zj"]:
        client = login(username)
        task = case.tasks.get(department__staff__user__username=username)
        assert f"task_approve-{task.pk}" in ids_of(client.get(url(case)), "action")
        response = post_action(client, case, "task_approve", task_id=task.pk, reason="同意")
        assert response.status_code == 302
    assert "approve" in ids_of(lead.get(url(case)), "action")
    post_action(lead, case, "approve")
    case.refresh_from_db()
    assert case.status == Status.APPROVED


def test_report_up_then_approve_with_the_answer(catalog, today, login):
    member_of("生态环境局", "st")
    case = intake("clerk", REPORT_UP)
    st = login("st")
    page = st.get(url(case)).content.decode()
    assert "泰安市生态环境局" in page  # the authority is filled in
    post_action(st, case, "report_up", authority="泰安市生态环境局", reason="报请审批")
    case.refresh_from_db()
    assert case.status == Status.REPORTED_UP and case.report_authority == "泰安市生态环境局"
    post_action(st, case, "approve", reason="泰安市生态环境局准予许可")
    case.refresh_from_db()
    assert case.status == Status.APPROVED and case.report_answered_on == today.value


def test_deferred_case_delivers_only_after_the_deferred_material(catalog, today, login, media):
    version = live(BUSINESS)
    deferrable = version.materials.get(requirement="deferrable")
    materials = [
        MaterialInput(m.pk, "missing" if m.pk == deferrable.pk else "paper") for m in version.materials.all()
    ]
    case = intake("clerk", BUSINESS, materials=materials, commitment_signed=True)
    assert case.deferred and case.status == Status.ACCEPTED
    assert 'data-testid="deferred-flag"' in login("clerk").get(url(case)).content.decode()
    do("reviewer", case, "approve")
    clerk = login("clerk")
    assert "deliver" not in ids_of(clerk.get(url(case)), "action")
    line = case.materials.get(item_material=deferrable)
    response = clerk.post(
        url(case, "act/supply_deferred/"),
        {
            "version": Case.objects.get(pk=case.pk).version,
            f"material_{line.pk}": "upload",
            f"material_{line.pk}_file": SimpleUploadedFile("appointment.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert not case.deferred
    assert "deliver" in ids_of(clerk.get(url(case)), "action")


def test_request_supplement_and_supplement_through_the_page(catalog, today, login):
    nothing = all_provided(live(MORTGAGE), provision="missing")
    case = intake("clerk", MORTGAGE, materials=nothing)  # nothing handed in: a one-time notice at once
    assert case.status == Status.AWAITING_SUPPLEMENT
    clerk = login("clerk")
    listed = list(case.materials.filter(in_notice=True))
    assert listed
    fields = {f"material_{m.pk}": "paper" for m in listed}
    response = post_action(clerk, case, "supplement", **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


# --- downloads and printed notices ----------------------------------------------------------------


def test_uploaded_material_downloads_for_those_in_scope_only(catalog, today, login, client, media):
    version = live(MORTGAGE)
    form = version.materials.order_by("sort_order").first()
    materials = [
        MaterialInput(m.pk, "upload", SimpleUploadedFile("申请书.pdf", PDF))
        if m.pk == form.pk
        else MaterialInput(m.pk, "paper")
        for m in version.materials.all()
    ]
    case = intake("clerk", MORTGAGE, materials=materials)
    line = case.materials.get(item_material=form)
    path = url(case, f"materials/{line.pk}/file/")
    assert path in login("reviewer2").get(url(case)).content.decode()
    response = login("reviewer2").get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert login("reviewer").get(path).status_code == 404
    assert login("agent").get(path).status_code == 404
    assert client.get(path).status_code == 302
    paper = case.materials.exclude(pk=line.pk).first()
    assert login("reviewer2").get(url(case, f"materials/{paper.pk}/file/")).status_code == 404


def test_receipt_prints_for_an_accepted_case(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    clerk = login("clerk")
    assert "print-receipt" in clerk.get(url(case)).content.decode()
    text = clerk.get(url(case, "print/receipt/")).content.decode()
    assert "受理通知书" in text and case.number in text and case.query_code in text
    assert "/track/" in text and case.deadline.isoformat() in text
    assert 'data-testid="notice-bell"' not in text  # a clean page, no navigation
    for kind in ["supplement", "return", "denial", "refusal", "approval", "nonsense"]:
        assert clerk.get(url(case, f"print/{kind}/")).status_code == 404


def test_supplement_notice_lists_exactly_the_notice_materials(catalog, today, login):
    version = live(MORTGAGE)
    contract = version.materials.get(name="抵押合同")
    materials = [
        MaterialInput(m.pk, "missing" if m.pk == contract.pk else "paper") for m in version.materials.all()
    ]
    case = intake("clerk", MORTGAGE, materials=materials)
    assert case.status == Status.AWAITING_SUPPLEMENT
    text = login("clerk").get(url(case, "print/supplement/")).content.decode()
    assert text.count('data-testid="notice-material"') == 1 and "抵押合同" in text
    assert "主债权合同" not in text
    assert "不会再要求本告知书以外的材料" in text
    assert login("clerk").get(url(case, "print/receipt/")).status_code == 404  # not accepted yet


def test_return_notice_gives_reason_and_basis(catalog, today, login):
    case = intake(
        "clerk", MORTGAGE, return_reason="不属于本机关职权范围", return_basis="《行政许可法》第三十二条"
    )
    assert case.status == Status.RETURNED
    text = login("clerk").get(url(case, "print/return/")).content.decode()
    assert "不予受理决定书" in text and "不属于本机关职权范围" in text and "第三十二条" in text


def test_denial_notice_gives_the_right_to_appeal(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    do("reviewer2", case, "deny", reason="抵押物已被查封", basis="《不动产登记暂行条例》第二十二条")
    text = login("reviewer2").get(url(case, "print/refusal/")).content.decode()
    assert "抵押物已被查封" in text and "第二十二条" in text
    assert "60 日" in text and "6 个月" in text and "行政复议" in text and "行政诉讼" in text
    do("clerk", case, "deliver", delivery="window")
    assert login("clerk").get(url(case, "print/refusal/")).status_code == 200  # still, once delivered


# --- lists ----------------------------------------------------------------------------------------


def many(n: int, name=MORTGAGE):
    return [intake("clerk", name) for _ in range(n)]


def _queries(django_assert_num_queries, client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("clerk", "/cases/"),
        ("leader", "/cases/"),
        ("reviewer2", "/cases/inbox/"),
        ("clerk", "/cases/inbox/"),
        ("leader", "/cases/overdue/"),
        ("reviewer2", "/cases/?status=accepted&q=370982"),
    ],
)
def test_lists_run_the_same_queries_for_few_and_many_rows(
    catalog, today, login, django_assert_num_queries, username, path
):
    client = login(username)
    many(3)
    if "overdue" in path:
        sweep.refresh_due(on=LATE)
    few, first = _queries(django_assert_num_queries, client, path)
    assert first.content.decode().count('data-testid="case-row"') == 3
    many(22)
    if "overdue" in path:
        sweep.refresh_due(on=LATE)
    with django_assert_num_queries(few):
        response = client.get(path)
    assert response.content.decode().count('data-testid="case-row"') == 25


def test_the_case_page_runs_the_same_queries_however_long_its_history(
    catalog, today, login, django_assert_num_queries
):
    case = intake("clerk", MORTGAGE)
    client = login("clerk")
    few, _response = _queries(django_assert_num_queries, client, url(case))
    for _ in range(5):
        do("clerk", case, "record_visit", reason="咨询进度")
    with django_assert_num_queries(few):
        response = client.get(url(case))
    assert response.content.decode().count('data-action="record_visit"') == 5


def test_inbox_counts_tasks_in_constant_queries(catalog, today, login, django_assert_num_queries):
    member_of("自然资源和规划局", "zr")
    client = login("zr")
    intake("clerk", JOINT)
    few, _response = _queries(django_assert_num_queries, client, "/cases/inbox/")
    for _ in range(6):
        intake("clerk", JOINT)
    with django_assert_num_queries(few):
        response = client.get("/cases/inbox/")
    assert response.content.decode().count('data-testid="task-row"') == 7


def test_the_list_never_shows_a_whole_id_or_phone(catalog, today, login):
    many(2)
    for username in ["clerk", "reviewer2", "leader", "admin"]:
        text = login(username).get("/cases/").content.decode()
        assert PERSON_ID not in text and PHONE not in text
        assert "138****1234" in text


def test_the_list_filters_and_searches(catalog, today, login):
    first = intake("clerk", MORTGAGE)
    other = intake("clerk", MORTGAGE, applicant=person(id_number=OTHER_PERSON_ID))
    do("reviewer2", other, "start_review")
    client = login("clerk")

    def numbers(query):
        return re.findall(
            r'data-testid="case-row" data-number="(\d+)"', client.get("/cases/" + query).content.decode()
        )

    assert set(numbers("")) == {first.number, other.number}
    assert numbers("?status=in_review") == [other.number]
    assert numbers(f"?q={first.number}") == [first.number]
    assert set(numbers(f"?q={first.number[:10]}")) == {first.number, other.number}
    assert numbers(f"?q={OTHER_PERSON_ID}") == [other.number]
    assert numbers(f"?q={OTHER_PERSON_ID.lower()}") == [other.number]
    assert numbers("?kind=joint") == []
    assert numbers("?channel=window&warning=normal") == [other.number, first.number]  # newest first
    assert numbers("?status=nonsense") == []


def test_the_list_is_scoped(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    assert case.number in login("reviewer2").get("/cases/").content.decode()
    assert case.number not in login("reviewer").get("/cases/").content.decode()
    assert case.number not in login("agent").get("/cases/").content.decode()


def test_list_pages_are_bounded(catalog, today, login, monkeypatch):
    from onewindow import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    made = many(5)
    client = login("clerk")
    first = client.get("/cases/").content.decode()
    assert first.count('data-testid="case-row"') == 2 and 'data-testid="next-page"' in first
    last = client.get("/cases/?page=3").content.decode()
    assert last.count('data-testid="case-row"') == 1 and 'data-testid="next-page"' not in last
    assert made[0].number in last
    assert client.get("/cases/?page=abc").status_code == 200


def test_the_overdue_list_shows_red_cases_in_scope(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    sweep.refresh_due(on=LATE)
    case.refresh_from_db()
    assert case.warning == "red"
    assert case.number in login("leader").get("/cases/overdue/").content.decode()
    assert case.number in login("reviewer2").get("/cases/overdue/").content.decode()
    assert case.number not in login("reviewer").get("/cases/overdue/").content.decode()
    inbox = login("reviewer2").get("/cases/inbox/").content.decode()
    assert 'data-warning="red"' in inbox and "超期" in inbox


def test_inbox_has_a_section_per_role(catalog, today, login):
    intake("clerk", MORTGAGE)
    assert ids_of(login("chief").get("/cases/inbox/"), "section") == ["department", "tasks"]
    assert ids_of(login("clerk").get("/cases/inbox/"), "section") == ["window"]
    assert ids_of(login("agent").get("/cases/inbox/"), "section") == ["agent"]
    assert ids_of(login("leader").get("/cases/inbox/"), "section") == ["area"]
    assert 'data-testid="no-inbox"' in login("admin").get("/cases/inbox/").content.decode()


def test_the_window_inbox_says_what_to_do(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    do("reviewer2", case, "approve")
    text = login("clerk").get("/cases/inbox/").content.decode()
    assert case.number in text and "结果待送达" in text and "费用待缴" in text


def test_the_agents_inbox_shows_their_cases(catalog, today, login):
    entrusted("agent")
    case = intake("agent", MORTGAGE)
    assert case.number in login("agent").get("/cases/inbox/").content.decode()
    assert case.number not in login("agent_village").get("/cases/inbox/").content.decode()


def test_lists_are_for_staff(db, client, login):
    from django.contrib.auth import get_user_model

    for path in ["/cases/", "/cases/inbox/", "/cases/overdue/", "/cases/notices/"]:
        assert client.get(path).status_code == 302
    user = get_user_model().objects.create_user("citizen", password="pw-123456789")
    client.force_login(user)
    for path in ["/cases/", "/cases/inbox/", "/cases/overdue/", "/cases/notices/"]:
        assert client.get(path).status_code == 403


# --- notices, navigation and home pages -----------------------------------------------------------


def test_the_bell_counts_unread_notices_and_marks_them_read(catalog, today, login):
    case = intake("clerk", MORTGAGE)  # acceptance tells the department
    client = login("reviewer2")
    unread = Notice.objects.filter(recipient__username="reviewer2", read_at__isnull=True).count()
    assert unread >= 1
    home = client.get("/home/reviewer/").content.decode()
    assert f'data-testid="notice-count">{unread}<' in home
    page = client.get("/cases/notices/").content.decode()
    assert url(case) in page and 'data-unread="1"' in page
    response = client.post("/cases/notices/read/")
    assert response.status_code == 302
    assert not Notice.objects.filter(recipient__username="reviewer2", read_at__isnull=True).exists()
    assert 'data-testid="notice-count"' not in client.get("/home/reviewer/").content.decode()
    assert client.get("/cases/notices/read/").status_code == 405


def test_the_bell_costs_one_query(catalog, today, login, django_assert_num_queries):
    from onewindow.cases.templatetags.cases_ui import unread_notice_count
    from onewindow.org.models import Staff

    user = Staff.objects.get(user__username="reviewer2").user
    request = type("Request", (), {"user": user})()
    with django_assert_num_queries(1):
        assert unread_notice_count({"request": request}) == unread_notice_count({"request": request})


def test_navigation_entries_by_role(catalog, login):
    def labels(username):
        return login(username).get("/cases/").content.decode()

    clerk = labels("clerk")
    assert 'href="/cases/inbox/"' in clerk and 'href="/cases/"' in clerk
    assert 'href="/cases/intake/"' in clerk and 'href="/cases/intake/"' not in labels("admin")
    assert 'href="/cases/overdue/"' not in clerk
    leader = labels("leader")
    assert 'href="/cases/overdue/"' in leader and 'href="/cases/inbox/"' in leader
    admin = labels("admin")
    assert 'href="/cases/inbox/"' not in admin and 'href="/cases/"' in admin
    assert 'href="/cases/overdue/"' in labels("reviewer")


@pytest.mark.parametrize(
    ("username", "role", "testid"),
    [
        ("clerk", "window_clerk", "count-window"),
        ("reviewer2", "reviewer", "count-department"),
        ("chief", "chief_rep", "count-department"),
        ("agent", "agent", "count-agent"),
    ],
)
def test_role_homes_show_inbox_counts(catalog, today, login, username, role, testid):
    intake("clerk", MORTGAGE)
    entrusted("agent")
    intake("agent", MORTGAGE)
    text = login(username).get(f"/home/{role}/").content.decode()
    assert f'data-testid="{testid}"' in text and 'href="/cases/inbox/"' in text
    figure = re.search(rf'data-testid="{testid}">(\d+)<', text)
    expected = {"clerk": 1, "reviewer2": 2, "chief": 0, "agent": 1}[username]
    assert int(figure.group(1)) == expected
