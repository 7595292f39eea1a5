"""Fixtures for cases: the demo county and catalog, applicants with valid IDs, and a movable 'today'."""

from datetime import date

import pytest

from onewindow.accounts.applicants import check_applicant
from onewindow.cases.services import ActionInput, IntakeInput, MaterialInput, act, take_in
from onewindow.catalog.models import ItemVersion
from onewindow.demo import catalog as demo_catalog
from onewindow.timelimits import reading as timelimits_reading

# Valid by checksum (GB 11643 / GB 32100); invented people and firms.
PERSON_ID = "370982199003150011"
OTHER_PERSON_ID = "11010519491231002X"
FIRM_CODE = "91370982MA3C0Q8X1C"


@pytest.fixture
def catalog(demo_county):
    demo_catalog.load_demo_catalog()
    return demo_catalog


@pytest.fixture
def today(monkeypatch):
    """Set the service day: `today.set(date(2025, 9, 30))`; defaults to a plain working Monday."""

    class Today:
        value = date(2025, 9, 1)

        def set(self, day: date):
            self.value = day

    holder = Today()
    monkeypatch.setattr(timelimits_reading, "today", lambda: holder.value)
    return holder


def person(**changes):
    data = {"kind": "person", "name": "张三", "id_number": PERSON_ID, "phone": "13805381234"}
    data.update(changes)
    return check_applicant(**data)


def firm(**changes):
    data = {
        "kind": "organisation",
        "name": "新泰市青云餐饮有限公司",
        "id_number": FIRM_CODE,
        "phone": "13905385678",
        "legal_representative": "李四",
        "contact_name": "王五",
    }
    data.update(changes)
    return check_applicant(**data)


def live(name: str) -> ItemVersion:
    return ItemVersion.objects.get(name=name, status="published")


def all_provided(version: ItemVersion, provision="paper", **overrides) -> list[MaterialInput]:
    """Every line of the version's checklist handed in on paper, except those named in overrides."""
    return [MaterialInput(m.pk, overrides.get(m.name, provision)) for m in version.materials.all()]


def intake(user, name=None, *, applicant=None, bundle="", **kwargs):
    from django.contrib.auth import get_user_model

    if isinstance(user, str):
        user = get_user_model().objects.get(username=user)
    if name:
        version = live(name)
        kwargs.setdefault("materials", all_provided(version))
        kwargs["item_code"] = version.implementation_code
    if "fee_answers" not in kwargs:
        kwargs["fee_answers"] = first_answers(kwargs.get("item_code", ""), bundle)
    return take_in(user, IntakeInput(applicant=applicant or person(), bundle_code=bundle, **kwargs))


def first_answers(item_code: str = "", bundle_code: str = "") -> dict[str, str]:
    """The first answer to each "one of" fee question (房屋用途: 住宅): what most applicants say."""
    from onewindow.cases.applied import applied_for

    applied = applied_for(item_code=item_code, bundle_code=bundle_code)
    return {q.text: q.options[0] for q in applied.fee_questions if q.one_of} if applied else {}


def do(username, case, action, **kwargs):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    case.refresh_from_db()
    return act(user, case.number, action, ActionInput(version=case.version, **kwargs))


def staff_in(department_name: str, username: str, *roles: str):
    """A member of staff of a department of the demo center (the demo county staffs only two)."""
    from django.contrib.auth import get_user_model

    from onewindow.org.models import Department, Staff
    from onewindow.org.services import set_roles

    department = Department.objects.select_related("body").get(name=department_name)
    user = get_user_model().objects.create_user(username=username, password="x")
    staff = Staff.objects.create(user=user, full_name=username, body=department.body, department=department)
    set_roles(actor=None, staff=staff, roles=roles or ("reviewer",))
    return user


def api(username):
    """A test client signed in as `username`, speaking JSON to /api/v1."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(enforce_csrf_checks=False)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def post(client, path, body, **headers):
    return client.post("/api/v1" + path, body, content_type="application/json", **headers)


def applicant_json(applicant):
    return {
        "kind": applicant.kind,
        "name": applicant.name,
        "id_number": applicant.id_number,
        "phone": applicant.phone,
        "legal_representative": applicant.legal_representative,
        "contact_name": applicant.contact_name,
    }


def intake_json(name, applicant=None, **changes):
    version = live(name)
    body = {
        "applicant": applicant_json(applicant or person()),
        "item_code": version.implementation_code,
        "materials": [{"material_id": m.pk, "provision": "paper"} for m in version.materials.all()],
        "fee_answers": first_answers(version.implementation_code),
    }
    body.update(changes)
    return body


def entrusted(username: str, applicant=None, **changes):
    """The applicant's (`person()` by default) entrustment of an agent for everything on the agent's proxy
    list, for a year from the service day, signed on the pad: what a case an agent files rests on."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from onewindow.proxy.entrustments import NewEntrustment, entrust

    on = timelimits_reading.today()
    new = NewEntrustment(
        principal=applicant or person(),
        valid_from=on,
        valid_until=on + timedelta(days=365),
        signed_by="touch",
        signature=ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="signature.png"),
        all_in_scope=True,
        **changes,
    )
    return entrust(actor=get_user_model().objects.get(username=username), new=new, today=on)
