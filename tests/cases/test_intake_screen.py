"""The comprehensive window's intake screen (/cases/intake/): who may use it, each outcome of an intake
through the form, the certificate library lookup, scope and masking, and fixed query counts."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.cases.choices import Channel, Provision, Status
from onewindow.cases.models import Case, CaseMaterial
from onewindow.catalog.models import ItemVersion
from onewindow.certificates.models import Certificate
from onewindow.org.models import Department, ServiceBody, Staff
from onewindow.org.roles import Role
from onewindow.org.services import set_roles
from onewindow.personal import id_digest

from .conftest import FIRM_CODE, PERSON_ID, entrusted, intake, live

MORTGAGE = "不动产抵押登记"  # promised, 2 days, 不动产登记中心; library lines for ID card and property
STARTUP = "企业设立登记"  # promised, 1 day, 市场监督管理局; one deferrable line
SOLE_TRADER = "个体工商户设立登记"  # immediate, 市场监督管理局


def new_url(version: ItemVersion) -> str:
    return f"/cases/intake/new/?item={version.implementation_code}"


def form_key(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return re.search(r'name="key" value="([^"]+)"', page.content.decode()).group(1)


def applicant(**changes) -> dict:
    data = {
        "applicant_kind": "person",
        "applicant_name": "张三",
        "applicant_id_number": PERSON_ID,
        "applicant_phone": "13805381234",
    }
    data.update(changes)
    return data


def lines(version: ItemVersion, provision="paper", **by_name) -> dict:
    """Every line of the checklist posted as `provision`, except those named (by material name)."""
    return {f"m-{m.pk}": by_name.get(m.name, provision) for m in version.materials.all()}


def post_intake(client, version, *, key=None, materials=None, **fields):
    url = new_url(version)
    data = {
        "key": key or form_key(client, url),
        "outcome": "take_in",
        **applicant(),
        **(lines(version) if materials is None else materials),
        **fee_choices(version),
    }
    data.update(fields)
    return client.post(url, data)


def fee_choices(version) -> dict:
    """The first answer to each "one of" fee question, as the screen's fields (fee_0, fee_1...)."""
    from onewindow.cases.applied import applied_for

    questions = applied_for(item_code=version.implementation_code).fee_questions
    return {f"fee_{n}": q.options[0] for n, q in enumerate(questions) if q.one_of}


def only_case() -> Case:
    return Case.objects.get()


# --- who may use it ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/cases/intake/", "/cases/intake/new/?item=x", "/cases/intake/37098220250901000001/"]
)
def test_anonymous_people_are_sent_to_sign_in(db, client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("username", ["reviewer", "reviewer2", "leader", "supervisor", "admin"])
def test_only_window_staff_may_take_in(catalog, login, username):
    client = login(username)
    assert client.get("/cases/intake/").status_code == 403
    assert client.get(new_url(live(MORTGAGE))).status_code == 403
    assert (
        client.post("/cases/intake/library/", {"item": live(MORTGAGE).implementation_code}).status_code == 403
    )


@pytest.mark.parametrize("username", ["clerk", "chief", "agent"])
def test_clerks_chief_representatives_and_agents_open_the_screen(catalog, login, username):
    page = login(username).get("/cases/intake/")
    assert page.status_code == 200
    assert 'data-testid="intake-title"' in page.content.decode()


# --- choosing the item --------------------------------------------------------------------------------


def test_items_are_found_by_pinyin_initials_and_bundles_are_offered(catalog, login):
    client = login("clerk")
    page = client.get("/cases/intake/?q=bdcdj").content.decode()
    assert MORTGAGE in page
    assert f"?item={live(MORTGAGE).implementation_code}" in page
    assert "我要开餐馆" in client.get("/cases/intake/").content.decode()


def test_the_search_answers_htmx_with_the_results_only(catalog, login):
    page = login("clerk").get("/cases/intake/?q=bdcdj", HTTP_HX_REQUEST="true").content.decode()
    assert MORTGAGE in page
    assert "<html" not in page and "today-intake" not in page


def test_an_unknown_or_retired_item_is_not_found(catalog, login):
    client = login("clerk")
    assert client.get("/cases/intake/new/?item=NO-SUCH-CODE").status_code == 404
    assert client.get("/cases/intake/new/?bundle=NO-SUCH-BUNDLE").status_code == 404
    assert client.get("/cases/intake/new/").status_code == 302


def test_the_form_lists_the_checklist_with_the_library_and_shared_lines(catalog, login):
    version = live(MORTGAGE)
    page = login("clerk").get(new_url(version)).content.decode()
    for material in version.materials.all():
        assert material.name in page
        if material.source == "certificate":  # taken from the library unless the clerk says otherwise
            assert re.search(
                rf'value="certificate"\s+data-testid="m-{material.pk}-certificate" checked', page
            )
        else:
            assert re.search(rf'value="missing"\s+data-testid="m-{material.pk}-missing" checked', page)
    assert "finish_now" not in page  # a promised item is not decided at the window


# --- the outcomes ------------------------------------------------------------------------------------


def test_complete_materials_are_accepted_and_the_receipt_shows_number_code_and_deadline(
    catalog, today, login
):
    client = login("clerk")
    version = live(MORTGAGE)
    response = post_intake(client, version, note="首次办理")
    case = only_case()
    assert response.status_code == 302 and response["Location"] == f"/cases/intake/{case.number}/"
    assert case.status == Status.ACCEPTED
    assert case.channel == Channel.WINDOW and case.window.number == "A01"
    assert case.received_by.username == "clerk" and case.visits == 1
    assert case.events.get(action="submit").note == "首次办理"
    receipt = client.get(response["Location"]).content.decode()
    assert 'data-outcome="accepted"' in receipt
    assert case.query_code in receipt and case.deadline.isoformat() in receipt
    assert PERSON_ID in receipt  # the clerk of the body that took it in sees the whole number
    assert f"/cases/{case.number}/print/receipt/" in receipt


def test_the_screen_asks_the_fee_questions_and_charges_only_the_owed_lines(catalog, today, login):
    client = login("clerk")
    version = live(MORTGAGE)
    form = client.get(new_url(version)).content.decode()
    assert 'data-question="房屋用途"' in form and "房屋用途为“住宅”时收取" in form
    unanswered = post_intake(client, version, fee_0="")
    assert unanswered.status_code == 422 and not Case.objects.exists()
    assert "请选择“房屋用途”：住宅、非住宅。" in unanswered.content.decode()
    post_intake(client, version, fee_0="非住宅")
    case = only_case()
    assert case.fee_answers == {"房屋用途": "非住宅"}
    assert [(f.name, f.amount) for f in case.fees.all()] == [("不动产登记费（非住宅）", Decimal("550.00"))]
    assert case.fees_total == Decimal("550.00")


def test_missing_required_materials_give_one_notice_listing_all_of_them(catalog, today, login):
    client = login("clerk")
    version = live(MORTGAGE)
    post_intake(client, version, materials=lines(version, 抵押合同="missing", 主债权合同="missing"))
    case = only_case()
    assert case.status == Status.AWAITING_SUPPLEMENT
    listed = set(CaseMaterial.objects.filter(case=case, in_notice=True).values_list("name", flat=True))
    assert {"抵押合同", "主债权合同"} <= listed
    receipt = client.get(f"/cases/intake/{case.number}/").content.decode()
    assert 'data-outcome="notice"' in receipt
    assert "抵押合同" in receipt and f"/cases/{case.number}/print/supplement/" in receipt
    assert "/print/receipt/" not in receipt


def test_a_missing_deferrable_material_with_a_signed_commitment_is_accepted_deferred(catalog, today, login):
    client = login("clerk")
    version = live(STARTUP)
    deferrable = version.materials.get(requirement="deferrable")
    materials = lines(version, **{deferrable.name: "missing"})
    post_intake(client, version, materials=materials, commitment_signed="on")
    case = only_case()
    assert case.status == Status.ACCEPTED and case.deferred and case.commitment_signed_at
    receipt = client.get(f"/cases/intake/{case.number}/").content.decode()
    assert 'data-outcome="deferred"' in receipt and deferrable.name in receipt


def test_without_the_commitment_a_missing_deferrable_material_is_asked_for(catalog, today, login):
    client = login("clerk")
    version = live(STARTUP)
    deferrable = version.materials.get(requirement="deferrable")
    post_intake(client, version, materials=lines(version, **{deferrable.name: "missing"}))
    assert only_case().status == Status.AWAITING_SUPPLEMENT


def test_refusal_at_the_window_needs_reason_and_basis_and_shows_both(catalog, today, login):
    client = login("clerk")
    version = live(MORTGAGE)
    key = form_key(client, new_url(version))
    refused = post_intake(client, version, key=key, outcome="return", return_reason="不属于本机关职权")
    assert refused.status_code == 422
    assert not Case.objects.exists()
    assert 'data-testid="error-return_basis"' in refused.content.decode()
    response = post_intake(
        client,
        version,
        key=key,
        outcome="return",
        return_reason="不属于本机关职权",
        return_basis="《行政许可法》第三十二条第一款第二项",
        commitment_signed="on",
    )
    assert response.status_code == 302
    case = only_case()
    assert case.status == Status.RETURNED
    receipt = client.get(response["Location"]).content.decode()
    assert 'data-outcome="refused"' in receipt
    assert "不属于本机关职权" in receipt and "第三十二条" in receipt
    assert f"/cases/{case.number}/print/return/" in receipt


def test_an_immediate_item_is_finished_on_the_spot_by_the_chief_representative(catalog, today, login):
    client = login("chief")
    version = live(SOLE_TRADER)
    assert 'data-testid="finish_now"' in client.get(new_url(version)).content.decode()
    response = post_intake(client, version, finish_now="on")
    case = only_case()
    assert case.finished_on_site and case.status == Status.CLOSED
    assert 'data-outcome="finished"' in client.get(response["Location"]).content.decode()


def test_a_clerk_without_the_authorisation_cannot_finish_on_the_spot(catalog, today, login):
    client = login("clerk")
    version = live(SOLE_TRADER)
    assert 'data-testid="finish_now"' not in client.get(new_url(version)).content.decode()
    response = post_intake(client, version, finish_now="on")  # a forged post
    assert response.status_code == 403
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not Case.objects.exists()


def test_a_bundle_is_taken_in_as_one_joint_case_with_its_merged_checklist(catalog, today, login):
    from onewindow.catalog import selectors as catalog_selectors
    from onewindow.catalog.models import Bundle

    client = login("clerk")
    bundle = Bundle.objects.get(code="YJS-KCG")
    merged = catalog_selectors.merged_materials(catalog_selectors.bundle_items(bundle))
    url = "/cases/intake/new/?bundle=YJS-KCG"
    page = client.get(url).content.decode()
    assert page.count('data-testid="line"') == len(merged)
    data = {"key": form_key(client, url), "outcome": "take_in", **applicant()}
    data.update({f"m-{m.material_id}": "paper" for m in merged})
    assert client.post(url, data).status_code == 302
    case = only_case()
    assert case.bundle == bundle and case.kind == "joint" and case.status == Status.ACCEPTED
    assert case.tasks.count() > 1


def test_an_agent_takes_in_for_a_principal_and_gets_the_query_code(catalog, today, login):
    client = login("agent")
    refused = post_intake(client, live(MORTGAGE))
    assert refused.status_code == 422 and "委托书" in refused.content.decode()  # none signed yet
    assert not Case.objects.exists()
    entrusted("agent")
    response = post_intake(client, live(MORTGAGE))
    case = only_case()
    assert case.channel == Channel.AGENT and case.agent.username == "agent" and case.visits == 0
    assert case.body.name == "东都镇便民服务中心" and case.window is None
    receipt = client.get(response["Location"]).content.decode()
    assert case.query_code in receipt  # for the principal
    assert PERSON_ID not in receipt  # the principal's ID number stays masked for the agent
    assert 'data-testid="today-row"' in client.get("/cases/intake/").content.decode()


# --- the applicant and the materials are checked ----------------------------------------------------


def test_a_wrong_id_number_is_refused_on_its_field_and_nothing_is_written(catalog, today, login):
    response = post_intake(login("clerk"), live(MORTGAGE), applicant_id_number="370982199003150012")
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-testid="error-applicant_id_number"' in page
    assert 'value="张三"' in page  # what was typed is kept
    assert not Case.objects.exists()


def test_an_organisation_needs_its_legal_representative(catalog, today, login):
    client = login("clerk")
    version = live(STARTUP)
    firm = {"applicant_kind": "organisation", "applicant_name": "新泰市青云餐饮有限公司"}
    response = post_intake(client, version, applicant_id_number=FIRM_CODE, **firm)
    assert response.status_code == 422
    assert 'data-testid="error-legal_representative"' in response.content.decode()
    response = post_intake(
        client, version, applicant_id_number=FIRM_CODE, legal_representative="李四", **firm
    )
    assert response.status_code == 302
    assert only_case().legal_representative == "李四"


def test_an_uploaded_material_is_stored_and_a_wrong_file_type_is_refused(
    catalog, today, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login("clerk")
    version = live(MORTGAGE)
    contract = version.materials.get(name="抵押合同")
    url = new_url(version)
    key = form_key(client, url)
    data = {"key": key, "outcome": "take_in", **applicant(), **lines(version), **fee_choices(version)}
    data[f"m-{contract.pk}"] = "missing"  # a file chosen for a line counts as uploaded
    data[f"f-{contract.pk}"] = SimpleUploadedFile(
        "contract.txt", b"not a pdf", content_type="application/pdf"
    )
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert 'data-testid="line-error"' in refused.content.decode()
    assert 'data-testid="files-dropped"' in refused.content.decode()
    assert not Case.objects.exists()
    data[f"f-{contract.pk}"] = SimpleUploadedFile(
        "contract.pdf", b"%PDF-1.7 contract", content_type="application/pdf"
    )
    assert client.post(url, data).status_code == 302
    line = CaseMaterial.objects.get(case=only_case(), name="抵押合同")
    assert line.provision == Provision.UPLOAD and line.file.read() == b"%PDF-1.7 contract"


def test_a_large_upload_kept_on_disk_is_taken_in(catalog, today, login, settings, tmp_path):
    """Uploads past FILE_UPLOAD_MAX_MEMORY_SIZE arrive as temporary files, which cannot be deep-copied
    (the intake fingerprint copies its input)."""
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = login("clerk")
    version = live(MORTGAGE)
    contract = version.materials.get(name="抵押合同")
    url = new_url(version)
    data = {
        "key": form_key(client, url),
        "outcome": "take_in",
        **applicant(),
        **lines(version),
        **fee_choices(version),
    }
    data[f"m-{contract.pk}"] = "upload"
    data[f"f-{contract.pk}"] = SimpleUploadedFile("big.pdf", b"%PDF-1.7 " + b"x" * 50_000)
    assert client.post(url, data).status_code == 302
    assert CaseMaterial.objects.get(case=only_case(), name="抵押合同").file.size > 50_000


def test_a_form_sent_twice_makes_one_case(catalog, today, login):
    client = login("clerk")
    version = live(MORTGAGE)
    key = form_key(client, new_url(version))
    first = post_intake(client, version, key=key)
    again = post_intake(client, version, key=key)
    assert Case.objects.count() == 1
    assert first["Location"] == again["Location"]
    followed = client.get(again["Location"])
    assert any("没有重复收件" in str(m) for m in followed.context["messages"])
    changed = post_intake(client, version, key=key, applicant_name="李四")
    assert changed.status_code == 409 and Case.objects.count() == 1
    assert key not in changed.content.decode()  # a fresh key: sending the changed form makes a new case


# --- the certificate library -------------------------------------------------------------------------


def test_the_library_lookup_marks_the_certificates_it_holds(catalog, today, login):
    Certificate.objects.create(
        certificate_type="不动产权证书",
        number="鲁(2024)新泰市不动产权第0001234号",
        holder_name="张三",
        holder_id_number=PERSON_ID,
        holder_id_digest=id_digest(PERSON_ID),
        valid_from=today.value.replace(year=2024),
        issuer=Department.objects.get(name="不动产登记中心"),
    )
    client = login("clerk")
    version = live(MORTGAGE)
    ask = {"item": version.implementation_code, "applicant_kind": "person", "applicant_id_number": PERSON_ID}
    page = client.post("/cases/intake/library/", ask).content.decode()
    property_line = version.materials.get(name="不动产权证书")
    id_line = version.materials.get(name="居民身份证")
    assert re.search(rf'id="library-{property_line.pk}"[^>]*hx-swap-oob="true">.*data-found="1"', page)
    assert re.search(rf'id="library-{id_line.pk}"[^>]*hx-swap-oob="true">.*data-found="0"', page)
    assert "第0001234号" in page
    bad = client.post("/cases/intake/library/", {**ask, "applicant_id_number": "123"}).content.decode()
    assert 'data-testid="library-invalid"' in bad and "data-found" not in bad
    # What the library holds is taken from it when the form leaves the line to the library.
    post_intake(client, version, materials=lines(version, 居民身份证="paper", 不动产权证书="certificate"))
    line = CaseMaterial.objects.get(case=only_case(), name="不动产权证书")
    assert line.provision == Provision.CERTIFICATE and line.certificate.number.endswith("0001234号")


# --- scope and personal data ---------------------------------------------------------------------


@pytest.fixture
def town_clerk(catalog):
    user = get_user_model().objects.create_user("town_clerk", password="pw-123456789")
    staff = Staff.objects.create(
        user=user,
        full_name="镇窗口",
        phone="13800000001",
        body=ServiceBody.objects.get(name="东都镇便民服务中心"),
    )
    set_roles(actor=None, staff=staff, roles=[Role.WINDOW_CLERK])
    return user


def test_a_case_outside_ones_scope_answers_like_an_unknown_number(catalog, today, login, town_clerk):
    case = intake("clerk", MORTGAGE)
    town = login("town_clerk")
    unknown = town.get("/cases/intake/37098220990101999999/")
    hidden = town.get(f"/cases/intake/{case.number}/")
    assert hidden.status_code == unknown.status_code == 404

    def plain(response, number):
        text = response.content.decode().replace(number, "N")
        return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", text)

    assert plain(hidden, case.number) == plain(unknown, "37098220990101999999")
    assert login("clerk2").get(f"/cases/intake/{case.number}/").status_code == 200  # same center


def test_a_chief_representative_sees_the_receipt_of_another_departments_item_he_took_in(
    catalog, today, login
):
    client = login("chief")
    response = post_intake(client, live(MORTGAGE))  # 不动产登记中心, not his department
    assert client.get(response["Location"]).status_code == 200


def test_todays_list_masks_id_numbers_and_shows_only_ones_own_intake(catalog, today, login):
    intake("clerk", MORTGAGE)
    intake("clerk2", MORTGAGE)
    page = login("clerk").get("/cases/intake/").content.decode()
    assert page.count('data-testid="today-row"') == 1
    assert PERSON_ID not in page and "370982********0011" in page


# --- fixed query counts --------------------------------------------------------------------------


def test_todays_list_runs_a_fixed_number_of_queries(catalog, today, login, django_assert_num_queries):
    client = login("clerk")
    intake("clerk", MORTGAGE)
    client.get("/cases/intake/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get("/cases/intake/")
    for _ in range(15):
        intake("clerk", MORTGAGE)
    with django_assert_num_queries(len(few)):
        page = client.get("/cases/intake/")
    assert page.content.decode().count('data-testid="today-row"') == 16


def test_the_form_runs_a_fixed_number_of_queries_whatever_the_checklist(
    catalog, login, django_assert_num_queries
):
    client = login("clerk")
    short, long = new_url(live(SOLE_TRADER)), new_url(live(MORTGAGE))  # 3 lines, 6 lines
    client.get(short)
    with CaptureQueriesContext(connection) as few:
        client.get(short)
    with django_assert_num_queries(len(few)):
        client.get(long)


def test_the_receipt_runs_a_fixed_number_of_queries_whatever_the_checklist(
    catalog, today, login, django_assert_num_queries
):
    client = login("clerk")
    short = intake("clerk", SOLE_TRADER)
    long = intake("clerk", MORTGAGE)
    client.get(f"/cases/intake/{short.number}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/cases/intake/{short.number}/")
    with django_assert_num_queries(len(few)):
        client.get(f"/cases/intake/{long.number}/")
