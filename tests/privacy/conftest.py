"""Fixtures for the personal-data tests: the demo county and catalog, a case with an uploaded file, and
media in a temporary directory so a test can lose a file on purpose."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.cases.services import MaterialInput
from tests.cases.conftest import (  # noqa: F401  (fixtures used by the tests here)
    OTHER_PERSON_ID,
    PERSON_ID,
    catalog,
    intake,
    live,
    person,
    today,
)

MORTGAGE = "不动产抵押登记"  # 不动产登记中心 decides it (reviewer2); clerk takes it in
PHONE = "13805381234"  # person()'s phone
PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def ofd_bytes(entry="OFD.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(entry, "<ofd:OFD/>")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def uploaded_case(catalog, today, media):  # noqa: F811
    """A mortgage case taken in by the clerk with its first material uploaded as a PDF whose file name
    holds the applicant's name and ID number."""
    version = live(MORTGAGE)
    first = version.materials.order_by("sort_order").first()
    materials = [
        MaterialInput(m.pk, "upload", SimpleUploadedFile(f"张三{PERSON_ID}.pdf", PDF))
        if m.pk == first.pk
        else MaterialInput(m.pk, "paper")
        for m in version.materials.all()
    ]
    case = intake("clerk", MORTGAGE, materials=materials)
    case.uploaded = case.materials.get(item_material=first)
    return case
