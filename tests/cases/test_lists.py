"""Lists people work from (F8 item 9): every case list narrows by status, kind, item, department, body,
window, period, warning and fees, shows its total, sorts, and exports through the shared sheet writer
with personal data masked; desks are ordered by urgency (red, yellow, the nearest deadline); home
counters link to the list of what they count."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from onewindow.cases.models import Case
from onewindow.catalog.models import ItemVersion
from onewindow.org.models import Department, ServiceBody

from .conftest import OTHER_PERSON_ID, PERSON_ID, api, firm, intake, intake_json, live, person, post, staff_in

MORTGAGE = "不动产抵押登记"  # 2 days, yellow 1 day before
FIRST = "不动产首次登记"  # 5 days
TRANSFER = "不动产转移登记"  # 3 days
ADVANCE = "不动产预告登记"  # 3 days
BUSINESS = "企业设立登记"  # 市场监督管理局


def numbers(response) -> list[str]:
    return re.findall(r'data-testid="case-row" data-number="(\d+)"', response.content.decode())


def test_the_case_list_narrows_by_item_department_body_period_and_status_group(catalog, today, login):
    mortgage = intake("clerk", MORTGAGE)
    business = intake("clerk", BUSINESS)
    today.set(date(2025, 9, 3))
    later = intake("clerk", MORTGAGE, applicant=person(name="李四", id_number=OTHER_PERSON_ID))
    at_hall = ZoneInfo("Asia/Shanghai")
    Case.objects.filter(pk=mortgage.pk).update(submitted_at=datetime(2025, 9, 1, 23, 30, tzinfo=at_hall))
    Case.objects.filter(pk=later.pk).update(submitted_at=datetime(2025, 9, 3, 0, 10, tzinfo=at_hall))
    leader = login("leader")

    def listed(**query):
        return set(numbers(leader.get("/cases/", query)))

    assert listed(item=live(MORTGAGE).item_id) == {mortgage.number, later.number}
    business_department = Department.objects.get(name="市场监督管理局").pk
    assert listed(department=business_department) == {business.number}
    assert listed(body=ServiceBody.objects.get(name="新泰市政务服务中心").pk) >= {
        mortgage.number,
        business.number,
    }
    assert listed(submitted_from="2025-09-02", submitted_to="2025-09-03") == {later.number}
    assert listed(submitted_to="2025-09-01", item=live(MORTGAGE).item_id) == {mortgage.number}
    assert listed(status="open", item=live(MORTGAGE).item_id) == {mortgage.number, later.number}
    assert listed(window=mortgage.window_id, item=live(MORTGAGE).item_id) == {mortgage.number, later.number}
    page = leader.get("/cases/", {"submitted_from": "2025-09-04", "submitted_to": "2025-09-01"})
    assert "结束日期不能早于开始日期" in page.content.decode() and numbers(page) == []


def test_the_list_shows_its_total_and_sorts(catalog, today, login):
    first = intake("clerk", MORTGAGE)
    today.set(date(2025, 9, 2))
    second = intake("clerk", FIRST)
    leader = login("leader")
    page = leader.get("/cases/", {"item": live(MORTGAGE).item_id})
    assert re.search(r'data-testid="list-total" data-total="1"', page.content.decode())
    assert numbers(leader.get("/cases/", {"sort": "oldest"}))[:2] == [first.number, second.number]
    assert numbers(leader.get("/cases/", {"sort": "newest"}))[:2] == [second.number, first.number]
    # deadlines: the mortgage (2 days from Sep 1) ends Sep 3, the first registration (5 from Sep 2) Sep 9
    assert numbers(leader.get("/cases/", {"sort": "deadline"}))[:2] == [first.number, second.number]


def test_the_export_is_the_filtered_list_in_its_order_with_personal_data_masked(catalog, today, login):
    first = intake("clerk", MORTGAGE)
    second = intake("clerk", MORTGAGE, applicant=person(name="李四", id_number=OTHER_PERSON_ID))
    intake("clerk", BUSINESS)
    response = login("clerk").get(
        "/cases/", {"item": live(MORTGAGE).item_id, "sort": "oldest", "export": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="cases-20250901.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("办件编号", "办件名称", "办件类型")
    assert [r[0] for r in rows[1:]] == [first.number, second.number]
    ids = {r[5] for r in rows[1:]}
    assert PERSON_ID not in ids and OTHER_PERSON_ID not in ids and all("*" in i for i in ids)
    assert all("*" in r[6] for r in rows[1:])  # phones masked too
    assert PERSON_ID in login("clerk").get(f"/cases/{first.number}/").content.decode()  # whole on the page


def test_the_overdue_list_filters_and_exports_too(catalog, today, login):
    mortgage = intake("clerk", MORTGAGE)
    business = intake("clerk", BUSINESS)
    today.set(date(2025, 12, 1))
    leader = login("leader")
    assert set(numbers(leader.get("/cases/overdue/"))) == {mortgage.number, business.number}
    assert numbers(leader.get("/cases/overdue/", {"item": live(BUSINESS).item_id})) == [business.number]
    exported = leader.get("/cases/overdue/", {"item": live(BUSINESS).item_id, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [business.number]


def test_a_desk_puts_red_first_then_yellow_then_the_nearest_deadline(catalog, today, login):
    ItemVersion.objects.filter(name=FIRST, status="published").update(yellow_threshold_days=4)
    ItemVersion.objects.filter(name=TRANSFER, status="published").update(yellow_threshold_days=0)
    today.set(date(2025, 8, 25))
    red = intake("clerk", ADVANCE)  # deadline Aug 28
    today.set(date(2025, 9, 1))
    first = intake("clerk", FIRST)  # deadline Sep 8, yellow from Sep 2
    transfer = intake("clerk", TRANSFER)  # deadline Sep 4, yellow only on the day
    mortgage = intake("clerk", MORTGAGE)  # deadline Sep 3, yellow from Sep 2
    today.set(date(2025, 9, 3))
    desk = numbers(login("reviewer2").get("/cases/inbox/"))
    assert desk == [red.number, mortgage.number, first.number, transfer.number]
    by_deadline = list(
        Case.objects.filter(pk__in=[red.pk, first.pk, transfer.pk, mortgage.pk]).order_by("due_on")
    )
    assert [c.number for c in by_deadline] != desk  # the order is not merely the deadline's
    listed = api("reviewer2").get("/api/v1/cases", {"sort": "urgency", "department": red.department_id})
    assert [c["number"] for c in listed.json()["items"]] == desk


def test_the_inbox_narrows_by_the_same_filters(catalog, today, login):
    mortgage = intake("clerk", MORTGAGE)
    first = intake("clerk", FIRST)
    desk = numbers(login("reviewer2").get("/cases/inbox/", {"item": live(FIRST).item_id}))
    assert desk == [first.number] and mortgage.number not in desk


def test_home_counters_link_to_the_list_of_what_they_count(catalog, today, login):
    today.set(date(2025, 8, 25))
    red = intake("clerk", ADVANCE)
    today.set(date(2025, 9, 3))
    intake("clerk", FIRST)
    reviewer = login("reviewer2")
    home = reviewer.get("/home/reviewer/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="count-link-red">(\d+)<', home)
    assert link and link.group(2) == "1"
    assert numbers(reviewer.get(link.group(1).replace("&amp;", "&"))) == [red.number]
    clerk_home = login("clerk").get("/home/window_clerk/").content.decode()
    assert 'data-testid="count-link-fees"' in clerk_home and "fees=unsettled" in clerk_home


def test_the_api_list_takes_the_same_filters_and_refuses_unknown_values(catalog, today):
    mortgage = intake("clerk", MORTGAGE)
    intake("clerk", BUSINESS)
    client = api("leader")
    listed = client.get("/api/v1/cases", {"item": live(MORTGAGE).item_id, "status": "open"})
    assert [c["number"] for c in listed.json()["items"]] == [mortgage.number]
    assert client.get("/api/v1/cases", {"sort": "sideways"}).status_code == 422
    assert client.get("/api/v1/cases", {"status": "nearly"}).status_code == 422


def test_urgent_first_reads_any_page_as_one_sorted_list_would(catalog, today):
    """The desk's order, read part by part (red, yellow, rest), gives every page exactly as sorting the
    whole desk would."""
    from onewindow.cases import listing, selectors
    from onewindow.org.permissions import actor_of
    from onewindow.timelimits import reading

    ItemVersion.objects.filter(name=FIRST, status="published").update(yellow_threshold_days=4)
    today.set(date(2025, 8, 25))
    made = [intake("clerk", ADVANCE), intake("clerk", MORTGAGE)]
    today.set(date(2025, 9, 1))
    made += [intake("clerk", name) for name in (FIRST, TRANSFER, MORTGAGE, FIRST, TRANSFER)]
    today.set(date(2025, 9, 3))
    from django.contrib.auth import get_user_model

    desk = selectors.department_inbox(actor_of(get_user_model().objects.get(username="reviewer2")))
    rank = {"red": 0, "yellow": 1}
    expected = sorted(desk, key=lambda c: rank.get(reading.warning_on(c, today.value), 2))  # stable
    assert [rank.get(reading.warning_on(c, today.value), 2) for c in expected][:3] == [0, 0, 1]
    urgent = listing.urgent_first(desk)
    n = len(expected)
    for start in range(n + 1):
        for stop in range(start, n + 2):
            assert [c.pk for c in urgent[start:stop]] == [c.pk for c in expected[start:stop]], (start, stop)
    assert [c.pk for c in urgent[2:]] == [c.pk for c in expected[2:]]


def test_each_desk_of_the_api_inbox_is_its_roles_own(catalog, today):
    """A reviewer's inbox has no window desk: the body's window work holds other departments' cases,
    outside a reviewer's scope (it answered them before); a window clerk has no department desk."""
    case = intake("clerk", BUSINESS)
    from onewindow.cases.models import Case as CaseModel

    CaseModel.objects.filter(pk=case.pk).update(fees_settled=False)
    reviewer = api("reviewer2").get("/api/v1/cases/inbox").json()
    assert reviewer["window"] == [] and case.number not in str(reviewer)
    clerk = api("clerk").get("/api/v1/cases/inbox").json()
    assert clerk["department"] == [] and clerk["tasks"] == []


def test_the_api_inbox_pages_are_urgent_firsts_compiled_once(catalog, today):
    """The API's inbox reads each desk's first page from parts compiled once (`listing.PreparedDesk`, a
    date bound anew each day): for every page size, exactly what `urgent_first` gives, cases and tasks."""
    from django.contrib.auth import get_user_model
    from django.db import connections

    from onewindow.cases import listing, selectors
    from onewindow.org.permissions import actor_of
    from onewindow.timelimits import reading

    staff_in("生态环境局", "sthj")
    joint = "企业投资项目联合审批（工程建设许可阶段）"
    ItemVersion.objects.filter(name=FIRST, status="published").update(yellow_threshold_days=4)
    today.set(date(2025, 8, 1))
    for name in (ADVANCE, MORTGAGE):
        intake("clerk", name)
    for _ in range(2):
        post(api("clerk"), "/cases", intake_json(joint, applicant=firm()))
    today.set(date(2025, 9, 1))
    for name in (FIRST, TRANSFER, MORTGAGE, FIRST, TRANSFER):
        intake("clerk", name)
    for _ in range(2):
        post(api("clerk"), "/cases", intake_json(joint, applicant=firm()))
    today.set(date(2025, 9, 3))
    intake("clerk", FIRST)  # yellow from Sep 4
    users = get_user_model().objects
    levels = {"cases": set(), "tasks": set()}
    for username, day in (
        ("reviewer2", date(2025, 9, 3)),
        ("sthj", date(2025, 9, 3)),
        ("sthj", date(2025, 11, 20)),
    ):
        today.set(day)
        actor = actor_of(users.get(username=username))
        cases = list(listing.urgent_first(selectors.department_inbox(actor))[0:100])
        tasks = list(listing.urgent_first(selectors.task_inbox(actor))[0:100])
        assert cases or tasks
        levels["cases"] |= {reading.warning_on(c, day) for c in cases}
        levels["tasks"] |= {reading.warning_on(t, day) for t in tasks}
        for limit in range(1, max(len(cases), len(tasks)) + 2):
            page_cases, page_tasks = selectors.desk_pages(actor, limit, day)
            assert [c.pk for c in page_cases] == [c.pk for c in cases[:limit]], (username, day, limit)
            assert [t.pk for t in page_tasks] == [t.pk for t in tasks[:limit]], (username, day, limit)
        shown = api(username).get("/api/v1/cases/inbox", {"limit": 3}).json()
        assert [c["number"] for c in shown["department"]] == [c.number for c in cases[:3]]
        assert [t["id"] for t in shown["tasks"]] == [t.pk for t in tasks[:3]]
    assert levels["cases"] == {"red", "yellow", "normal"} and len(levels["tasks"]) >= 2, levels
    # Compiled once per connection and row limit (rounded up to a step), whatever the day.
    parts = [
        p._key
        for desk in (selectors._DEPARTMENT_DESK, selectors._TASK_DESK)
        for p in (desk.warned, desk.rest)
    ]
    plans = [key for key in connections["default"].__dict__ if key.startswith(tuple(parts))]
    assert 0 < len(plans) <= 2 * 2 * len(listing.LIMIT_STEPS), plans
