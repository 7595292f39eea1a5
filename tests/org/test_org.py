import pytest
from django.core.exceptions import ValidationError

from onewindow.audit.models import AuditEvent
from onewindow.org.models import (
    Department,
    Division,
    DivisionLevel,
    ServiceBody,
    Staff,
    Tier,
    Window,
    WindowKind,
)
from onewindow.org.roles import Role
from onewindow.org.services import set_roles


@pytest.mark.parametrize(
    ("code", "level", "parent_code", "field"),
    [
        ("37098200000", DivisionLevel.COUNTY, "370900000000", "code"),  # 11 digits
        ("370982001000", DivisionLevel.COUNTY, "370900000000", "code"),  # county code with town digits
        ("371082000000", DivisionLevel.COUNTY, "370900000000", "code"),  # not inside its parent
        ("370982003000", DivisionLevel.TOWN, None, "parent"),  # a town needs a parent
        ("370982001009", DivisionLevel.VILLAGE, "370982001001", "parent"),  # parent is not higher
    ],
)
def test_division_codes_are_checked(demo_county, code, level, parent_code, field):
    parent = Division.objects.get(code=parent_code) if parent_code else None
    with pytest.raises(ValidationError) as caught:
        Division(code=code, name="x", level=level, parent=parent).full_clean()
    assert field in caught.value.message_dict


def test_a_division_prefix_covers_the_divisions_inside_it(demo_county):
    county = Division.objects.get(code="370982000000")
    assert county.prefix == "370982"
    inside = Division.objects.filter(code__startswith=county.prefix).count()
    assert inside == 7  # the county, 2 towns, 4 villages


def test_body_tier_must_match_its_division(demo_county):
    town = Division.objects.get(code="370982100000")
    with pytest.raises(ValidationError):
        ServiceBody(name="x", tier=Tier.CITY, division=town).full_clean()


def test_department_window_needs_a_department_of_the_same_hall(demo_county):
    town = ServiceBody.objects.get(name="东都镇便民服务中心")
    market = Department.objects.get(name="市场监督管理局")
    with pytest.raises(ValidationError):
        Window(body=town, number="Z1", name="x", kind=WindowKind.DEPARTMENT).full_clean()
    with pytest.raises(ValidationError):
        Window(body=town, number="Z1", name="x", kind=WindowKind.DEPARTMENT, department=market).full_clean()
    with pytest.raises(ValidationError):
        Window(
            body=town, number="Z1", name="x", kind=WindowKind.COMPREHENSIVE, department=market
        ).full_clean()


def test_chief_representative_must_hold_the_role_in_that_department(demo_county):
    market = Department.objects.get(name="市场监督管理局")
    market.chief_representative = Staff.objects.get(user__username="reviewer")  # reviewer only
    with pytest.raises(ValidationError):
        market.full_clean()
    market.chief_representative = Staff.objects.get(user__username="reviewer2")  # another department
    with pytest.raises(ValidationError):
        market.full_clean()


ADMIN_PAGES = ["division", "servicebody", "department", "window", "staff"]


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_admin_pages_for_the_organisation(demo_county, login, model):
    admin = login("admin")
    assert admin.get(f"/admin/org/{model}/").status_code == 200
    assert admin.get(f"/admin/org/{model}/add/").status_code == 200
    first = {
        "division": Division,
        "servicebody": ServiceBody,
        "department": Department,
        "window": Window,
        "staff": Staff,
    }[model].objects.first()
    assert admin.get(f"/admin/org/{model}/{first.pk}/change/").status_code == 200


def test_admin_changes_are_audited_with_before_and_after(demo_county, login):
    market = Department.objects.get(name="市场监督管理局")
    response = login("admin").post(
        f"/admin/org/department/{market.pk}/change/",
        {
            "body": market.body_id,
            "name": market.name,
            "short_name": "市监",
            "approval_section": "行政审批服务科",
            "chief_representative": market.chief_representative_id,
            "sort_order": market.sort_order,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="org.department.update")
    assert event.before["short_name"] == "市场监管"
    assert event.after["short_name"] == "市监"
    assert event.actor_label == "admin"


def test_role_changes_in_the_admin_are_audited(demo_county, login):
    staff = Staff.objects.get(user__username="reviewer")
    response = login("admin").post(
        f"/admin/org/staff/{staff.pk}/change/",
        {
            "user": staff.user_id,
            "full_name": staff.full_name,
            "phone": staff.phone,
            "body": staff.body_id,
            "department": staff.department_id,
            "window": "",
            "roles": ["reviewer", "agent"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(staff.role_assignments.values_list("role", flat=True)) == {"reviewer", "agent"}
    event = AuditEvent.objects.filter(action="org.staff.roles", object_id=str(staff.pk)).latest("id")
    assert event.before == {"roles": ["reviewer"]}
    assert event.after == {"roles": ["agent", "reviewer"]}


def test_non_admin_staff_are_refused_by_the_admin_not_sent_round_in_circles(demo_county, login):
    response = login("supervisor").get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_the_administrator_role_and_the_superuser_flag_agree(demo_county, django_user_model):
    staff = Staff.objects.get(user__username="supervisor")
    set_roles(actor=None, staff=staff, roles=[Role.SUPERVISOR, Role.ADMIN])
    staff.user.refresh_from_db()
    assert staff.user.is_superuser and staff.user.is_staff
    set_roles(actor=None, staff=staff, roles=[Role.SUPERVISOR])
    staff.user.refresh_from_db()
    assert not staff.user.is_superuser and not staff.user.is_staff


def test_losing_the_chief_rep_role_unnames_the_chief_representative(demo_county):
    chief = Staff.objects.get(user__username="chief")
    set_roles(actor=None, staff=chief, roles=[Role.REVIEWER])
    assert Department.objects.get(name="市场监督管理局").chief_representative is None


def test_a_body_must_sit_inside_its_parents_area(demo_county):
    qingyun = ServiceBody.objects.get(name="青云街道便民服务中心")
    dongdu_village = Division.objects.get(code="370982100201")
    with pytest.raises(ValidationError):
        ServiceBody(name="x", tier=Tier.VILLAGE, division=dongdu_village, parent=qingyun).full_clean()
    center = ServiceBody.objects.get(tier=Tier.CITY)
    county = Division.objects.get(code="370982000000")
    with pytest.raises(ValidationError):
        ServiceBody(name="y", tier=Tier.CITY, division=county, parent=center).full_clean()


def test_a_village_code_needs_its_own_digits(demo_county):
    county = Division.objects.get(code="370982000000")
    with pytest.raises(ValidationError):
        Division(code="370982000201", name="x", level=DivisionLevel.VILLAGE, parent=county).full_clean()


def test_department_windows_are_staffed_by_their_department(demo_county):
    property_reviewer = Staff.objects.get(user__username="reviewer2")
    property_reviewer.window = Window.objects.get(number="B01")  # the market regulator's window
    with pytest.raises(ValidationError):
        property_reviewer.full_clean()


def test_reviewers_need_a_department_in_the_admin(demo_county, login):
    staff = Staff.objects.get(user__username="agent")
    response = login("admin").post(
        f"/admin/org/staff/{staff.pk}/change/",
        {
            "user": staff.user_id,
            "full_name": staff.full_name,
            "phone": "",
            "body": staff.body_id,
            "department": "",
            "window": "",
            "roles": ["reviewer"],
        },
    )
    assert response.status_code == 200
    assert "须指定所属部门" in response.content.decode()


def test_inline_edits_and_user_groups_are_audited(demo_county, login, django_user_model):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="值班长")
    user = django_user_model.objects.get(username="clerk")
    response = login("admin").post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "username": "clerk",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "groups": [group.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.filter(action="accounts.user.update").latest("id")
    assert event.after["groups"] == [group.pk]
    assert "password" not in event.after
