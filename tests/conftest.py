import pytest
from django.test import Client

from onewindow.demo import county as demo


@pytest.fixture
def demo_county(db):
    """The demo county, loaded into the test database."""
    demo.load_demo()
    return demo


@pytest.fixture
def login():
    """A client signed in as a demo user."""

    def make(username: str) -> Client:
        from django.contrib.auth import get_user_model

        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return make


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test sees the calendar of its own database, not one cached by an earlier test."""
    from onewindow.workcalendar.services import forget_cached_calendar

    forget_cached_calendar()
    yield
    forget_cached_calendar()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (zh-hans): a request in English activates English for the
    thread and leaves it, so a later test's messages would otherwise depend on the order of tests."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
