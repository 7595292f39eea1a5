"""The demo's supervision: member units with contacts and valid credit codes, matters from every source
in every state, one urged up to on-site supervision with findings, some closed with replies and
follow-up calls, cards from the demo's late cases, last month's report published; loaded only once."""

import pytest
from stdnum.cn import uscc

from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import load_demo_cases
from onewindow.demo.supervision import TELECOM, load_demo_supervision
from onewindow.org.models import Department
from onewindow.supervision.choices import MatterStatus, Source, UrgingMethod
from onewindow.supervision.models import Card, Circulation, Matter, MemberUnit, Urging


@pytest.fixture
def demo_cases_loaded(demo_county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_catalog.load_demo_catalog()
    load_demo_cases(count=60)


def test_the_demo_holds_matters_from_every_source_in_every_state(demo_cases_loaded):
    result = load_demo_supervision()
    assert result["created"] >= 13 and result["matters"] == Matter.objects.count()

    assert set(Matter.objects.values_list("source", flat=True)) == set(Source.values)
    assert set(Matter.objects.values_list("status", flat=True)) == set(MatterStatus.values)
    onsite = Urging.objects.filter(method=UrgingMethod.ONSITE).exclude(findings="")
    assert onsite.exists(), "a matter urged up to on-site supervision, with the supervisors' findings"
    replied = Matter.objects.filter(status=MatterStatus.CLOSED).exclude(reply="").exclude(follow_up="")
    assert replied.count() >= 3
    assert Matter.objects.filter(reopened_at__isnull=False).exists()
    assert Matter.objects.exclude(respondent_unit=None).exists()
    # every step's time is on its service day
    for matter in Matter.objects.prefetch_related("events"):
        assert all(e.at.astimezone().date() == e.day for e in matter.events.all()), matter.number
    # the seed's first visitor: his dead line, closed by the telecom unit with a reply
    line = Matter.objects.get(lead_unit__name=TELECOM[0])
    assert (line.status, line.requester_phone, line.follow_up) == ("closed", "13905381234", "satisfied")

    assert Card.objects.filter(level="red").count() == Matter.objects.filter(source=Source.CARD).count() > 0
    report = Circulation.objects.get()
    assert any(row["received"] for row in report.rows)


def test_every_unit_is_a_member_with_a_contact_and_a_valid_credit_code(demo_cases_loaded):
    load_demo_supervision()
    units = MemberUnit.objects.select_related("contact__staff", "department")
    assert units.count() == Department.objects.count()
    for unit in units:
        assert uscc.is_valid(unit.credit_code) and unit.credit_code.startswith("11370982"), unit
        assert unit.contact.staff.department == unit.department and unit.phone
    assert units.get(department__name=TELECOM[0]).contact.username == "telecom"


def test_loading_twice_changes_nothing(demo_cases_loaded):
    load_demo_supervision()
    before = (Matter.objects.count(), Card.objects.count(), Urging.objects.count())
    assert load_demo_supervision()["created"] == 0
    assert (Matter.objects.count(), Card.objects.count(), Urging.objects.count()) == before
