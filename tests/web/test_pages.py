import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

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

HOME_OF = {
    "admin": "admin",
    "leader": "leader",
    "supervisor": "supervisor",
    "clerk": "window_clerk",
    "chief": "chief_rep",
    "reviewer": "reviewer",
    "agent": "agent",
    "agent_village": "agent",
}


def test_landing_lists_the_service_bodies_for_the_public(demo_county, client):
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "新泰市政务服务中心" in text and "东都村便民服务站" in text
    assert "工作人员登录" in text


@pytest.mark.parametrize(("username", "role"), HOME_OF.items())
def test_each_role_lands_on_its_own_home(demo_county, login, username, role, django_assert_max_num_queries):
    client = login(username)
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"] == f"/home/{role}/"
    # The admin's home also checks next year's calendar: the loaded years and a count per waiting kind
    # (one more with each time-limited kind registered: the on-site minutes made it four).
    with django_assert_max_num_queries(14 + (4 if role == "admin" else 0)):
        page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'data-role="{role}"' in page.content.decode()


def test_signed_in_landing_goes_home(demo_county, login):
    assert login("clerk").get("/")["Location"] == "/home/"


def test_a_role_not_held_is_refused(demo_county, login):
    assert login("clerk").get("/home/leader/").status_code == 403
    assert login("clerk").get("/home/nonsense/").status_code == 403


def test_a_person_with_two_roles_can_open_both_homes(demo_county, login):
    chief = login("chief")
    assert chief.get("/home/reviewer/").status_code == 200
    assert "/home/reviewer/" in chief.get("/home/chief_rep/").content.decode()  # the switcher


def test_department_colleagues_show_masked_phones(demo_county, login):
    text = login("reviewer").get("/home/reviewer/").content.decode()
    assert "138****0006" in text
    assert "13805380006" not in text


def test_a_user_without_a_post_is_told_to_ask_for_one(db, client):
    user = get_user_model().objects.create_user("newcomer", password="pw-123456789")
    client.force_login(user)
    page = client.get("/home/")
    assert page.status_code == 403
    assert "尚未分配岗位" in page.content.decode()


def test_pages_need_login(db, client):
    response = client.get("/home/clerk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_navigation_follows_the_role(demo_county, login):
    assert "/admin/" in login("admin").get("/home/admin/").content.decode()
    assert 'href="/admin/"' not in login("clerk").get("/home/window_clerk/").content.decode()


# --- English is complete --------------------------------------------------------------------------

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
CHINESE_LANGUAGE_BUTTON = re.compile(r'<button[^>]*lang="zh-hans"[^>]*>.*?</button>', re.S)


@pytest.fixture
def english_county(db):
    """An organisation whose own data is ASCII, so any Chinese on a page is untranslated UI."""
    province = Division.objects.create(code="990000000000", name="Province", level=DivisionLevel.PROVINCE)
    county = Division.objects.create(
        code="990101000000", name="County", level=DivisionLevel.COUNTY, parent=province
    )
    town = Division.objects.create(code="990101001000", name="Town", level=DivisionLevel.TOWN, parent=county)
    center = ServiceBody.objects.create(name="Center", tier=Tier.CITY, division=county, address="1 Main St")
    ServiceBody.objects.create(name="Town Center", tier=Tier.TOWN, division=town, parent=center)
    dept = Department.objects.create(body=center, name="Market Bureau", approval_section="Approvals")
    Window.objects.create(body=center, number="A01", name="Intake", kind=WindowKind.COMPREHENSIVE)
    Window.objects.create(
        body=center, number="B01", name="Market", kind=WindowKind.DEPARTMENT, department=dept
    )
    users = {}
    for role in Role:
        user = get_user_model().objects.create_user(f"en_{role.value}", password="pw-123456789")
        staff = Staff.objects.create(
            user=user,
            full_name=f"Person {role.value}",
            phone="13800000000",
            body=center,
            department=dept if role in (Role.REVIEWER, Role.CHIEF_REP) else None,
        )
        set_roles(actor=None, staff=staff, roles=[role])
        users[role.value] = user
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save()
    return users


def english_page(client: Client, path: str) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(path)
    assert response.status_code in (200, 403, 404), (path, response.status_code)
    return CHINESE_LANGUAGE_BUTTON.sub("", response.content.decode())


@pytest.mark.parametrize("role", Role.values)
def test_every_home_page_is_complete_in_english(english_county, role):
    client = Client()
    client.force_login(english_county[role])
    text = english_page(client, f"/home/{role}/")
    assert 'lang="en"' in text
    assert not CJK.findall(text), CJK.findall(text)[:20]


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/"])
def test_public_pages_are_complete_in_english(english_county, path):
    text = english_page(Client(), path)
    assert not CJK.findall(text)


def test_token_page_and_refusals_are_complete_in_english(english_county):
    client = Client()
    client.force_login(english_county["window_clerk"])
    for path in ["/accounts/tokens/", "/home/leader/"]:
        assert not CJK.findall(english_page(client, path)), path


def test_calendar_pages_are_complete_in_english(english_county):
    from onewindow.workcalendar.models import CalendarDay

    CalendarDay.objects.update(name="Holiday")  # the shipped holiday names are data, in Chinese
    client = Client()
    client.force_login(english_county["admin"])
    for path in ["/calendar/", "/calendar/2026/", "/calendar/import/", "/calendar/notice/"]:
        found = CJK.findall(english_page(client, path))
        assert not found, (path, found[:20])


def test_the_english_catalog_has_no_untranslated_entry(capsys):
    call_command("translations", "check")


def test_pages_stay_chinese_for_an_english_browser_until_english_is_chosen(db, client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()


def test_public_guides_are_complete_in_english(english_county):
    from onewindow.catalog import services
    from onewindow.catalog.models import Bundle, BundleItem, Topic

    Topic.objects.create(code="startup", name="Starting a business", audience="enterprise")
    department = Department.objects.get(name="Market Bureau")
    data = {
        "basic_code": "B1",
        "implementation_code": "EN-1",
        "name": "Business licence",
        "item_type": "01",
        "tier": "county",
        "department": department,
        "legal_limit_days": 20,
        "promised_limit_days": 1,
        "case_kind": "promised",
        "conditions": "Adults only.",
        "location": "Window A01",
        "hours": "9-17",
        "phone": "0538",
        "proxyable_tiers": ["town"],
        "delegated_to_town": True,
        "topics": ["startup"],
        "materials": [
            {"name": "ID card", "source": "certificate", "certificate_type": "ID card"},
            {"name": "Articles", "requirement": "deferrable"},
        ],
        "fees": [{"name": "Fee", "amount": "10.00", "basis": "Rule 1", "waivable": True}],
        "steps": [{"name": "Accept", "share_percent": 50}, {"name": "Decide", "share_percent": 50}],
    }
    version = services.publish(actor=None, version=services.save_draft(actor=None, data=data))
    bundle = Bundle.objects.create(code="EN-B", name="Open a shop", description="All at once")
    BundleItem.objects.create(bundle=bundle, item=version.item)
    client = Client()
    for path in [
        "/guide/",
        "/guide/?q=bl",
        "/guide/?q=zzzz",
        "/guide/item/EN-1/",
        "/guide/item/EN-1/notice/",
        "/guide/bundle/EN-B/",
    ]:
        found = CJK.findall(english_page(client, path))
        assert not found, (path, found[:20])
