"""The card board in the browser's HTML and through the API: who reads cards, the filters and the tally,
and the withdrawal (摘牌) with its reason."""

import re
from datetime import date

import pytest

from onewindow.supervision.cards import raise_cards
from onewindow.supervision.models import Card
from tests.cases.conftest import intake


@pytest.fixture
def carded(catalog, today):
    """Two cases of one department carded yellow, the first red too by 2 March 2026."""
    today.set(date(2026, 1, 5))
    first = intake("clerk", "工伤认定")
    today.set(date(2026, 1, 20))
    second = intake("clerk", "工伤认定")
    today.set(second.yellow_on)
    raise_cards()
    today.set(date(2026, 3, 2))
    raise_cards()
    assert Card.objects.filter(level="yellow").count() == 2 and Card.objects.filter(level="red").count() == 1
    return first, second, today


def test_supervisors_and_leaders_read_the_board_others_are_refused(carded, login):
    for username in ("supervisor", "leader"):
        page = login(username).get(
            "/supervision/cards/", {"raised_from": "2026-01-01", "raised_to": "2026-03-31"}
        )
        text = page.content.decode()
        assert page.status_code == 200 and text.count('data-card="JC') == Card.objects.count()
        assert 'data-testid="card-tally"' in text
    assert login("clerk").get("/supervision/cards/").status_code == 403
    assert login("reviewer").get("/api/v1/supervision/cards").status_code == 403


def test_the_board_filters_by_level_and_tallies_per_department(carded, login):
    first, _second, _today = carded
    page = login("supervisor").get(
        "/supervision/cards/", {"raised_from": "2026-01-01", "raised_to": "2026-03-31", "level": "red"}
    )
    text = page.content.decode()
    reds = Card.objects.filter(level="red").count()
    listed = re.findall(r'<tr data-card="(JC\d+)" data-level="(\w+)"', text)
    assert len(listed) == reds and {level for _number, level in listed} == {"red"}
    tally = page.context["tally"]
    assert tally == [
        {
            "department_id": first.department_id,
            "department__name": first.department.name,
            "yellow": 0,
            "red": reds,
            "withdrawn": 0,
        }
    ]
    bad = login("supervisor").get(
        "/supervision/cards/", {"raised_from": "2026-03-31", "raised_to": "2026-01-01"}
    )
    assert "结束日期不能早于开始日期" in bad.content.decode() and 'data-card="JC' not in bad.content.decode()


def test_a_supervisor_withdraws_on_the_board_with_a_reason(carded, login):
    card = Card.objects.filter(level="yellow").order_by("pk").first()
    supervisor = login("supervisor")
    refused = supervisor.post(f"/supervision/cards/{card.number}/withdraw/", {"reason": " "}, follow=True)
    assert "请填写摘牌理由" in refused.content.decode()
    card.refresh_from_db()
    assert not card.withdrawn
    done = supervisor.post(
        f"/supervision/cards/{card.number}/withdraw/", {"reason": "申请人主动撤回材料补正，已核实"}
    )
    assert done.status_code == 302
    card.refresh_from_db()
    assert card.withdrawn and card.withdraw_reason == "申请人主动撤回材料补正，已核实"
    assert (
        login("leader").post(f"/supervision/cards/{card.number}/withdraw/", {"reason": "x"}).status_code
        == 403
    )


def test_the_api_lists_reads_and_withdraws_cards(carded, login):
    api = login("supervisor")
    listed = api.get("/api/v1/supervision/cards", {"level": "yellow", "raised_from": "2026-01-01"}).json()
    assert len(listed["items"]) == 2 and listed["next_offset"] is None
    first = listed["items"][-1]
    assert first["level_code"] == "1" and first["rule_code"] == "SX-01" and first["number"].startswith("JC")
    one = api.get(f"/api/v1/supervision/cards/{first['number']}").json()
    assert one == first
    withdrawn = api.post(
        f"/api/v1/supervision/cards/{first['number']}/withdraw",
        {"reason": "误报"},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["withdraw_reason"] == "误报"
    again = api.post(
        f"/api/v1/supervision/cards/{first['number']}/withdraw",
        {"reason": "误报"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "already_withdrawn"
    leader = login("leader").post(
        f"/api/v1/supervision/cards/{listed['items'][0]['number']}/withdraw",
        {"reason": "x"},
        content_type="application/json",
    )
    assert leader.status_code == 403
    period = api.get("/api/v1/supervision/cards", {"raised_from": "2026-03-01", "raised_to": "2026-01-01"})
    assert period.status_code == 422
    assert api.get("/api/v1/supervision/cards/JC0000").status_code == 404


def test_the_board_keeps_its_period_from_page_to_page(carded, login):
    """The board opens on this month (March 2026: no card yet) and keeps that period on ?page=; emptied
    dates ask for every period."""
    supervisor = login("supervisor")
    assert Card.objects.filter(raised_on__gte=date(2026, 3, 1)).count() == 0
    assert supervisor.get("/supervision/cards/").content.decode().count('<tr data-card="JC') == 0
    assert supervisor.get("/supervision/cards/", {"page": 1}).content.decode().count('<tr data-card="JC') == 0
    everything = supervisor.get("/supervision/cards/", {"raised_from": "", "raised_to": "", "page": 1})
    assert everything.content.decode().count('<tr data-card="JC') == 3


def test_the_tally_equals_the_cards_counted_for_every_filter(carded, login):
    """The board sums the kept tally; counted straight from the cards (in Python), each filter and state
    gives the same figures, also after a withdrawal and a second sweep the same day."""
    from onewindow.supervision.cards import withdraw_card
    from onewindow.supervision.models import CardTally
    from tests.supervision.test_matters import user

    def counted(state="", level="", period=("2026-01-01", "2026-03-31")):
        rows = {}
        for card in Card.objects.select_related("department"):
            day = card.raised_on.isoformat()
            if not period[0] <= day <= period[1] or (level and card.level != level):
                continue
            withdrawn = card.withdrawn_at is not None
            if (state == "open" and withdrawn) or (state == "withdrawn" and not withdrawn):
                continue
            entry = rows.setdefault(card.department_id, {"yellow": 0, "red": 0, "withdrawn": 0})
            entry["withdrawn" if withdrawn else card.level] += 1
        return {k: v for k, v in rows.items() if any(v.values())}

    def shown(state="", level="", period=("2026-01-01", "2026-03-31")):
        query = {"raised_from": period[0], "raised_to": period[1], "state": state, "level": level}
        tally = login("leader").get("/supervision/cards/", query).context["tally"]
        return {r["department_id"]: {k: r[k] for k in ("yellow", "red", "withdrawn")} for r in tally}

    withdraw_card(actor=user("supervisor"), card=Card.objects.filter(level="yellow").first(), reason="误报")
    carded[2].set(date(2026, 3, 2))
    raise_cards()  # the same day again: nothing new, the day's counts recounted the same
    assert CardTally.objects.exists()
    for state in ("", "open", "withdrawn"):
        for level in ("", "yellow", "red"):
            for period in (
                ("2026-01-01", "2026-03-31"),
                ("2026-03-01", "2026-03-31"),
                ("2026-04-01", "2026-04-30"),
            ):
                assert shown(state, level, period) == counted(state, level, period), (state, level, period)
