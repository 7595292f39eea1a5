"""What the API offers is what the case page shows: for every member of staff and every case of the demo
county (every status, kind, channel and warning; joint cases with tasks; fees unpaid, paid, waivable or
not; deferred materials; extensions used up), the actions in the API's case detail equal the action
buttons on the case page, for the case and for each of its tasks. Both read the one case spec."""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from onewindow.cases import workflow
from onewindow.cases.choices import FeeState, Status
from onewindow.cases.models import Case, CaseFee
from onewindow.catalog.models import ItemVersion
from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import load_demo_cases
from onewindow.org.models import Staff

from .conftest import intake

pytestmark = pytest.mark.django_db

_FORM = re.compile(r'data-testid="form-([a-z_]+)(?:-(\d+))?"')


def _page_actions(html: str) -> tuple[list[str], dict[int, list[str]]]:
    case_level, by_task = [], {}
    for action, task in _FORM.findall(html):
        if task:
            by_task.setdefault(int(task), []).append(action)
        else:
            case_level.append(action)
    return case_level, by_task


def _cases_the_showcase_leaves_out():
    """Fees left unpaid (one case's waivable, one case's not: pay_fee offered on both, waive_fee on one)
    and a report-up item under review."""
    with_fees = ItemVersion.objects.filter(status="published", fees__isnull=False, case_kind="promised")
    made = [intake("clerk", version.name) for version in with_fees.distinct().order_by("pk")[:2]]
    CaseFee.objects.filter(case=made[0]).update(waivable=True)
    CaseFee.objects.filter(case=made[1]).update(waivable=False)
    assert not CaseFee.objects.filter(case__in=made).exclude(state=FeeState.UNPAID).exists()
    intake("clerk", ItemVersion.objects.filter(status="published", case_kind="report_up").first().name)


def test_the_api_and_the_page_offer_the_same_actions_to_everyone_on_every_case(
    demo_county, settings, tmp_path, login
):
    settings.MEDIA_ROOT = tmp_path
    demo_catalog.load_demo_catalog()
    load_demo_cases(count=0)  # the showcase: one or more cases of every status, kind, channel and warning
    _cases_the_showcase_leaves_out()
    staff = list(Staff.objects.select_related("user").order_by("user__username"))
    users = [s.user for s in staff] + list(get_user_model().objects.filter(is_superuser=True))
    cases = list(Case.objects.order_by("pk"))
    assert {c.status for c in cases} >= {s for s in Status.values if s != Status.WITHDRAWN} - {Status.CLOSED}
    compared, offered = 0, Counter()
    for user in {u.pk: u for u in users}.values():
        client = login(user.username)
        for case in cases:
            api = client.get(f"/api/v1/cases/{case.number}")
            page = client.get(f"/cases/{case.number}/")
            assert (api.status_code == 200) == (page.status_code == 200), (user.username, case.number)
            if api.status_code != 200:
                continue
            detail = api.json()
            page_case, page_tasks = _page_actions(page.content.decode())
            where = (user.username, case.number, case.status)
            assert detail["actions"] == page_case, where
            for task in detail["tasks"]:
                assert task["actions"] == page_tasks.get(task["id"], []), (*where, task["id"])
            compared += 1
            offered.update(detail["actions"])
            for task in detail["tasks"]:
                offered.update(task["actions"])
    # The walk reached every action of the case spec somewhere (so the comparison was not vacuous).
    assert compared > 100
    assert set(offered) >= {a for moves in workflow.ALLOWED.values() for a in moves} - {"supplement"}, offered
