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
