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
