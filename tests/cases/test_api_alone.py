"""F8 item 15: a program files any item from the API alone. The catalog API gives each item version's
checklist with the material ids the intake takes (and whether a line may be deferred, and the file
types an upload may be); a client that reads nothing else files every demo item."""

from django.test import Client

from onewindow.accounts.services import create_token
from onewindow.cases.models import Case


def _bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_token(actor=None, user=user, name='outside')[1]}")


def _all_items(client) -> list[dict]:
    items, offset = [], 0
    while True:
        page = client.get("/api/v1/catalog/items", {"limit": 100, "offset": offset}).json()
        items += page["items"]
        offset += 100
        if offset >= page["count"]:
            return items


def test_every_demo_item_is_filed_through_the_api_with_ids_read_from_the_catalog_api(catalog, today):
    from django.contrib.auth import get_user_model

    client = _bearer(get_user_model().objects.get(username="clerk"))
    items = _all_items(Client())  # the catalog is public: the outside program needs no account for it
    assert len(items) >= 50
    filed = []
    for summary in items:
        detail = Client().get(f"/api/v1/catalog/items/{summary['implementation_code']}").json()
        lines = detail["materials"]
        assert all({"id", "deferrable", "file_types"} <= set(line) for line in lines)
        assert all("application/pdf" in line["file_types"] for line in lines)
        body = {
            "applicant": {
                "kind": "person",
                "name": "张三",
                "id_number": "370982199003150011",
                "phone": "13805381234",
            },
            "item_code": detail["implementation_code"],
            "materials": [{"material_id": line["id"], "provision": "paper"} for line in lines],
            # each "one of" question answered with its first answer; facts left out do not apply
            "fee_answers": {
                fee["question"]: fee["answer"]
                for fee in reversed(detail["fees"])
                if fee["condition"] == "one_of"
            },
        }
        answer = client.post("/api/v1/cases", body, content_type="application/json")
        assert answer.status_code == 201, (detail["name"], answer.json())
        case = answer.json()
        assert case["status"] in ("accepted", "in_review", "approved", "delivered", "closed"), (
            detail["name"],
            case["status"],
        )
        filed.append(case["number"])
    assert Case.objects.filter(number__in=filed).count() == len(items)
