import pytest

from onewindow.catalog import services
from onewindow.catalog.models import Topic
from onewindow.org.models import Department


def mortgage_data(**changes) -> dict:
    """不动产抵押登记 as the demo county's property registration centre would publish it."""
    property_centre = Department.objects.get(name="不动产登记中心")
    data = {
        "basic_code": "000172008000",
        "implementation_code": "TEST-BDC-DYDJ",
        "name": "不动产抵押登记",
        "item_type": "07",
        "power_source": "《不动产登记暂行条例》第三条",
        "tier": "county",
        "department": property_centre,
        "legal_limit_days": 30,
        "promised_limit_days": 2,
        "case_kind": "promised",
        "visits_required": 1,
        "online_depth": 3,
        "conditions": "抵押合同已签订。",
        "proxyable_tiers": ["city", "town"],
        "location": "市政务服务中心 B04 窗口",
        "hours": "工作日 9:00-17:30",
        "topics": ["housing"],
        "materials": [
            {"name": "不动产登记申请书", "requirement": "required", "form": "paper", "copies": 1},
            {
                "name": "居民身份证",
                "requirement": "required",
                "form": "electronic",
                "source": "certificate",
                "certificate_type": "居民身份证",
            },
            {"name": "抵押合同", "requirement": "required", "form": "paper", "copies": 2},
        ],
        "fees": [
            {"name": "不动产登记费", "amount": "80.00", "basis": "发改价格规〔2016〕2559号", "waivable": True}
        ],
        "steps": [
            {"name": "受理", "share_percent": 20},
            {"name": "审核", "share_percent": 60},
            {"name": "登簿", "share_percent": 20},
        ],
    }
    data.update(changes)
    return data


@pytest.fixture
def topics(db):
    Topic.objects.create(code="housing", name="住房", audience="person")
    Topic.objects.create(code="startup", name="开办企业", audience="enterprise")


@pytest.fixture
def mortgage(demo_county, topics):
    return services.publish(actor=None, version=services.save_draft(actor=None, data=mortgage_data()))
