"""Every word of the intake screen is translatable: with English chosen and every Chinese message id
replaced by an ASCII stand-in (the English catalog is filled separately), the pages show no Chinese
character. The organisation and the catalog here are ASCII, so any Chinese left is untranslated UI."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.translation import trans_real

from onewindow.catalog import services as catalog_services
from onewindow.org.models import (
    Department,
    Division,
    DivisionLevel,
    ServiceBody,
    Staff,
    Tier,
    Window,
    WindowKind,
)
from onewindow.org.roles import Role
from onewindow.org.services import set_roles

from .conftest import PERSON_ID

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
CHINESE_LANGUAGE_BUTTON = re.compile(r'<button[^>]*lang="zh-hans"[^>]*>.*?</button>', re.S)


@pytest.fixture
def pseudo_english(monkeypatch):
    """English, where every Chinese message id reads as an ASCII stand-in keeping its placeholders."""
    english = trans_real.translation("en")
    gettext, ngettext = english.gettext, english.ngettext

    def stand_in(message: str) -> str:
        return "T " + " ".join(PLACEHOLDER.findall(message))

    monkeypatch.setattr(english, "gettext", lambda m: stand_in(m) if CJK.search(m) else gettext(m))
    monkeypatch.setattr(
        english,
        "ngettext",
        lambda s, p, n: stand_in(s if n == 1 else p) if CJK.search(s) else ngettext(s, p, n),
    )


@pytest.fixture
def ascii_center(db):
    province = Division.objects.create(code="990000000000", name="Province", level=DivisionLevel.PROVINCE)
    county = Division.objects.create(
        code="990101000000", name="County", level=DivisionLevel.COUNTY, parent=province
    )
    center = ServiceBody.objects.create(
        name="Center", tier=Tier.CITY, division=county, address="1 Main St", phone="0538"
    )
    market = Department.objects.create(body=center, name="Market Bureau", approval_section="Approvals")
    data_office = Department.objects.create(body=center, name="Data Office", approval_section="Data")
    window = Window.objects.create(body=center, number="A01", name="Intake", kind=WindowKind.COMPREHENSIVE)
    user = get_user_model().objects.create_user("en_clerk", password="pw-123456789")
    staff = Staff.objects.create(
        user=user, full_name="Clerk One", phone="13800000000", body=center, window=window
    )
    set_roles(actor=None, staff=staff, roles=[Role.WINDOW_CLERK])
    version = catalog_services.publish(
        actor=None,
        version=catalog_services.save_draft(
            actor=None,
            data={
                "basic_code": "B1",
                "implementation_code": "EN-1",
                "name": "Business licence",
                "item_type": "01",
                "tier": "county",
                "department": market,
                "legal_limit_days": 20,
                "promised_limit_days": 3,
                "case_kind": "promised",
                "conditions": "Adults only.",
                "location": "Window A01",
                "hours": "9-17",
                "phone": "0538",
                "materials": [
                    {"name": "Application form"},
                    {"name": "ID card", "source": "certificate", "certificate_type": "ID card"},
                    {"name": "Tax record", "source": "department", "source_department": data_office},
                    {"name": "Articles", "requirement": "deferrable"},
                    {"name": "Photo", "requirement": "optional"},
                ],
                "fees": [{"name": "Fee", "amount": "10.00", "basis": "Rule 1", "waivable": True}],
                "steps": [{"name": "Accept", "share_percent": 50}, {"name": "Decide", "share_percent": 50}],
            },
        ),
    )
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client, version


def english(response) -> str:
    assert response.status_code in (200, 403, 404, 422), response.status_code
    text = CHINESE_LANGUAGE_BUTTON.sub("", response.content.decode())
    assert 'lang="en"' in text or "<html" not in text
    return text


def test_the_intake_screen_is_complete_in_english(ascii_center, pseudo_english, today):
    client, version = ascii_center
    url = f"/cases/intake/new/?item={version.implementation_code}"
    lines = {m.name: m.pk for m in version.materials.all()}
    key = re.search(r'name="key" value="([^"]+)"', client.get(url).content.decode()).group(1)
    applicant = {
        "key": key,
        "applicant_kind": "person",
        "applicant_name": "Zhang San",
        "applicant_id_number": PERSON_ID,
        "applicant_phone": "13805381234",
    }
    pages = {
        "start": client.get("/cases/intake/"),
        "search": client.get("/cases/intake/?q=Business"),
        "search-none": client.get("/cases/intake/?q=zzzz", HTTP_HX_REQUEST="true"),
        "form": client.get(url),
        "invalid": client.post(url, {**applicant, "applicant_id_number": "1", "outcome": "take_in"}),
        "refusal-invalid": client.post(url, {**applicant, "outcome": "return"}),
        "library": client.post(
            "/cases/intake/library/",
            {"item": "EN-1", "applicant_kind": "person", "applicant_id_number": PERSON_ID},
        ),
        "library-invalid": client.post(
            "/cases/intake/library/",
            {"item": "EN-1", "applicant_kind": "person", "applicant_id_number": "12"},
        ),
    }
    # one case per outcome: one-time notice, deferred acceptance, acceptance, refusal
    given = {f"m-{lines['Application form']}": "paper", f"m-{lines['ID card']}": "paper"}
    pages["library-miss"] = client.post(url, {**applicant, "key": "intake-" + "e" * 32, "outcome": "take_in"})
    assert pages["library-miss"].status_code == 422  # the ID card is not in the library: the clerk chooses
    outcomes = [
        {"outcome": "take_in", f"m-{lines['ID card']}": "missing"},
        {"outcome": "take_in", **given, "commitment_signed": "on"},
        {"outcome": "take_in", **given, f"m-{lines['Articles']}": "paper", "note": "Note"},
        {"outcome": "return", "return_reason": "Not ours", "return_basis": "Law 1"},
    ]
    for n, fields in enumerate(outcomes):
        response = client.post(url, {**applicant, "key": f"intake-{n:032x}", **fields})
        assert response.status_code == 302, response.content.decode()[:2000]
        pages[f"receipt-{n}"] = client.get(response["Location"])
    pages["start-with-cases"] = client.get("/cases/intake/")
    for name, response in pages.items():
        found = CJK.findall(english(response))
        assert not found, (name, found[:20])
    outcomes_shown = [pages[f"receipt-{n}"].context["outcome"] for n in range(4)]
    assert outcomes_shown == ["notice", "deferred", "accepted", "refused"]
