"""The demo county: its size, sound data, idempotent loading, and `onewindow demo --if-empty`."""

from onewindow.demo import county as demo
from onewindow.org.models import (
    Department,
    Division,
    DivisionLevel,
    ServiceBody,
    Staff,
    StaffRole,
    Tier,
    Window,
)
from onewindow.org.roles import Role


def test_demo_county_has_the_promised_size(demo_county):
    county = Division.objects.get(level=DivisionLevel.COUNTY)
    assert Division.objects.filter(level=DivisionLevel.TOWN, parent=county).count() >= 2
    assert Division.objects.filter(level=DivisionLevel.VILLAGE, code__startswith=county.prefix).count() >= 4
    center = ServiceBody.objects.get(tier=Tier.CITY)
    assert center.departments.count() >= 12
    assert center.windows.count() >= 10
    assert ServiceBody.objects.filter(tier=Tier.TOWN).exists()
    assert ServiceBody.objects.filter(tier=Tier.VILLAGE).count() >= 4
    assert set(StaffRole.objects.values_list("role", flat=True)) == set(Role.values)


def test_demo_data_passes_every_model_validation(demo_county):
    for model in (Division, ServiceBody, Department, Window, Staff):
        for obj in model.objects.all():
            obj.full_clean()


def test_demo_is_idempotent(demo_county):
    sizes = [m.objects.count() for m in (Division, ServiceBody, Department, Window, Staff, StaffRole)]
    demo.load_demo()
    assert [m.objects.count() for m in (Division, ServiceBody, Department, Window, Staff, StaffRole)] == sizes


def test_demo_if_empty_leaves_existing_data_alone(demo_county, capsys):
    from django.core.management import call_command

    call_command("demo", "--if-empty")
    assert "not loaded" in capsys.readouterr().out
