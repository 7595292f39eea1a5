"""The demo's proxy service: requests in every step from received to the follow-up call, materials handed
between the tiers (one hand-over left unconfirmed and flagged), two key projects tied to their companies'
cases; loaded only once."""

import pytest

from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import load_demo_cases
from onewindow.demo.proxy import load_demo_proxy
from onewindow.proxy.choices import ProxyStatus
from onewindow.proxy.models import Appointment, Entrustment, Handover, KeyProject, ProxyRequest


@pytest.fixture
def demo_cases_loaded(demo_county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_catalog.load_demo_catalog()
    load_demo_cases(count=60)


def test_the_demo_holds_proxy_requests_in_every_step_and_two_key_projects(demo_cases_loaded):
    assert Entrustment.objects.exists()  # the demo's agent cases rest on entrustments
    result = load_demo_proxy()
    assert result["created"] and result["requests"] == ProxyRequest.objects.count()
    assert set(ProxyRequest.objects.values_list("status", flat=True)) == set(ProxyStatus.values)
    assert ProxyRequest.objects.filter(status=ProxyStatus.FOLLOWED_UP).exclude(satisfaction="").exists()
    assert Handover.objects.filter(confirmed_at__isnull=False).exists()
    assert Handover.objects.filter(confirmed_at__isnull=True, warning="red").exists()
    assert KeyProject.objects.count() == 2
    assert Appointment.objects.filter(vehicle__isnull=False, request__priority="elderly").exists()
    assert all(p.steps.exclude(case=None).exists() for p in KeyProject.objects.all())
    again = load_demo_proxy()
    assert not again["created"] and ProxyRequest.objects.count() == result["requests"]
