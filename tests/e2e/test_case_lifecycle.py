"""Cases driven through the staff case page in a real browser: the services make the case, people
take it the rest of the way by clicking."""

from playwright.sync_api import expect

from onewindow.cases.choices import Status
from onewindow.cases.models import Case
from onewindow.cases.services import MaterialInput
from tests.cases.conftest import do, intake, live

from .conftest import click_action, expect_status, open_case, submit, switch_to

PASSWORD = "pw-e2e-2026!"


def member_of(department_name: str, username: str):
    from django.contrib.auth import get_user_model

    from onewindow.org.models import Department, Staff
    from onewindow.org.services import set_roles

    department = Department.objects.select_related("body").get(name=department_name)
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    staff = Staff.objects.create(user=user, full_name=username, body=department.body, department=department)
    set_roles(actor=None, staff=staff, roles=["reviewer"])
    return user


def test_promised_case_from_review_to_closed(page, county):
    case = intake("clerk", "不动产抵押登记")
    switch_to(page, "reviewer2")
    expect(page.get_by_test_id("count-department")).to_have_text("1")
    page.get_by_test_id("home-inbox-link").click()
    page.get_by_role("link", name=case.number).click()
    expect(page.get_by_test_id("applicant-id")).to_have_text("370982199003150011")

    click_action(page, "start_review")
    expect_status(page, "in_review")
    expect(page.get_by_role("alert").first).to_contain_text("开始审查")

    click_action(page, "pause")
    page.get_by_test_id("form-pause").locator("select[name=pause_kind]").select_option("supplement")
    page.get_by_test_id("form-pause").locator("textarea[name=reason]").fill("请补充抵押物评估报告")
    submit(page, "pause")
    expect_status(page, "paused")
    expect(page.get_by_test_id("clock-state")).to_contain_text("补正")

    click_action(page, "resume")
    expect_status(page, "in_review")

    click_action(page, "approve")
    page.get_by_test_id("form-approve").locator("input[name=certificate_number]").fill("鲁新不动产证明0001")
    submit(page, "approve")
    expect_status(page, "approved")
    expect(page.get_by_test_id("certificate-number")).to_have_text("鲁新不动产证明0001")

    switch_to(page, "clerk")
    open_case(page, case)
    expect(page.get_by_test_id("fees-unsettled")).to_be_visible()
    click_action(page, "pay_fee")
    form = page.get_by_test_id("form-pay_fee")
    form.locator("select[name=payment_method]").select_option("mobile")
    form.locator("input[name=receipt_number]").fill("NO.20250901001")
    submit(page, "pay_fee")
    expect(page.get_by_test_id("fees-settled")).to_be_visible()  # the new page, not the old one leaving
    expect(page.get_by_test_id("fees-unsettled")).to_have_count(0)

    click_action(page, "deliver")
    page.get_by_test_id("form-deliver").get_by_label("窗口领取").check()
    submit(page, "deliver")
    expect_status(page, "delivered")

    click_action(page, "close")
    expect_status(page, "closed")
    expect(page.get_by_test_id("status-badge")).to_have_text("已办结")
    timeline = page.get_by_test_id("event")
    actions = [timeline.nth(i).get_attribute("data-action") for i in range(timeline.count())]
    assert actions == [
        "submit",
        "accept",
        "start_review",
        "pause",
        "resume",
        "approve",
        "pay_fee",
        "deliver",
        "close",
    ]
    expect(page.get_by_test_id("no-actions")).to_be_visible()
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED


def test_joint_case_each_department_then_the_lead(page, county):
    for name, username in [("住房和城乡建设局", "zj"), ("自然资源和规划局", "zr"), ("生态环境局", "st")]:
        member_of(name, username)
    case = intake("clerk", "房屋建筑和市政基础设施工程竣工联合验收")
    tasks = {t.department.name: t for t in case.tasks.select_related("department")}
    for username, department in [
        ("zr", "自然资源和规划局"),
        ("st", "生态环境局"),
        ("zj", "住房和城乡建设局"),
    ]:
        switch_to(page, username, PASSWORD)
        page.goto(page.base_url + "/cases/inbox/")
        expect(page.get_by_test_id("section-tasks")).to_contain_text(case.number)
        open_case(page, case)
        expect(page.get_by_test_id("action-approve")).to_have_count(0)  # the lead waits for all
        task = tasks[department]
        page.get_by_test_id(f"form-task_approve-{task.pk}").locator("textarea").fill(f"{department}同意")
        click_action(page, f"task_approve-{task.pk}")
        row = page.get_by_test_id("task").filter(has_text=department)
        expect(row.get_by_test_id("task-status")).to_have_attribute("data-status", "approved")
        expect(row.get_by_test_id("task-opinion")).to_contain_text(f"{department}同意")
    click_action(page, "approve")
    page.get_by_test_id("form-approve").locator("textarea").fill("联合验收合格")
    submit(page, "approve")
    expect_status(page, "approved")


def test_report_up_case_is_approved_with_the_answer(page, county):
    member_of("生态环境局", "st")
    case = intake("clerk", "排污许可证核发")
    switch_to(page, "st", PASSWORD)
    open_case(page, case)
    click_action(page, "report_up")
    form = page.get_by_test_id("form-report_up")
    expect(form.locator("input[name=authority]")).to_have_value("泰安市生态环境局")
    form.locator("textarea").fill("报请泰安市生态环境局审批")
    submit(page, "report_up")
    expect_status(page, "reported_up")
    expect(page.get_by_test_id("report-authority")).to_contain_text("泰安市生态环境局")

    click_action(page, "approve")
    form = page.get_by_test_id("form-approve")
    expect(form).to_contain_text("上级机关答复")
    form.locator("textarea").fill("泰安市生态环境局准予核发")
    submit(page, "approve")
    expect_status(page, "approved")
    expect(page.get_by_test_id("timeline")).to_contain_text("泰安市生态环境局准予核发")


def test_deferred_acceptance_holds_the_result_until_supplied_on_a_phone(phone_page, county):
    page = phone_page
    version = live("企业设立登记")
    deferrable = version.materials.get(requirement="deferrable")
    materials = [
        MaterialInput(m.pk, "missing" if m.pk == deferrable.pk else "paper") for m in version.materials.all()
    ]
    case = intake("clerk", "企业设立登记", materials=materials, commitment_signed=True)
    do("reviewer", case, "approve")

    switch_to(page, "clerk")
    open_case(page, case)
    expect(page.get_by_test_id("deferred-flag")).to_be_visible()
    expect_status(page, "approved")
    expect(page.get_by_test_id("action-deliver")).to_have_count(0)

    click_action(page, "supply_deferred")
    form = page.get_by_test_id("form-supply_deferred")
    line = form.get_by_test_id("material-line").filter(has_text=deferrable.name)
    line.get_by_label("纸质提交").check()
    submit(page, "supply_deferred")
    expect(page.get_by_role("alert").first).to_contain_text("补交容缺材料")  # the new page has loaded
    expect(page.get_by_test_id("deferred-flag")).to_have_count(0)

    click_action(page, "deliver")
    page.get_by_test_id("form-deliver").get_by_label("窗口领取").check()
    submit(page, "deliver")
    expect_status(page, "delivered")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the case page scrolls sideways on a phone: {width}px wide"
