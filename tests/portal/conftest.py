"""Fixtures for the public case pages: the demo county and catalog, citizens with accounts, tiny files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onewindow.accounts.services import register_citizen
from tests.cases.conftest import (  # noqa: F401  (fixtures used by the tests here)
    OTHER_PERSON_ID,
    PERSON_ID,
    catalog,
    intake,
    live,
    person,
    today,
)

PASSWORD = "Qingyun-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def citizen(catalog):  # noqa: F811
    """A registered person (张三, PERSON_ID) and a Client signed in as them."""
    registered = register_citizen(username="zhangsan", password=PASSWORD, applicant=person())
    client = Client()
    client.force_login(registered.user)
    registered.client = client
    return registered


@pytest.fixture
def other_citizen(catalog):  # noqa: F811
    registered = register_citizen(
        username="lisi",
        password=PASSWORD,
        applicant=person(name="李四", id_number=OTHER_PERSON_ID, phone="13905380001"),
    )
    client = Client()
    client.force_login(registered.user)
    registered.client = client
    return registered
