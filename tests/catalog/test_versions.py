import pytest

from onewindow.audit.models import AuditEvent
from onewindow.catalog import services
from onewindow.catalog.choices import VersionStatus
from onewindow.catalog.models import ItemVersion
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.org.models import Department

from .conftest import mortgage_data


def test_publishing_a_new_version_leaves_the_old_one_as_a_case_saw_it(mortgage, django_user_model):
    admin = django_user_model.objects.get(username="admin")
    accepted_under = mortgage  # a case keeps a reference to the version it was accepted under
    seen_by_case = services.content_of(accepted_under)
    changed = mortgage_data(
        promised_limit_days=1,
        materials=[{"name": "不动产登记申请书", "requirement": "required", "form": "paper", "copies": 1}],
    )
    draft = services.save_draft(actor=admin, data=changed, item=mortgage.item)
    assert draft.version == 2 and draft.status == VersionStatus.DRAFT
    services.publish(actor=admin, version=draft)
    accepted_under.refresh_from_db()
    assert accepted_under.status == VersionStatus.RETIRED
    assert services.content_of(ItemVersion.objects.get(pk=accepted_under.pk)) == seen_by_case
    live = ItemVersion.objects.get(item=mortgage.item, status=VersionStatus.PUBLISHED)
    assert live.version == 2 and live.promised_limit_days == 1 and live.materials.count() == 1
    assert AuditEvent.objects.filter(action="catalog.item.publish").count() == 2


def test_a_published_version_is_never_edited_in_place(mortgage):
    draft = services.save_draft(actor=None, data={"name": "不动产抵押权登记"}, item=mortgage.item)
    assert draft.pk != mortgage.pk
    assert draft.materials.count() == 3  # a new draft starts from the published content
    mortgage.refresh_from_db()
    assert mortgage.name == "不动产抵押登记"


def test_only_drafts_are_published_and_only_published_retired(mortgage):
    with pytest.raises(Conflict):
        services.publish(actor=None, version=mortgage)
    services.retire(actor=None, version=mortgage)
    with pytest.raises(Conflict):
        services.retire(actor=None, version=mortgage)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"promised_limit_days": 40}, "promised_limit_days"),
        ({"case_kind": "immediate", "promised_limit_days": 1}, "promised_limit_days"),
        ({"case_kind": "report_up"}, "report_up_authority"),
        ({"steps": [{"name": "受理", "share_percent": 50}]}, "steps"),
        ({"special_procedures": ["magic"]}, "special_procedures"),
        ({"case_kind": "joint", "joint_departments": []}, "joint_departments"),
        ({"topics": ["nonexistent"]}, "topics"),
        ({"materials": [{"name": "营业执照", "source": "certificate"}]}, "materials[1].certificate_type"),
    ],
)
def test_bad_content_is_refused_with_a_clear_message(demo_county, topics, changes, field):
    with pytest.raises(Invalid) as caught:
        services.save_draft(actor=None, data=mortgage_data(**changes))
    assert field in caught.value.details
    assert not ItemVersion.objects.exists()


def test_a_joint_item_has_exactly_one_lead_which_is_its_department(demo_county, topics):
    lead = Department.objects.get(name="住房和城乡建设局")
    other = Department.objects.get(name="自然资源和规划局")
    joint = {"case_kind": "joint", "department": lead, "promised_limit_days": 20, "legal_limit_days": 45}
    two_leads = [
        {"department": lead.pk, "is_lead": True, "limit_days": 20},
        {"department": other.pk, "is_lead": True, "limit_days": 15},
    ]
    with pytest.raises(Invalid):
        services.save_draft(actor=None, data=mortgage_data(**joint, joint_departments=two_leads))
    wrong_lead = [
        {"department": lead.pk, "is_lead": False, "limit_days": 20},
        {"department": other.pk, "is_lead": True, "limit_days": 15},
    ]
    with pytest.raises(Invalid):
        services.save_draft(actor=None, data=mortgage_data(**joint, joint_departments=wrong_lead))
    good = [
        {"department": lead.pk, "is_lead": True, "limit_days": 20},
        {"department": other.pk, "is_lead": False, "limit_days": 15},
    ]
    draft = services.save_draft(actor=None, data=mortgage_data(**joint, joint_departments=good))
    assert draft.joint_departments.get(is_lead=True).department == lead


def test_codes_are_unique_among_live_versions(mortgage):
    with pytest.raises(Invalid) as caught:
        services.save_draft(actor=None, data=mortgage_data(name="另一个事项"))
    assert "implementation_code" in caught.value.details


def test_only_administrators_change_the_catalog(mortgage, django_user_model):
    reviewer = django_user_model.objects.get(username="reviewer")
    with pytest.raises(Forbidden):
        services.save_draft(actor=reviewer, data={"name": "x"}, item=mortgage.item)


def test_pinyin_keys_are_computed(mortgage):
    assert mortgage.name_initials == "bdcdydj"
    assert mortgage.name_pinyin == "budongchandiyadengji"


def test_a_new_version_keeps_the_materials_blank_forms(mortgage, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onewindow.catalog.models import ItemMaterial

    settings.MEDIA_ROOT = tmp_path
    material = ItemMaterial.objects.get(version=mortgage, name="抵押合同")
    material.blank_form = SimpleUploadedFile("合同.docx", b"x")
    material.save()
    draft = services.save_draft(actor=None, data={"promised_limit_days": 1}, item=mortgage.item)
    services.publish(actor=None, version=draft)
    assert draft.materials.get(name="抵押合同").blank_form.name == material.blank_form.name


def test_joint_departments_must_be_distinct_and_exist(demo_county, topics):
    lead = Department.objects.get(name="住房和城乡建设局")
    joint = {"case_kind": "joint", "department": lead, "promised_limit_days": 20, "legal_limit_days": 45}
    twice = [
        {"department": lead.pk, "is_lead": True, "limit_days": 20},
        {"department": lead.pk, "is_lead": False, "limit_days": 15},
    ]
    with pytest.raises(Invalid) as caught:
        services.save_draft(actor=None, data=mortgage_data(**joint, joint_departments=twice))
    assert "joint_departments" in caught.value.details
    ghost = [
        {"department": lead.pk, "is_lead": True, "limit_days": 20},
        {"department": 999999, "is_lead": False, "limit_days": 15},
    ]
    with pytest.raises(Invalid):
        services.save_draft(actor=None, data=mortgage_data(**joint, joint_departments=ghost))


@pytest.mark.parametrize("code", ["TEST/1", "测试编码", "a b"])
def test_codes_are_letters_digits_dots_and_dashes(demo_county, topics, code):
    with pytest.raises(Invalid) as caught:
        services.save_draft(actor=None, data=mortgage_data(implementation_code=code))
    assert "implementation_code" in caught.value.details


def test_codes_are_trimmed(mortgage):
    with pytest.raises(Invalid) as caught:
        services.save_draft(actor=None, data=mortgage_data(implementation_code=" TEST-BDC-DYDJ "))
    assert "implementation_code" in caught.value.details  # the same code as the live version


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"visits_required": 21}, "visits_required"), ({"legal_limit_days": 4000}, "legal_limit_days")],
)
def test_bounds_are_checked(demo_county, topics, changes, field):
    with pytest.raises(Invalid) as caught:
        services.save_draft(actor=None, data=mortgage_data(**changes))
    assert field in caught.value.details


def test_admin_attaches_a_blank_form_to_a_draft_only(mortgage, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onewindow.catalog.models import ItemMaterial

    settings.MEDIA_ROOT = tmp_path
    admin = login("admin")
    published = ItemMaterial.objects.get(version=mortgage, name="抵押合同")
    assert admin.get(f"/admin/catalog/itemmaterial/{published.pk}/change/").status_code == 200  # read only
    assert admin.post(f"/admin/catalog/itemmaterial/{published.pk}/change/", {}).status_code == 403
    response = admin.post(
        "/admin/catalog/itemversion/", {"action": "new_drafts", "_selected_action": [mortgage.pk]}
    )
    assert response.status_code == 302
    draft_material = ItemMaterial.objects.get(version__status="draft", name="抵押合同")
    upload = SimpleUploadedFile("合同.docx", b"blank")
    saved = admin.post(
        f"/admin/catalog/itemmaterial/{draft_material.pk}/change/", {"blank_form": upload, "sample": ""}
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    draft_material.refresh_from_db()
    assert draft_material.blank_form.read() == b"blank"
    assert AuditEvent.objects.filter(action="catalog.itemmaterial.update").exists()
