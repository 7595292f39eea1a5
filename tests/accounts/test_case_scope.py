"""`may_see` (one fetched case, checked in Python) agrees with `visible_cases` (the query) for every person
and every case of the demo county: one rule, read two ways."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from onewindow.cases import selectors
from onewindow.cases.models import Case, CaseTask
from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import load_demo_cases
from onewindow.errors import NotFound
from onewindow.org.models import Department, ServiceBody
from onewindow.org.permissions import actor_of
from onewindow.org.roles import Role
from tests.people import add_staff


@pytest.fixture
def demo_cases(demo_county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # online applicants upload their materials
    demo_catalog.load_demo_catalog()
    load_demo_cases(count=60)
    # People the demo does not have: a town supervisor, a reviewer holding several roles, staff without
    # a role or without a department, a superuser, a plain user.
    town = ServiceBody.objects.get(name="东都镇便民服务中心")
    center = ServiceBody.objects.get(name="新泰市政务服务中心")
    joint = CaseTask.objects.values_list("department_id", flat=True).first()
    department = Department.objects.get(pk=joint) if joint else Department.objects.first()
    add_staff("town_supervisor", town, Role.SUPERVISOR)
    add_staff("many_hats", center, Role.REVIEWER, Role.WINDOW_CLERK, Role.AGENT, department=department)
    add_staff("no_role", center, department=department)
    add_staff("reviewer_without_department", center, Role.REVIEWER)
    get_user_model().objects.create_superuser("root", password="pw-123456789")
    get_user_model().objects.create_user("nobody", password="pw-123456789")


def test_may_see_agrees_with_visible_cases_for_every_person_and_case(demo_cases):
    cases = list(Case.objects.select_related("body__division").prefetch_related("tasks"))
    assert len(cases) >= 60
    assert (
        any(c.tasks.all() for c in cases)
        and any(c.citizen_id for c in cases)
        and any(c.agent_id for c in cases)
    )
    people = [AnonymousUser(), *get_user_model().objects.order_by("pk")]
    assert len(people) > 30
    seen_by_someone = set()
    for user in people:
        actor = actor_of(user)
        visible = set(selectors.visible_cases(actor).values_list("pk", flat=True))
        seen_by_someone |= visible
        for case in cases:
            assert selectors.may_see(actor, case, list(case.tasks.all())) == (case.pk in visible), (
                user,
                case.number,
            )
    assert seen_by_someone == {c.pk for c in cases}


def test_case_for_finds_exactly_the_visible_cases_and_answers_out_of_scope_like_unknown(demo_cases):
    numbers = dict(Case.objects.values_list("pk", "number"))
    for username in ("reviewer2", "chief_bdc", "many_hats", "agent", "citizen", "town_supervisor", "clerk"):
        actor = actor_of(get_user_model().objects.get(username=username))
        visible = set(selectors.visible_cases(actor).values_list("pk", flat=True))
        for pk, number in numbers.items():
            if pk in visible:
                assert selectors.case_for(actor, number).pk == pk
            else:
                with pytest.raises(NotFound):
                    selectors.case_for(actor, number)


def test_only_joint_cases_have_tasks_and_only_charged_cases_have_fees(demo_cases):
    """Case pages read tasks and fees only where these hold (cases.selectors._tasks_of, _fees_of)."""
    from onewindow.cases.models import CaseFee
    from onewindow.catalog.choices import CaseKind

    assert CaseTask.objects.exists() and CaseFee.objects.exists()
    assert not CaseTask.objects.exclude(case__kind=CaseKind.JOINT).exists()
    assert not CaseFee.objects.filter(case__fees_total=0).exists()
