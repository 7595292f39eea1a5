"""The applicant's own files on the portal: theirs only, private headers, a lost file is a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.cases.models import Case
from tests.portal.conftest import citizen, other_citizen  # noqa: F401  (fixtures)

from .conftest import MORTGAGE, PDF, PERSON_ID, live

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(citizen, today, media):  # noqa: F811
    """张三 applies online with the first material uploaded under a file name holding their ID."""
    version = live(MORTGAGE)
    materials = list(version.materials.order_by("sort_order"))
    data = {f"provision-{m.pk}": "paper" for m in materials}
    data[f"provision-{materials[0].pk}"] = "upload"
    data[f"file-{materials[0].pk}"] = SimpleUploadedFile(f"{PERSON_ID}.pdf", PDF, "application/pdf")
    data["fee_0"] = "住宅"  # 房屋用途
    response = citizen.client.post(f"/guide/item/{version.implementation_code}/apply/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    case.uploaded = case.materials.get(item_material=materials[0])
    return case


def _path(case):
    return f"/guide/my/{case.number}/material/{case.uploaded.pk}/"


def test_the_applicant_downloads_their_file_privately_and_nobody_else_does(
    applied,
    citizen,  # noqa: F811
    other_citizen,  # noqa: F811
):
    assert PERSON_ID not in applied.uploaded.file.name
    response = citizen.client.get(_path(applied))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert other_citizen.client.get(_path(applied)).status_code == 404


def test_a_lost_file_is_a_404_with_a_message_for_the_applicant(applied, citizen):  # noqa: F811
    applied.uploaded.file.storage.delete(applied.uploaded.file.name)
    response = citizen.client.get(_path(applied))
    assert response.status_code == 404 and "已不在存储中" in response.content.decode()
