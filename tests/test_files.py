"""The uploads module every app uses: the parts tests/privacy does not reach through the pages."""

from django.core.files.base import ContentFile
from django.test import RequestFactory

from onewindow.files import MissingFile, download_name, missing_file_page, stored_name


def test_a_download_is_named_by_its_record_without_what_file_systems_refuse():
    assert download_name("370982", '抵押/合同:"原件"?', 7) == "370982-抵押合同原件"
    assert download_name("DB370982202611240001", "<>|*", 7) == "DB370982202611240001-7"


def test_a_stored_name_is_random_with_the_sniffed_extension():
    names = {stored_name(ContentFile(b"%PDF-1.7 x", name="王小明-身份证.pdf")) for _ in range(20)}
    assert len(names) == 20 and all(n.endswith(".pdf") and "王" not in n for n in names)


def test_a_lost_file_is_a_404_page_with_its_message(db):
    response = missing_file_page(RequestFactory().get("/"), MissingFile())
    assert response.status_code == 404 and "已不在存储中" in response.content.decode()
