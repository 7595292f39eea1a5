"""The circulated report (通报): its figures equal counts made independently from the raw rows, it ranks
the units, and once published it does not change when later matters arrive."""

from collections import Counter
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from onewindow.org.models import Department, ServiceBody
from onewindow.supervision import circulation, ladder
from onewindow.supervision.cards import raise_cards
from onewindow.supervision.matter_services import NewMatter, register_matter, take
from onewindow.supervision.models import Card, Circulation, MatterEvent, Urging
from onewindow.timelimits import sweep
from tests.cases.conftest import intake

from .walk import working_days_after

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def user(name):
    return get_user_model().objects.get(username=name)


def matter(today, day, unit, title, *, requester=True):
    today.set(day)
    new = NewMatter("complaint", title, "内容", requester_phone="13805380000" if requester else "")
    made = register_matter(actor=user("supervisor"), body=ServiceBody.objects.get(parent=None), new=new)
    return take(actor=user("supervisor"), matter=made, action="assign", data={"lead_unit": unit.pk})


def a_month_of_supervision(today):
    """March 2026 at the market regulator (reviewer) and the real-estate centre (reviewer2)."""
    market = Department.objects.get(name="市场监督管理局")
    realty = Department.objects.get(name="不动产登记中心")
    office = user("supervisor")
    # market: fed back in time, replied, followed up satisfied, closed after 3 working days
    first = matter(today, date(2026, 3, 2), market, "一")
    take(actor=user("reviewer"), matter=first, action="feed_back", data={"text": "已办"})
    today.set(date(2026, 3, 5))
    take(actor=office, matter=first, action="reply", data={"text": "已答复"})
    take(actor=office, matter=first, action="follow_up", data={"result": "satisfied"})
    take(actor=office, matter=first, action="close")
    # realty: late, urged up two rungs by the sweep, then fed back late
    second = matter(today, date(2026, 3, 9), realty, "二")
    for day in (date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)):
        today.set(day)
        ladder.climb_late(on=day)
    today.set(date(2026, 3, 13))
    take(actor=user("reviewer2"), matter=second, action="feed_back", data={"text": "迟到的反馈"})
    take(actor=office, matter=second, action="reply", data={"text": "答复"})
    take(actor=office, matter=second, action="follow_up", data={"result": "unsatisfied"})
    take(actor=office, matter=second, action="close")
    # market: one more, still open; urged by hand once
    third = matter(today, date(2026, 3, 16), market, "三", requester=False)
    take(actor=office, matter=third, action="urge", data={"text": "电话"})
    # realty: a matter assigned in April is outside the period
    matter(today, date(2026, 4, 1), realty, "四")
    # cards: a case of the market regulator left alone until it is red, one yellow card withdrawn
    today.set(date(2026, 1, 5))
    case = intake("clerk", "工伤认定")
    for day in (case.yellow_on, date(2026, 3, 20)):
        today.set(day)
        sweep.refresh_due()
        raise_cards()
    return market, realty, case.department


def independent(unit: Department) -> dict:
    """The row of one unit counted straight from the tables, walking rows in Python."""
    start, end = MARCH
    events = [e for e in MatterEvent.objects.all() if e.department_id == unit.pk and start <= e.day <= end]
    urgings = [u for u in Urging.objects.all() if u.unit_id == unit.pk and start <= u.day <= end]
    cards = [c for c in Card.objects.all() if c.department_id == unit.pk and start <= c.raised_on <= end]
    closings = [
        e
        for e in MatterEvent.objects.filter(action="close")
        if e.matter.lead_unit_id == unit.pk and start <= e.day <= end
    ]
    days = [working_days_after(e.matter.assigned_on, e.day) for e in closings]
    followed = [e for e in events if e.action == "follow_up"]
    methods = Counter(u.method for u in urgings)
    return {
        "received": sum(e.action == "assign" for e in events),
        "fed_back": sum(e.action == "feed_back" for e in events),
        "fed_back_on_time": sum(e.action == "feed_back" and e.late_days == 0 for e in events),
        "urging_notices": methods["notice"],
        "urgings": len(urgings),
        "yellow_cards": sum(c.level == "yellow" and c.withdrawn_at is None for c in cards),
        "red_cards": sum(c.level == "red" and c.withdrawn_at is None for c in cards),
        "withdrawn_cards": sum(c.withdrawn_at is not None for c in cards),
        "closed": len(closings),
        "average_days_to_close": round(sum(days) / len(days), 1) if days else None,
        "followed_up": len(followed),
        "satisfied": sum(e.result in ("satisfied", "basically") for e in followed),
    }


def test_the_figures_equal_independent_counts_and_rank_the_units(catalog, today):
    market, realty, carded = a_month_of_supervision(today)
    today.set(date(2026, 4, 2))
    centre = ServiceBody.objects.get(parent=None)
    rows = {row["unit_id"]: row for row in circulation.figures(centre, *MARCH)}
    for unit in {market, realty, carded}:
        row = rows[unit.pk]
        assert {key: row[key] for key in independent(unit)} == independent(unit), unit.name
    # the figures the scenario was built to give, so the independent counts cannot both be wrong
    assert (rows[market.pk]["received"], rows[market.pk]["fed_back_on_time"], rows[market.pk]["urgings"]) == (
        2,
        1,
        1,
    )
    assert rows[carded.pk]["red_cards"] == 1 and rows[carded.pk]["yellow_cards"] == 0  # yellow in February
    assert rows[market.pk]["average_days_to_close"] == 3.0 and rows[market.pk]["satisfied"] == 1
    assert rows[realty.pk]["by_method"]["phone"] == 1 and rows[realty.pk]["urging_notices"] == 1
    assert (
        rows[realty.pk]["fed_back"],
        rows[realty.pk]["fed_back_on_time"],
        rows[realty.pk]["satisfied"],
    ) == (1, 0, 0)
    # ranked: units without red cards or urgings first; a red card ranks last, then the most urged
    ranked = [row["unit_id"] for row in sorted(rows.values(), key=lambda row: row["rank"])]
    assert ranked[-1] == carded.pk and ranked[-3:-1] == [market.pk, realty.pk]
    assert sorted(row["rank"] for row in rows.values()) == list(range(1, len(rows) + 1))
    # a withdrawn card is counted apart, not against the unit
    red = Card.objects.get(level="red")
    red.withdrawn_at, red.withdrawn_by, red.withdraw_reason = timezone.now(), user("supervisor"), "系统故障"
    red.save()
    rows = {row["unit_id"]: row for row in circulation.figures(centre, *MARCH)}
    assert (rows[carded.pk]["red_cards"], rows[carded.pk]["withdrawn_cards"]) == (0, 1)
    assert rows[carded.pk] | {"rank": 0} == {**rows[carded.pk], **independent(carded), "rank": 0}


def test_a_published_report_is_frozen_while_the_draft_moves_on(catalog, today, login):
    _market, realty, _carded = a_month_of_supervision(today)
    today.set(date(2026, 4, 2))
    page = login("supervisor")
    published = page.post("/supervision/reports/publish/", {"start": "2026-03-01", "end": "2026-03-31"})
    report = Circulation.objects.get()
    assert published.status_code == 302 and published.url == f"/supervision/reports/{report.pk}/"
    before = report.rows
    # more matters for March arrive later (registered late, dated in the period by the service day)
    matter(today, date(2026, 3, 30), realty, "五")
    report.refresh_from_db()
    assert report.rows == before
    draft = page.get(
        "/api/v1/supervision/circulations/figures", {"start": "2026-03-01", "end": "2026-03-31"}
    ).json()
    assert {r["unit_id"]: r["received"] for r in draft}[realty.pk] == 2
    frozen = page.get(f"/api/v1/supervision/circulations/{report.pk}").json()
    assert {r["unit_id"]: r["received"] for r in frozen["rows"]}[realty.pk] == 1
    shown = page.get(f"/supervision/reports/{report.pk}/").content.decode()
    assert f'data-unit="{realty.name}"' in shown
    sheet = page.get(f"/supervision/reports/{report.pk}/excel/")
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    printed = page.get(f"/supervision/reports/{report.pk}/print/report/").content.decode()
    assert report.title in printed
    assert login("leader").get(f"/supervision/reports/{report.pk}/").status_code == 200
    assert login("reviewer").get("/supervision/reports/").status_code == 403
    bad = page.get("/supervision/reports/", {"start": "2026-03-31", "end": "2026-03-01"}).content.decode()
    assert "结束日期不能早于开始日期。" in bad
