"""Online application and the applicant's own cases: who may apply, the checklist with uploads and the
certificate library, files checked by content, supplement and withdrawal, and only one's own cases."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onewindow.cases.applied import applied_for
from onewindow.cases.choices import Channel, Provision, Status
from onewindow.cases.models import Case
from onewindow.catalog.models import Bundle, ItemVersion
from onewindow.certificates.models import Certificate
from onewindow.org.models import Department
from tests.cases.conftest import do

from .conftest import PDF, PERSON_ID, intake, live, pdf

ITEM = "不动产抵押登记"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def apply_url(version):
    return f"/guide/item/{version.implementation_code}/apply/"


def form_data(materials, choices=None, files=None, default="paper"):
    """A filled-in checklist: `choices` by material name, files by material name (uploads)."""
    choices, files = choices or {}, files or {}
    data = {}
    for m in materials:
        if m.name in files:
            data[f"provision-{m.pk}"] = "upload"
            data[f"file-{m.pk}"] = files[m.name]
        else:
            data[f"provision-{m.pk}"] = choices.get(m.name, default)
    if materials:  # the first answer to each "one of" fee question (房屋用途: 住宅)
        from onewindow.cases.applied import applied_for

        questions = applied_for(item_code=materials[0].version.implementation_code).fee_questions
        data.update({f"fee_{n}": q.options[0] for n, q in enumerate(questions) if q.one_of})
    return data


def test_the_guide_offers_online_application_from_pre_review_up(catalog):
    version = live(ITEM)
    assert version.online_depth >= 2
    assert (
        'data-testid="apply-online"'
        in Client().get(f"/guide/item/{version.implementation_code}/").content.decode()
    )
    ItemVersion.objects.filter(pk=version.pk).update(online_depth=1)
    text = Client().get(f"/guide/item/{version.implementation_code}/").content.decode()
    assert 'data-testid="apply-online"' not in text
    assert Client().get(apply_url(version)).status_code == 404


def test_sign_in_is_needed_and_staff_are_refused_kindly(catalog, login):
    version = live(ITEM)
    response = Client().get(apply_url(version))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={apply_url(version)}"
    refused = login("clerk").post(apply_url(version), {})
    assert refused.status_code == 403
    assert 'data-testid="citizens-only"' in refused.content.decode()
    assert not Case.objects.exists()


def test_the_form_lists_the_checklist_and_the_certificates_on_file(
    citizen, today, django_assert_max_num_queries
):
    version = live(ITEM)
    with django_assert_max_num_queries(12):
        page = citizen.client.get(apply_url(version))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('data-testid="apply-line"') == version.materials.count()
    assert "将从电子证照库调取" not in text
    assert PERSON_ID not in text  # the applicant's own ID is shown masked
    Certificate.objects.create(
        certificate_type="居民身份证",
        number="370982199003150011-1",
        holder_name="张三",
        holder_id_number=PERSON_ID,
        holder_id_digest=citizen.id_digest,
        valid_from=today.value.replace(year=2020),
        issuer=Department.objects.get(name="不动产登记中心"),
    )
    text = citizen.client.get(apply_url(version)).content.decode()
    assert text.count("将从电子证照库调取") == 1


def test_an_online_application_lands_in_pre_review_with_the_files(
    citizen, today, django_assert_max_num_queries
):
    version = live(ITEM)
    materials = list(version.materials.all())
    response = citizen.client.post(
        apply_url(version), form_data(materials, files={"不动产登记申请书": pdf("张三 申请书.pdf")})
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/guide/my/{case.number}/"
    assert (case.status, case.channel, case.citizen_id) == (Status.PREREVIEW, Channel.ONLINE, citizen.user_id)
    assert case.applicant_id_number == PERSON_ID and case.body == version.department.body
    uploaded = case.materials.get(name="不动产登记申请书")
    assert uploaded.provision == Provision.UPLOAD
    assert uploaded.file.read() == PDF
    assert "张三" not in uploaded.file.name  # stored under a plain name
    assert case.materials.get(name="抵押合同").provision == Provision.PAPER
    with django_assert_max_num_queries(10):
        page = citizen.client.get(response["Location"])
    text = page.content.decode()
    assert case.number in text and case.query_code in text
    assert 'data-testid="receipt-code"' in text
    assert citizen.client.get(f"/guide/my/{case.number}/material/{uploaded.pk}/").status_code == 200


def test_a_bad_file_is_refused_with_a_message_on_its_line(citizen, today):
    version = live(ITEM)
    materials = list(version.materials.all())
    text_file = SimpleUploadedFile("contract.pdf", b"just some text", content_type="application/pdf")
    page = citizen.client.post(
        apply_url(version), form_data(materials, files={"不动产登记申请书": text_file})
    )
    assert page.status_code == 422
    assert "只接受 PDF、JPG、PNG 或 OFD 文件" in page.content.decode()
    assert not Case.objects.exists()


def test_every_required_line_needs_an_answer(citizen, today):
    version = live(ITEM)
    materials = list(version.materials.all())
    data = form_data(materials, choices={"抵押合同": "missing"})
    data[f"provision-{materials[0].pk}"] = "upload"  # but no file
    page = citizen.client.post(apply_url(version), data)
    assert page.status_code == 422
    text = page.content.decode()
    assert "请选择提供方式。" in text and "请选择要上传的文件。" in text
    assert not Case.objects.exists()


def test_a_bundle_is_applied_for_with_its_merged_list(citizen, today):
    from onewindow.catalog import selectors

    bundle = Bundle.objects.get(code="YJS-BDCJY")
    merged = selectors.merged_materials(selectors.bundle_items(bundle))
    page = citizen.client.get(f"/guide/bundle/{bundle.code}/apply/")
    assert page.content.decode().count('data-testid="apply-line"') == len(merged)
    assert page.content.decode().count('data-question="房屋用途"') == 1  # asked once for the whole bundle
    data = {f"provision-{m.material_id}": "paper" for m in merged if m.source != "department"}
    refused = citizen.client.post(f"/guide/bundle/{bundle.code}/apply/", data)
    assert refused.status_code == 422 and "请选择“房屋用途”" in refused.content.decode()
    questions = [q.text for q in applied_for(bundle_code=bundle.code).fee_questions]
    data[f"fee_{questions.index('房屋用途')}"] = "住宅"
    response = citizen.client.post(f"/guide/bundle/{bundle.code}/apply/", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.bundle, case.kind, case.status) == (bundle, "joint", Status.PREREVIEW)
    assert case.materials.count() == len(merged)
    assert case.fee_answers["房屋用途"] == "住宅"


def test_my_cases_show_only_my_own(citizen, other_citizen, today, django_assert_max_num_queries):
    mine = intake("clerk", ITEM)  # taken in at the window for my ID: it is mine too
    theirs = intake("clerk", ITEM, applicant=_other())
    assert mine.citizen_id == citizen.user_id and theirs.citizen_id == other_citizen.user_id
    with django_assert_max_num_queries(8):
        page = citizen.client.get("/guide/my/")
    text = page.content.decode()
    assert mine.number in text and theirs.number not in text
    assert citizen.client.get(f"/guide/my/{mine.number}/").status_code == 200
    for path in ("", "material/1/"):
        assert citizen.client.get(f"/guide/my/{theirs.number}/{path}").status_code == 404
    for path in ("withdraw/", "upload/"):
        assert citizen.client.post(f"/guide/my/{theirs.number}/{path}", {"version": 1}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.ACCEPTED


def _other():
    from tests.cases.conftest import OTHER_PERSON_ID, person

    return person(name="李四", id_number=OTHER_PERSON_ID, phone="13905380001")


def test_my_cases_refuse_staff_and_ask_strangers_to_sign_in(catalog, login):
    assert login("clerk").get("/guide/my/").status_code == 403
    assert Client().get("/guide/my/")["Location"].startswith("/accounts/login/?next=/guide/my/")


def _applied(citizen, version):
    citizen.client.post(apply_url(version), form_data(list(version.materials.all())))
    return Case.objects.get()


def test_the_applicant_uploads_what_the_one_time_notice_asked_for(citizen, today):
    version = live(ITEM)
    case = _applied(citizen, version)
    contract = case.materials.get(name="抵押合同")
    do("clerk", case, "request_supplement", missing_ids=[contract.pk])
    page = citizen.client.get(f"/guide/my/{case.number}/")
    text = page.content.decode()
    assert 'data-testid="missing-alert"' in text and 'data-testid="upload-form"' in text
    version_field = re.search(r'name="version" value="(\d+)"', text).group(1)

    bad = citizen.client.post(
        f"/guide/my/{case.number}/upload/",
        {
            "version": version_field,
            "action": "supplement",
            f"file-{contract.pk}": SimpleUploadedFile("a.pdf", b"no"),
        },
    )
    assert bad.status_code == 422 and "只接受 PDF、JPG、PNG 或 OFD 文件" in bad.content.decode()

    done = citizen.client.post(
        f"/guide/my/{case.number}/upload/",
        {"version": version_field, "action": "supplement", f"file-{contract.pk}": pdf()},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    contract.refresh_from_db()
    assert case.status == Status.ACCEPTED and contract.provision == Provision.UPLOAD


def test_the_applicant_withdraws_while_allowed_with_the_current_version(citizen, today):
    case = _applied(citizen, live(ITEM))
    stale = citizen.client.post(
        f"/guide/my/{case.number}/withdraw/", {"version": case.version + 5}, follow=True
    )
    assert "办件已被他人更新" in stale.content.decode()
    case.refresh_from_db()
    assert case.status == Status.PREREVIEW
    assert 'data-testid="withdraw"' in stale.content.decode()
    citizen.client.post(f"/guide/my/{case.number}/withdraw/", {"version": case.version, "reason": "不办了"})
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    page = citizen.client.get(f"/guide/my/{case.number}/").content.decode()
    assert 'data-testid="withdraw"' not in page and 'data-action="withdraw"' in page
