"""Scope across counties and tiers: nobody sees another county's bodies, and a town's staff see only
their town and its villages."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from onewindow.org.models import Division, DivisionLevel, ServiceBody, Staff, Tier
from onewindow.org.permissions import actor_of, bodies_in_scope
from onewindow.org.roles import Role
from onewindow.org.services import set_roles


def person(username, body, *roles):
    user = get_user_model().objects.create_user(username, password="pw-123456789")
    staff = Staff.objects.create(user=user, full_name=username, body=body)
    set_roles(actor=None, staff=staff, roles=roles)
    return user


@pytest.fixture
def neighbour_county(demo_county):
    """A second county beside the demo one, with its own center and town."""
    city = Division.objects.get(code="370900000000")
    county = Division.objects.create(
        code="370983000000", name="肥城市", level=DivisionLevel.COUNTY, parent=city
    )
    town = Division.objects.create(
        code="370983100000", name="石横镇", level=DivisionLevel.TOWN, parent=county
    )
    center = ServiceBody.objects.create(name="肥城市政务服务中心", tier=Tier.CITY, division=county)
    ServiceBody.objects.create(name="石横镇便民服务中心", tier=Tier.TOWN, division=town, parent=center)
    return center


def names(user):
    return set(bodies_in_scope(actor_of(user)).values_list("name", flat=True))


def test_a_county_leader_does_not_see_the_neighbouring_county(neighbour_county):
    leader = get_user_model().objects.get(username="leader")
    assert "肥城市政务服务中心" not in names(leader)
    assert "东都村便民服务站" in names(leader)
    other = person("feicheng_leader", neighbour_county, Role.LEADER)
    assert names(other) == {"肥城市政务服务中心", "石横镇便民服务中心"}


def test_a_town_supervisor_sees_the_town_and_its_villages_only(neighbour_county):
    town = ServiceBody.objects.get(name="东都镇便民服务中心")
    supervisor = person("dongdu_supervisor", town, Role.SUPERVISOR)
    assert names(supervisor) == {"东都镇便民服务中心", "东都村便民服务站", "小协村便民服务站"}


def test_the_api_follows_the_same_scope(neighbour_county):
    other = person("feicheng_clerk", neighbour_county, Role.WINDOW_CLERK)
    client = Client()
    client.force_login(other)
    bodies = {b["name"] for b in client.get("/api/v1/org/bodies").json()["items"]}
    assert bodies == {"肥城市政务服务中心"}
    xintai = ServiceBody.objects.get(name="新泰市政务服务中心")
    assert client.get(f"/api/v1/org/bodies/{xintai.pk}").status_code == 404
    departments = client.get(f"/api/v1/org/departments?body={xintai.pk}").json()
    assert departments["count"] == 0


def test_a_superuser_without_a_staff_record_sees_everything(neighbour_county):
    root = get_user_model().objects.create_superuser("root", password="pw-123456789")
    assert len(names(root)) == ServiceBody.objects.count()
