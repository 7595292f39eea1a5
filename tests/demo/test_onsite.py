"""The demo's office days: five leaders with their portfolios, the 2026 rota, the seed's session closed
with its decision carried out, the latest sessions still supervised; loaded only once."""

from datetime import date

import pytest

from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import load_demo_cases
from onewindow.demo.onsite import load_demo_onsite
from onewindow.demo.proxy import load_demo_proxy
from onewindow.onsite.models import Decision, Leader, Minutes, OfficeDay
from onewindow.supervision.choices import MatterStatus, Source

TODAY = date(2026, 12, 7)


@pytest.fixture
def demo_loaded(demo_county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_catalog.load_demo_catalog()
    load_demo_cases(count=60)
    load_demo_proxy(today=TODAY)


def test_the_demo_holds_the_rota_and_sessions_in_every_state(demo_loaded):
    result = load_demo_onsite(today=TODAY)
    assert result["created"] and Leader.objects.count() == 5
    assert OfficeDay.objects.filter(day=date(2026, 10, 8), planned_on=date(2026, 10, 7)).exists()
    seed = OfficeDay.objects.get(day=date(2026, 3, 11))
    assert seed.status == "closed"
    border = Decision.objects.get(session=seed)
    assert border.unit.name == "公安局" and border.due_on == date(2026, 3, 12)
    assert border.matter.source == Source.ONSITE and border.matter.status == MatterStatus.CLOSED
    assert Minutes.objects.filter(status="issued").count() == result["walked"]
    assert Decision.objects.exclude(matter__status=MatterStatus.CLOSED).exists()  # still supervised
    held = OfficeDay.objects.filter(day__lt=TODAY)
    assert not held.filter(status="scheduled").exists()
    assert (
        held.filter(status="held").exists()
        and OfficeDay.objects.filter(day__gt=TODAY, status="scheduled").exists()
    )
    again = load_demo_onsite(today=TODAY)
    assert not again["created"] and OfficeDay.objects.count() == result["sessions"]
