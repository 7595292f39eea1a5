"""The demo catalog: the service items of 新泰市政务服务中心's departments, their topics and "one thing"
bundles, and the three-tier proxy lists that follow from the items' proxyable tiers.

Everything here is data; `load_demo_catalog()` publishes it through `services.save_draft` and
`services.publish`, so the demo goes through the same checks as an administrator's edits. Loading is
idempotent: topics are keyed by code, bundles by code, items by implementation code. An item whose
implementation code already has any version (published, draft or retired) is left alone, so an
administrator's later edits, drafts and withdrawals survive a reload.

The demo county (`onewindow.demo.county.load_demo`) must be loaded first: items name their departments.
"""

from django.db import transaction
from django.db.models import QuerySet

from onewindow.audit import services as audit
from onewindow.catalog import selectors, services
from onewindow.catalog.choices import CaseKind, VersionStatus
from onewindow.catalog.models import Bundle, BundleItem, Item, ItemVersion, Topic
from onewindow.demo.county import DEPARTMENTS, HOURS
from onewindow.org.models import Department

# --- departments (the names in onewindow.demo.county.DEPARTMENTS) -------------------------------------------

SCJG = "市场监督管理局"
ZRZY = "自然资源和规划局"
ZJ = "住房和城乡建设局"
BDC = "不动产登记中心"
GA = "公安局"
RS = "人力资源和社会保障局"
JT = "交通运输局"
MZ = "民政局"
WJ = "卫生健康局"
STHJ = "生态环境局"
SW = "税务局"
GJJ = "住房公积金管理中心"
NY = "农业农村局"
JY = "教育和体育局"

_DEPARTMENT_NUMBER = {name: n for n, (name, _short, _window) in enumerate(DEPARTMENTS, start=1)}
_WINDOW = {name: f"B{n:02d}" for n, name in enumerate((d[0] for d in DEPARTMENTS if d[2]), start=1)}
CITY_CENTER = "新泰市政务服务中心（青云路 666 号）"
TOWN_LOCATION = "各镇（街道）便民服务中心综合窗口"

# --- topics ----------------------------------------------------------------------------------------------

TOPICS = [
    # code, name, audience
    ("birth", "出生", "person"),
    ("household", "户籍证件", "person"),
    ("education", "教育", "person"),
    ("employment", "就业创业", "person"),
    ("marriage", "婚姻", "person"),
    ("housing", "住房", "person"),
    ("social_security", "社会保障", "person"),
    ("social_assistance", "社会救助", "person"),
    ("elderly", "养老", "person"),
    ("medical", "医疗卫生", "person"),
    ("transport", "交通出行", "person"),
    ("startup", "开办企业", "enterprise"),
    ("construction", "工程建设", "enterprise"),
    ("business_permit", "经营许可", "enterprise"),
    ("tax", "纳税缴费", "enterprise"),
    ("agriculture", "农业生产", "enterprise"),
    ("environment", "环境保护", "enterprise"),
    ("qualification", "资质资格", "enterprise"),
]

# --- proxyable tiers ---------------------------------------------------------------------------------

ALL_TIERS = ["city", "town", "village"]
CITY_TOWN = ["city", "town"]
CITY = ["city"]
TOWN_VILLAGE = ["town", "village"]

# --- process steps (name, share of the time limit in percent) -----------------------------------------

IMMEDIATE = [("受理", 30), ("审核", 40), ("办结", 30)]
STANDARD = [("受理", 10), ("审查", 50), ("决定", 30), ("送达", 10)]
SITE_CHECK = [("受理", 10), ("现场核查", 40), ("审查决定", 40), ("制证送达", 10)]
REGISTRATION = [("受理", 20), ("审核", 60), ("登簿发证", 20)]
JOINT = [("一窗受理", 10), ("并联审查", 60), ("联合决定", 20), ("统一出件", 10)]
REPORT_UP = [("受理", 10), ("初审", 30), ("上报审批", 50), ("送达", 10)]
TOWN_AID = [("镇街受理", 20), ("入户调查", 40), ("审核审批", 30), ("公示发放", 10)]

# --- materials ---------------------------------------------------------------------------------------


def _paper(name, *, copies=1, requirement="required", standard="") -> dict:
    return {
        "name": name,
        "requirement": requirement,
        "form": "paper",
        "copies": copies,
        "source": "applicant",
        "acceptance_standard": standard,
    }


def _either(name, *, copies=1, requirement="required", standard="") -> dict:
    return {**_paper(name, copies=copies, requirement=requirement, standard=standard), "form": "both"}


def _digital(name, *, requirement="required", standard="") -> dict:
    return {**_paper(name, requirement=requirement, standard=standard), "form": "electronic"}


def _cert(name, certificate_type=None, *, requirement="required", standard="") -> dict:
    """A certificate fetched from the electronic certificate library (the applicant brings nothing)."""
    return {
        "name": name,
        "requirement": requirement,
        "form": "electronic",
        "copies": 1,
        "source": "certificate",
        "certificate_type": certificate_type or name,
        "acceptance_standard": standard or "电子证照库调取，在有效期内且与申请人信息一致。",
    }


def _shared(name, department, *, requirement="required", standard="") -> dict:
    """A document another department supplies over the data-sharing platform."""
    return {
        "name": name,
        "requirement": requirement,
        "form": "electronic",
        "copies": 1,
        "source": "department",
        "source_department": department,
        "acceptance_standard": standard or f"由{department}通过数据共享平台推送，申请人无需提交。",
    }


# Materials that several items need carry the same name, source and certificate type, so the merged list
# of a "one thing" bundle shows each of them once.
ID_CARD = _cert("居民身份证", standard="原件在有效期内，与申请人一致；电子证照库可调取的免于提交。")
HOUSEHOLD_REGISTER = _cert("居民户口簿")
BUSINESS_LICENCE = _cert("营业执照", standard="电子营业执照在有效期内，名称、统一社会信用代码与申请一致。")
PROPERTY_CERTIFICATE = _cert("不动产权证书")
MARRIAGE_CERTIFICATE = _cert("结婚证")
BIRTH_CERTIFICATE = _cert("出生医学证明")
SOCIAL_SECURITY_CARD = _cert("社会保障卡")
PREMISES = _paper("经营场所使用证明", standard="自有房产提交权属证明，租赁的提交租赁合同，租期一年以上。")
POWER_OF_ATTORNEY = _paper(
    "授权委托书及受托人身份证明",
    requirement="optional",
    standard="委托他人办理时提交，须载明委托事项和权限。",
)
SALE_CONTRACT = _paper("不动产买卖合同", copies=2, standard="网签备案合同，买卖双方签字或盖章。")
BANK_ACCOUNT = _paper("银行账户信息", requirement="deferrable", standard="本人一类银行账户，可在办结前补交。")
PHOTO = _digital("近期免冠证件照片电子版", standard="白色背景，358×441 像素，JPG 格式。")
ARTICLES = _paper("公司章程", standard="全体股东签署。")
CONSTRUCTION_PLAN_PERMIT = _shared("建设工程规划许可证", ZRZY)
LAND_RIGHT = _cert("不动产权证书（土地）", "不动产权证书", standard="国有建设用地使用权已登记。")
TAX_PAID = _shared("完税凭证", SW, standard="税务部门推送契税、增值税等完税信息。")

# --- fees --------------------------------------------------------------------------------------------

PROPERTY_FEE_BASIS = (
    "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）"
)
PROPERTY_FEES = [
    {"name": "不动产登记费（住宅）", "amount": "80.00", "basis": PROPERTY_FEE_BASIS, "waivable": True},
    {"name": "不动产登记费（非住宅）", "amount": "550.00", "basis": PROPERTY_FEE_BASIS, "waivable": True},
    {
        "name": "证书工本费（第二本起每本）",
        "amount": "10.00",
        "basis": "《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》（财税〔2016〕79号）",
        "waivable": False,
    },
]

# --- items -------------------------------------------------------------------------------------------


# What an approval issues into the certificate library (电子证照库).
ISSUED_CERTIFICATES = {
    "企业设立登记": "营业执照",
    "个体工商户设立登记": "营业执照",
    "食品小作坊登记": "食品小作坊登记证",
    "不动产首次登记": "不动产权证书",
    "不动产转移登记": "不动产权证书",
    "不动产抵押登记": "不动产登记证明",
    "不动产预告登记": "不动产登记证明",
}


def _certificate_issued(name: str) -> str:
    """Licences (…许可证核发) issue the licence itself; other items by the table above."""
    if name.endswith("许可证核发"):
        return name.removesuffix("核发")
    return ISSUED_CERTIFICATES.get(name, "")


def _item(
    department: str,
    seq: int,
    name: str,
    *,
    item_type: str,
    legal: int,
    promised: int,
    power: str,
    conditions: str,
    materials: list[dict],
    steps: list[tuple[str, int]] = STANDARD,
    kind: str = CaseKind.PROMISED,
    tier: str = "county",
    visits: int = 1,
    online: int = 3,
    fees: list[dict] | None = None,
    topics: list[str] | None = None,
    proxy: list[str] | None = None,
    delegated: bool = False,
    special: list[str] | None = None,
    supplement: str = "pause",
    extension: int = 0,
    yellow: int | None = None,
    report_up: tuple[str, int] | None = None,
    joint: list[tuple[str, int]] | None = None,
) -> dict:
    """One item in the dict shape `services.save_draft` takes; departments still named, not resolved.

    `joint` lists (department, limit days) with the lead (the item's own department) first.
    """
    number = _DEPARTMENT_NUMBER[department]
    if delegated or tier == "town":
        location = TOWN_LOCATION
    elif department in _WINDOW:
        location = f"{CITY_CENTER}二楼 {_WINDOW[department]} 窗口"
    else:
        location = f"{CITY_CENTER}一楼综合受理区 A01-A06 窗口"
    return {
        "basic_code": f"00{item_type}{number:02d}{seq:03d}000",
        "implementation_code": f"11370982{number:04d}{item_type}{seq:03d}000",
        "name": name,
        "item_type": item_type,
        "power_source": power,
        "tier": tier,
        "department": department,
        "legal_limit_days": legal,
        "promised_limit_days": promised,
        "case_kind": kind,
        "visits_required": visits,
        "online_depth": online,
        "conditions": conditions,
        "special_procedures": list(special or []),
        "supplement_rule": supplement,
        "extension_allowed": bool(extension),
        "extension_max_days": extension,
        "yellow_threshold_days": yellow,
        "issues_certificate": _certificate_issued(name),
        "report_up_authority": report_up[0] if report_up else "",
        "report_up_limit_days": report_up[1] if report_up else None,
        "proxyable_tiers": list(proxy or []),
        "delegated_to_town": delegated,
        "location": location,
        "hours": HOURS,
        "phone": f"0538-72601{number:02d}",
        "topics": list(topics or []),
        "materials": [dict(m) for m in materials],
        "fees": [dict(f) for f in fees or []],
        "steps": [{"name": n, "share_percent": p} for n, p in steps],
        "joint_departments": [
            {"department": d, "is_lead": i == 0, "limit_days": days}
            for i, (d, days) in enumerate(joint or [])
        ],
    }


MARKET_ITEMS = [
    _item(
        SCJG,
        1,
        "企业设立登记",
        item_type="01",
        legal=3,
        promised=1,
        online=4,
        visits=0,
        power="《中华人民共和国市场主体登记管理条例》第三条、第十九条；《中华人民共和国公司法》第二十九条",
        conditions="申请人为公司股东、发起人或个人独资企业投资人；企业名称已自主申报且不与同行业企业重名；"
        "住所（经营场所）真实、合法。材料齐全、符合法定形式的，1 个工作日内核发营业执照。",
        steps=REGISTRATION,
        materials=[
            _either("企业设立登记申请书", standard="法定代表人签署，载明名称、住所、注册资本、经营范围。"),
            ARTICLES,
            ID_CARD,
            PREMISES,
            _paper("法定代表人、董事、监事和经理的任职文件", requirement="deferrable"),
            POWER_OF_ATTORNEY,
        ],
        topics=["startup", "employment"],
        proxy=ALL_TIERS,
    ),
    _item(
        SCJG,
        2,
        "企业变更登记",
        item_type="01",
        legal=3,
        promised=1,
        online=4,
        visits=0,
        power="《中华人民共和国市场主体登记管理条例》第二十四条",
        conditions="企业登记事项发生变更的，应当自作出变更决议、决定或者法定变更事项发生之日起 30 日内"
        "申请变更登记。",
        steps=REGISTRATION,
        materials=[
            _either("企业变更登记申请书"),
            BUSINESS_LICENCE,
            _paper("变更决议或决定", standard="股东会决议须经代表三分之二以上表决权的股东通过。"),
            _paper("修改后的公司章程或章程修正案", requirement="optional"),
            ID_CARD,
        ],
        topics=["startup"],
        proxy=ALL_TIERS,
    ),
    _item(
        SCJG,
        3,
        "企业注销登记",
        item_type="01",
        legal=3,
        promised=1,
        online=4,
        visits=0,
        power="《中华人民共和国市场主体登记管理条例》第三十一条、第三十三条",
        conditions="企业已依法清算完毕，或未发生债权债务、承诺适用简易注销程序并公示 20 日无异议。",
        steps=REGISTRATION,
        materials=[
            _either("企业注销登记申请书"),
            BUSINESS_LICENCE,
            _paper("清算报告或全体投资人承诺书"),
            _shared("清税证明", SW),
        ],
        topics=["startup", "tax"],
        proxy=CITY_TOWN,
    ),
    _item(
        SCJG,
        4,
        "个体工商户设立登记",
        item_type="01",
        legal=3,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《促进个体工商户发展条例》第五条；《中华人民共和国市场主体登记管理条例》第三条",
        conditions="有经营能力的自然人；经营场所符合规定；材料齐全、符合法定形式的当场登记。",
        steps=IMMEDIATE,
        materials=[
            _either("个体工商户登记（备案）申请书"),
            ID_CARD,
            PREMISES,
        ],
        topics=["startup", "employment"],
        proxy=ALL_TIERS,
    ),
    _item(
        SCJG,
        5,
        "食品经营许可",
        item_type="01",
        legal=20,
        promised=5,
        power="《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第四条",
        conditions="具有与经营的食品品种、数量相适应的经营场所、设施设备和食品安全管理人员；"
        "具有保证食品安全的规章制度；经营场所与有毒、有害场所保持规定距离。",
        steps=SITE_CHECK,
        special=["inspection"],
        materials=[
            _either("食品经营许可申请书"),
            BUSINESS_LICENCE,
            ID_CARD,
            PREMISES,
            _paper(
                "经营场所平面布局图和设备布局、工艺流程图", standard="标明操作间、库房、洗消间位置及面积。"
            ),
            _paper("食品安全管理制度文本"),
            _paper("食品安全管理人员健康证明", requirement="deferrable"),
        ],
        topics=["business_permit", "startup"],
        proxy=ALL_TIERS,
    ),
    _item(
        SCJG,
        6,
        "药品零售企业经营许可",
        item_type="01",
        legal=30,
        promised=10,
        power="《中华人民共和国药品管理法》第五十一条、第五十二条；《药品经营和使用质量监督管理办法》",
        conditions="有依法经过资格认定的药师或者其他药学技术人员；有与所经营药品相适应的营业场所、设备、"
        "仓储设施和卫生环境；有保证药品质量的规章制度。",
        steps=SITE_CHECK,
        special=["inspection"],
        materials=[
            _either("药品经营许可证申请表"),
            BUSINESS_LICENCE,
            _cert("执业药师注册证"),
            PREMISES,
            _paper("质量管理文件及主要设施设备目录"),
        ],
        topics=["business_permit", "medical"],
        proxy=CITY,
    ),
    _item(
        SCJG,
        7,
        "特种设备使用登记",
        item_type="01",
        legal=15,
        promised=5,
        power="《中华人民共和国特种设备安全法》第三十三条；《特种设备使用管理规则》",
        conditions="特种设备已经监督检验合格；使用单位配备了相应的安全管理人员和作业人员。",
        special=["testing"],
        materials=[
            _either("特种设备使用登记表", copies=2),
            BUSINESS_LICENCE,
            _paper("产品合格证及监督检验证明"),
            _cert("特种设备安全管理和作业人员证", requirement="optional"),
        ],
        topics=["business_permit"],
        proxy=CITY,
    ),
    _item(
        SCJG,
        8,
        "食品小作坊登记",
        item_type="01",
        legal=10,
        promised=3,
        power="《山东省食品小作坊小餐饮和食品摊点管理条例》第十条",
        conditions="有固定生产加工场所，生产加工条件符合食品安全要求，从业人员取得健康证明。",
        steps=SITE_CHECK,
        materials=[
            _either("食品小作坊登记申请表"),
            ID_CARD,
            PREMISES,
            _paper("从业人员健康证明"),
        ],
        topics=["business_permit", "agriculture"],
        proxy=ALL_TIERS,
        delegated=True,
    ),
]

PLANNING_ITEMS = [
    _item(
        ZRZY,
        1,
        "建设项目用地预审与选址意见书核发",
        item_type="01",
        legal=20,
        promised=10,
        power="《中华人民共和国土地管理法》第五十二条；《中华人民共和国城乡规划法》第三十六条",
        conditions="项目符合国土空间规划和用途管制要求；以划拨方式提供国有土地使用权的建设项目。",
        special=["expert_review"],
        materials=[
            _either("建设项目用地预审与选址申请表"),
            _paper("建设项目用地预审与选址申请报告"),
            _paper("项目建设依据（项目建议书批复或备案文件）"),
            _paper("标注项目用地范围的土地利用现状图", requirement="deferrable"),
        ],
        topics=["construction"],
        proxy=CITY,
    ),
    _item(
        ZRZY,
        2,
        "建设用地规划许可证核发",
        item_type="01",
        legal=20,
        promised=5,
        power="《中华人民共和国城乡规划法》第三十七条、第三十八条",
        conditions="已取得用地预审与选址意见书或国有土地使用权出让合同；符合控制性详细规划。",
        materials=[
            _either("建设用地规划许可申请表"),
            BUSINESS_LICENCE,
            _paper("国有建设用地使用权出让合同或划拨决定书"),
            _paper("建设项目批准、核准或备案文件"),
        ],
        topics=["construction"],
        proxy=CITY,
    ),
    _item(
        ZRZY,
        3,
        "建设工程规划许可证核发",
        item_type="01",
        legal=20,
        promised=5,
        power="《中华人民共和国城乡规划法》第四十条",
        conditions="已取得建设用地规划许可和土地使用权；建设工程设计方案符合规划条件。",
        special=["expert_review"],
        materials=[
            _either("建设工程规划许可申请表"),
            BUSINESS_LICENCE,
            LAND_RIGHT,
            _paper("建设工程设计方案总平面图及设计图纸", copies=2),
        ],
        topics=["construction"],
        proxy=CITY,
    ),
    _item(
        ZRZY,
        4,
        "乡村建设规划许可证核发",
        item_type="01",
        tier="town",
        legal=20,
        promised=10,
        power="《中华人民共和国城乡规划法》第四十一条；《山东省城乡规划条例》第四十二条",
        conditions="在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设以及农村村民住宅建设，"
        "不得占用农用地或已办理农用地转用审批。",
        steps=SITE_CHECK,
        materials=[
            _either("乡村建设规划许可申请表"),
            ID_CARD,
            _paper("村民委员会意见", standard="村民委员会签署意见并加盖公章。"),
            _paper("建设工程设计图或农房通用图"),
        ],
        topics=["construction", "housing", "agriculture"],
        proxy=ALL_TIERS,
        delegated=True,
    ),
]

BUILDING_ITEMS = [
    _item(
        ZJ,
        1,
        "建筑工程施工许可证核发",
        item_type="01",
        legal=7,
        promised=3,
        online=4,
        visits=0,
        power="《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》第四条",
        conditions="已办理用地批准手续和建设工程规划许可；施工场地已具备施工条件；已确定施工企业；"
        "有满足施工需要的资金安排、施工图纸及技术资料；有保证工程质量和安全的具体措施。",
        materials=[
            _digital("建筑工程施工许可证申请表"),
            BUSINESS_LICENCE,
            CONSTRUCTION_PLAN_PERMIT,
            _paper("施工合同"),
            _paper("建设资金已落实承诺书"),
            _shared("施工图设计文件审查合格书", ZJ),
            _paper("质量安全监督手续", requirement="deferrable"),
        ],
        topics=["construction"],
        proxy=CITY,
        yellow=1,
    ),
    _item(
        ZJ,
        2,
        "建筑业企业资质证书核发（施工劳务及简单变更）",
        item_type="01",
        legal=20,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国建筑法》第十三条；《建筑业企业资质管理规定》第九条",
        conditions="施工劳务资质实行备案制，企业取得营业执照后即可申请；企业名称、地址、注册资本、法定代表人"
        "等简单变更，材料齐全的当场办结。",
        steps=IMMEDIATE,
        materials=[
            _digital("建筑业企业资质申请表"),
            BUSINESS_LICENCE,
            _paper("企业法定代表人签署的承诺书"),
        ],
        topics=["qualification", "construction"],
        proxy=CITY,
    ),
    _item(
        ZJ,
        3,
        "商品房预售许可",
        item_type="01",
        legal=10,
        promised=5,
        power="《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》第七条",
        conditions="已交付全部土地使用权出让金并取得土地使用权证书；持有建设工程规划许可证和施工许可证；"
        "投入开发建设的资金达到工程建设总投资的 25% 以上。",
        steps=SITE_CHECK,
        materials=[
            _either("商品房预售许可申请表"),
            BUSINESS_LICENCE,
            LAND_RIGHT,
            CONSTRUCTION_PLAN_PERMIT,
            _cert("建筑工程施工许可证"),
            _paper("商品房预售方案", standard="载明房屋位置、面积、预售价格、竣工交付日期等。"),
        ],
        topics=["housing", "construction"],
        proxy=CITY,
    ),
    _item(
        ZJ,
        4,
        "城镇污水排入排水管网许可证核发",
        item_type="01",
        legal=20,
        promised=5,
        online=4,
        visits=0,
        power="《城镇排水与污水处理条例》第二十一条；《城镇污水排入排水管网许可管理办法》",
        conditions="排放口设置符合排水规划；按规定建设预处理设施；排放的污水符合国家和地方排放标准。",
        materials=[
            _digital("城镇污水排入排水管网许可申请表"),
            BUSINESS_LICENCE,
            _paper("排水户内部排水管网、专用检测井、排放口位置图"),
            _paper("排水水质检测报告", requirement="deferrable"),
        ],
        topics=["business_permit", "environment"],
        proxy=CITY_TOWN,
    ),
    _item(
        ZJ,
        5,
        "建设工程消防验收",
        item_type="07",
        legal=15,
        promised=10,
        power="《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》第二十六条",
        conditions="特殊建设工程竣工后，建设单位完成工程竣工验收消防查验并合格。",
        steps=SITE_CHECK,
        special=["testing"],
        materials=[
            _either("特殊建设工程消防验收申请表"),
            BUSINESS_LICENCE,
            _paper("工程竣工验收报告"),
            _paper("涉及消防的建设工程竣工图纸"),
        ],
        topics=["construction"],
        proxy=CITY,
    ),
    _item(
        ZJ,
        6,
        "房屋建筑和市政基础设施工程竣工联合验收",
        item_type="10",
        legal=15,
        promised=12,
        kind=CaseKind.JOINT,
        visits=1,
        power="《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》（国办发〔2019〕11号）；"
        "《房屋建筑和市政基础设施工程竣工验收备案管理办法》",
        conditions="工程已按设计和合同完成，建设单位已组织勘察、设计、施工、监理单位竣工验收合格。",
        steps=JOINT,
        special=["testing"],
        materials=[
            _digital("竣工联合验收申请表"),
            BUSINESS_LICENCE,
            CONSTRUCTION_PLAN_PERMIT,
            _paper("工程竣工验收报告"),
            _paper("规划核实测量成果报告"),
            _paper("建设项目竣工环境保护验收报告", requirement="deferrable"),
        ],
        topics=["construction"],
        proxy=CITY,
        joint=[(ZJ, 12), (ZRZY, 10), (STHJ, 10)],
    ),
    _item(
        ZJ,
        7,
        "企业投资项目联合审批（工程建设许可阶段）",
        item_type="01",
        legal=20,
        promised=15,
        kind=CaseKind.JOINT,
        power="《企业投资项目核准和备案管理条例》；《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》"
        "（国办发〔2019〕11号）",
        conditions="企业投资项目已完成备案，取得建设用地规划许可，设计方案已确定。",
        steps=JOINT,
        special=["expert_review"],
        extension=10,
        materials=[
            _digital("工程建设项目审批申请表"),
            BUSINESS_LICENCE,
            _paper("项目备案证明"),
            LAND_RIGHT,
            _paper("建设工程设计方案", copies=2),
            _paper("建设项目环境影响报告表", copies=2, requirement="deferrable"),
        ],
        topics=["construction"],
        proxy=CITY,
        joint=[(ZJ, 15), (ZRZY, 15), (STHJ, 15)],
    ),
]

PROPERTY_ITEMS = [
    _item(
        BDC,
        1,
        "不动产首次登记",
        item_type="07",
        legal=30,
        promised=5,
        power="《中华人民共和国民法典》第二百零九条；《不动产登记暂行条例》第三条、第二十条；"
        "《不动产登记暂行条例实施细则》第二十四条",
        conditions="不动产权利依法设立，建设工程已竣工验收，权属来源清楚、界址清楚、面积准确。",
        steps=REGISTRATION,
        materials=[
            _either("不动产登记申请书"),
            ID_CARD,
            _paper("土地权属来源证明或不动产权证书（土地）"),
            _shared("建设工程竣工验收备案表", ZJ),
            _paper("不动产权籍调查成果", standard="具有测绘资质单位出具。"),
        ],
        fees=PROPERTY_FEES,
        topics=["housing"],
        proxy=CITY_TOWN,
    ),
    _item(
        BDC,
        2,
        "不动产转移登记",
        item_type="07",
        legal=30,
        promised=3,
        power="《不动产登记暂行条例》第三条、第十四条；《不动产登记暂行条例实施细则》第二十七条",
        conditions="因买卖、互换、赠与、继承、分割等导致不动产权利转移；买卖双方共同申请。",
        steps=REGISTRATION,
        materials=[
            _either("不动产登记申请书"),
            ID_CARD,
            PROPERTY_CERTIFICATE,
            SALE_CONTRACT,
            TAX_PAID,
            MARRIAGE_CERTIFICATE | {"requirement": "optional"},
            POWER_OF_ATTORNEY,
        ],
        fees=PROPERTY_FEES,
        topics=["housing", "tax"],
        proxy=ALL_TIERS,
    ),
    _item(
        BDC,
        3,
        "不动产抵押登记",
        item_type="07",
        legal=30,
        promised=2,
        online=4,
        visits=0,
        power="《中华人民共和国民法典》第四百零二条；《不动产登记暂行条例》第三条；"
        "《不动产登记暂行条例实施细则》第六十五条",
        conditions="抵押合同已签订；抵押物已办理所有权登记；抵押人和抵押权人共同申请。",
        steps=REGISTRATION,
        materials=[
            _either("不动产登记申请书"),
            ID_CARD,
            PROPERTY_CERTIFICATE,
            _paper("抵押合同", copies=2, standard="载明被担保债权数额、债务履行期限、抵押物范围。"),
            _paper("主债权合同", standard="借款合同等，与抵押合同一致。"),
            BUSINESS_LICENCE
            | {"requirement": "optional", "acceptance_standard": "抵押权人为金融机构时调取。"},
        ],
        fees=[
            {
                "name": "不动产登记费（住宅）",
                "amount": "80.00",
                "basis": PROPERTY_FEE_BASIS,
                "waivable": True,
            },
            {
                "name": "不动产登记费（非住宅）",
                "amount": "550.00",
                "basis": PROPERTY_FEE_BASIS + "；小微企业免收",
                "waivable": True,
            },
        ],
        topics=["housing"],
        proxy=CITY_TOWN,
        yellow=1,
    ),
    _item(
        BDC,
        4,
        "不动产变更登记",
        item_type="07",
        legal=30,
        promised=3,
        power="《不动产登记暂行条例》第十四条；《不动产登记暂行条例实施细则》第二十六条",
        conditions="权利人姓名、名称、身份证明类型或号码，不动产坐落、界址、用途、面积等发生变更。",
        steps=REGISTRATION,
        materials=[
            _either("不动产登记申请书"),
            ID_CARD,
            PROPERTY_CERTIFICATE,
            _paper("变更的材料", standard="如更名证明、规划变更批准文件等。"),
        ],
        fees=PROPERTY_FEES[:1],
        topics=["housing"],
        proxy=ALL_TIERS,
    ),
    _item(
        BDC,
        5,
        "不动产抵押权注销登记",
        item_type="07",
        legal=30,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《不动产登记暂行条例实施细则》第二十八条、第七十条",
        conditions="主债权消灭或抵押权已经实现，抵押权人申请注销。",
        steps=IMMEDIATE,
        materials=[
            _either("不动产登记申请书"),
            _paper("抵押权消灭的证明材料", standard="抵押权人出具的还款证明或同意注销证明。"),
            _cert("不动产登记证明"),
        ],
        topics=["housing"],
        proxy=ALL_TIERS,
    ),
    _item(
        BDC,
        6,
        "不动产登记资料查询",
        item_type="20",
        legal=5,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《不动产登记暂行条例》第二十七条；《不动产登记资料查询暂行办法》",
        conditions="权利人、利害关系人可以依法查询、复制不动产登记资料。",
        steps=IMMEDIATE,
        materials=[
            _either("不动产登记资料查询申请书"),
            ID_CARD,
            _paper("利害关系证明材料", requirement="optional", standard="利害关系人查询时提交。"),
        ],
        topics=["housing"],
        proxy=ALL_TIERS,
    ),
    _item(
        BDC,
        7,
        "不动产预告登记",
        item_type="07",
        legal=30,
        promised=3,
        power="《中华人民共和国民法典》第二百二十一条；《不动产登记暂行条例实施细则》第八十五条",
        conditions="商品房等不动产预售、买卖不动产物权协议已签订，当事人约定预告登记。",
        steps=REGISTRATION,
        materials=[
            _either("不动产登记申请书"),
            ID_CARD,
            SALE_CONTRACT,
            _paper("已备案的商品房预售合同"),
        ],
        fees=PROPERTY_FEES[:1],
        topics=["housing"],
        proxy=CITY_TOWN,
    ),
]

POLICE_ITEMS = [
    _item(
        GA,
        1,
        "出生登记",
        item_type="07",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        power="《中华人民共和国户口登记条例》第七条",
        conditions="婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。",
        steps=IMMEDIATE,
        materials=[
            BIRTH_CERTIFICATE,
            ID_CARD,
            HOUSEHOLD_REGISTER,
            MARRIAGE_CERTIFICATE | {"requirement": "optional"},
        ],
        topics=["birth", "household"],
        proxy=ALL_TIERS,
    ),
    _item(
        GA,
        2,
        "居民身份证申领",
        item_type="07",
        legal=60,
        promised=15,
        online=2,
        power="《中华人民共和国居民身份证法》第八条、第十条",
        conditions="居住在中华人民共和国境内的年满十六周岁的中国公民应当申请领取居民身份证；"
        "未满十六周岁的可以申请领取。",
        materials=[
            HOUSEHOLD_REGISTER,
            _paper("居民身份证申领登记表"),
            PHOTO | {"requirement": "optional", "acceptance_standard": "现场免费采集的无需提交。"},
        ],
        fees=[
            {
                "name": "居民身份证工本费",
                "amount": "20.00",
                "basis": "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》"
                "（发改价格〔2003〕2322号）",
                "waivable": True,
            }
        ],
        topics=["household"],
        proxy=CITY_TOWN,
    ),
    _item(
        GA,
        3,
        "户口迁移（市内）",
        item_type="07",
        legal=5,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        power="《中华人民共和国户口登记条例》第十条、第十八条",
        conditions="在本市范围内有合法稳定住所，迁入地具备落户条件。",
        steps=IMMEDIATE,
        materials=[
            ID_CARD,
            HOUSEHOLD_REGISTER,
            PROPERTY_CERTIFICATE
            | {"requirement": "optional", "acceptance_standard": "以合法住所落户时调取。"},
            MARRIAGE_CERTIFICATE | {"requirement": "optional"},
        ],
        topics=["household", "marriage", "housing"],
        proxy=ALL_TIERS,
    ),
    _item(
        GA,
        4,
        "公章刻制备案",
        item_type="10",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《国务院关于第三批取消中央指定地方实施行政许可事项的决定》（国发〔2017〕7号）；"
        "《印铸刻字业暨印章管理暂行办法》",
        conditions="企业已领取营业执照，选择具备资质的公章刻制企业刻制印章。",
        steps=IMMEDIATE,
        materials=[
            BUSINESS_LICENCE,
            ID_CARD,
            _digital("印章备案信息表"),
        ],
        topics=["startup"],
        proxy=ALL_TIERS,
    ),
    _item(
        GA,
        5,
        "旅馆业特种行业许可证核发",
        item_type="01",
        legal=20,
        promised=5,
        power="《旅馆业治安管理办法》第四条；《国务院对确需保留的行政审批项目设定行政许可的决定》",
        conditions="房屋建筑、消防设备、出入口和通道等符合治安管理要求；有必要的防盗安全设施；"
        "配备旅馆业治安管理信息系统。",
        steps=SITE_CHECK,
        materials=[
            _either("特种行业许可证申请登记表"),
            BUSINESS_LICENCE,
            ID_CARD,
            PREMISES,
            _paper("旅馆平面图及安全防范设施说明"),
        ],
        topics=["business_permit"],
        proxy=CITY,
    ),
    _item(
        GA,
        6,
        "机动车注册登记",
        item_type="07",
        legal=2,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        power="《中华人民共和国道路交通安全法》第八条、第九条；《机动车登记规定》第十二条",
        conditions="机动车已经国家机动车产品主管部门许可生产或依法进口，已投保交强险，车辆购置税已缴纳。",
        steps=IMMEDIATE,
        materials=[
            _either("机动车注册登记申请表"),
            ID_CARD,
            _paper("机动车销售统一发票"),
            _paper("机动车整车出厂合格证明"),
            _shared("车辆购置税完税证明", SW),
            _digital("机动车交通事故责任强制保险凭证"),
        ],
        fees=[
            {
                "name": "机动车号牌工本费（汽车）",
                "amount": "100.00",
                "basis": "《国家发展改革委 财政部关于机动车号牌工本费等收费标准及有关问题的通知》"
                "（发改价格〔2004〕2831号）",
                "waivable": False,
            },
            {
                "name": "机动车行驶证工本费",
                "amount": "10.00",
                "basis": "《国家发展改革委 财政部关于机动车号牌工本费等收费标准及有关问题的通知》"
                "（发改价格〔2004〕2831号）",
                "waivable": False,
            },
        ],
        topics=["transport"],
        proxy=CITY,
    ),
    _item(
        GA,
        7,
        "普通护照签发",
        item_type="01",
        legal=15,
        promised=7,
        power="《中华人民共和国护照法》第五条、第六条；《中华人民共和国出境入境管理法》",
        conditions="中国公民因前往外国定居、探亲、学习、就业、旅行、从事商务活动等非公务原因出国。",
        materials=[
            ID_CARD,
            _paper("中国公民出入境证件申请表"),
            PHOTO | {"requirement": "optional", "acceptance_standard": "现场免费采集的无需提交。"},
        ],
        fees=[
            {
                "name": "普通护照工本费",
                "amount": "120.00",
                "basis": "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》"
                "（发改价格〔2019〕914号）",
                "waivable": False,
            }
        ],
        topics=["household"],
        proxy=CITY,
    ),
]

LABOUR_ITEMS = [
    _item(
        RS,
        1,
        "城乡居民基本养老保险参保登记",
        item_type="20",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国社会保险法》第二十条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》"
        "（国发〔2014〕8号）",
        conditions="年满 16 周岁（不含在校学生），非国家机关和事业单位工作人员，不属于职工基本养老保险覆盖"
        "范围的城乡居民。",
        steps=IMMEDIATE,
        materials=[ID_CARD, HOUSEHOLD_REGISTER, _paper("城乡居民基本养老保险参保登记表")],
        topics=["social_security", "elderly"],
        proxy=ALL_TIERS,
    ),
    _item(
        RS,
        2,
        "城乡居民基本养老保险待遇申领",
        item_type="05",
        legal=20,
        promised=5,
        power="《中华人民共和国社会保险法》第二十一条；《城乡居民基本养老保险经办规程》第二十五条",
        conditions="年满 60 周岁、累计缴费满 15 年，且未领取国家规定的基本养老保障待遇。",
        steps=TOWN_AID,
        materials=[
            ID_CARD,
            HOUSEHOLD_REGISTER,
            SOCIAL_SECURITY_CARD,
            _paper("城乡居民基本养老保险待遇领取申请表"),
            BANK_ACCOUNT,
        ],
        topics=["social_security", "elderly"],
        proxy=ALL_TIERS,
    ),
    _item(
        RS,
        3,
        "企业职工基本养老保险参保登记（单位）",
        item_type="20",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国社会保险法》第五十七条；《社会保险费征缴暂行条例》第七条",
        conditions="用人单位自成立之日起三十日内申请办理社会保险登记。",
        steps=IMMEDIATE,
        materials=[BUSINESS_LICENCE, ID_CARD, _digital("社会保险单位参保登记表")],
        topics=["startup", "social_security"],
        proxy=ALL_TIERS,
    ),
    _item(
        RS,
        4,
        "失业保险金申领",
        item_type="05",
        legal=15,
        promised=5,
        online=4,
        visits=0,
        power="《中华人民共和国社会保险法》第四十五条；《失业保险条例》第十四条",
        conditions="失业前用人单位和本人已经缴纳失业保险费满一年；非因本人意愿中断就业；已经进行失业登记，"
        "并有求职要求。",
        materials=[
            ID_CARD,
            _paper("解除或终止劳动关系证明"),
            SOCIAL_SECURITY_CARD,
            BANK_ACCOUNT,
        ],
        topics=["employment", "social_security"],
        proxy=ALL_TIERS,
    ),
    _item(
        RS,
        5,
        "就业创业证申领",
        item_type="20",
        legal=5,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《就业服务与就业管理规定》第六十三条；《人力资源社会保障部关于印发〈就业创业证管理暂行办法〉"
        "的通知》",
        conditions="法定劳动年龄内、有劳动能力和就业要求、处于无业状态的城乡劳动者。",
        steps=IMMEDIATE,
        materials=[ID_CARD, _digital("就业创业证申领登记表")],
        topics=["employment"],
        proxy=ALL_TIERS,
    ),
    _item(
        RS,
        6,
        "创业担保贷款申请",
        item_type="05",
        legal=15,
        promised=10,
        power="《财政部 人力资源社会保障部 中国人民银行关于进一步加大创业担保贷款贴息力度全力支持重点群体"
        "创业就业的通知》（财金〔2020〕21号）",
        conditions="城镇登记失业人员、就业困难人员、返乡创业农民工、毕业 5 年内高校毕业生等符合条件的人员"
        "自主创业，个人贷款额度不超过 30 万元。",
        materials=[
            ID_CARD,
            BUSINESS_LICENCE,
            _paper("创业担保贷款申请表"),
            _paper("创业计划书", requirement="optional"),
            _paper("反担保材料", requirement="deferrable"),
        ],
        topics=["employment", "startup"],
        proxy=ALL_TIERS,
    ),
    _item(
        RS,
        7,
        "社会保障卡申领",
        item_type="20",
        legal=30,
        promised=10,
        online=4,
        visits=0,
        power="《中华人民共和国社会保险法》第五十八条；《社会保障卡管理办法》",
        conditions="已参加社会保险的人员，首次申领第三代社会保障卡。",
        materials=[ID_CARD, PHOTO, HOUSEHOLD_REGISTER | {"requirement": "optional"}],
        topics=["birth", "social_security", "medical"],
        proxy=ALL_TIERS,
    ),
    _item(
        RS,
        8,
        "工伤认定",
        item_type="07",
        legal=60,
        promised=30,
        power="《中华人民共和国社会保险法》第三十六条；《工伤保险条例》第十七条、第二十条",
        conditions="职工发生事故伤害或者被诊断、鉴定为职业病，用人单位在 30 日内、"
        "职工或其近亲属在 1 年内提出。",
        special=["appraisal"],
        extension=30,
        materials=[
            _either("工伤认定申请表", copies=2),
            _paper("与用人单位存在劳动关系的证明材料"),
            _paper("医疗诊断证明或者职业病诊断证明书"),
            ID_CARD,
            _paper("事故调查报告或证人证言", requirement="deferrable"),
        ],
        topics=["social_security", "employment"],
        proxy=CITY_TOWN,
    ),
    _item(
        RS,
        9,
        "劳务派遣经营许可",
        item_type="01",
        legal=20,
        promised=5,
        power="《中华人民共和国劳动合同法》第五十七条；《劳务派遣行政许可实施办法》第六条",
        conditions="注册资本不少于人民币 200 万元；有与开展业务相适应的固定经营场所和设施；"
        "有符合法律、行政法规规定的劳务派遣管理制度。",
        materials=[
            _either("劳务派遣经营许可申请书"),
            BUSINESS_LICENCE,
            PREMISES,
            _paper("劳务派遣管理制度", standard="包括劳动合同、劳动报酬、社会保险、工作时间等内容。"),
            _paper("法定代表人的身份证明"),
        ],
        topics=["business_permit", "employment"],
        proxy=CITY,
    ),
]

TRANSPORT_ITEMS = [
    _item(
        JT,
        1,
        "道路旅客运输班线经营许可",
        item_type="01",
        legal=20,
        promised=20,
        online=3,
        power="《中华人民共和国道路运输条例》第八条、第十条；《道路旅客运输及客运站管理规定》第十二条",
        conditions="有与其经营业务相适应并经检测合格的客车；有符合条件的驾驶人员；有健全的安全生产管理制度；"
        "有明确的线路和站点方案。",
        special=["hearing", "expert_review"],
        extension=10,
        yellow=3,
        materials=[
            _either("道路旅客运输班线经营申请表"),
            BUSINESS_LICENCE,
            _paper("可行性报告", standard="包括申请客运班线客流状况调查、运营方案、效益分析等。"),
            _paper("进站方案及已与起讫点客运站签订的进站协议", requirement="deferrable"),
            _paper("拟投入车辆承诺书"),
            _paper("安全生产管理制度文本"),
            _cert("道路运输从业人员从业资格证", requirement="optional"),
        ],
        topics=["transport", "business_permit"],
        proxy=CITY,
    ),
    _item(
        JT,
        2,
        "道路货物运输经营许可",
        item_type="01",
        legal=20,
        promised=5,
        online=4,
        visits=0,
        power="《中华人民共和国道路运输条例》第二十一条、第二十四条；《道路货物运输及站场管理规定》",
        conditions="有与其经营业务相适应并经检测合格的车辆；有符合规定条件的驾驶人员；有健全的安全生产管理制度。",
        materials=[
            _digital("道路货物运输经营申请表"),
            BUSINESS_LICENCE,
            ID_CARD,
            _paper("安全生产管理制度文本"),
        ],
        topics=["transport", "business_permit"],
        proxy=CITY_TOWN,
    ),
    _item(
        JT,
        3,
        "道路运输从业人员从业资格证核发",
        item_type="01",
        legal=10,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国道路运输条例》第九条；《道路运输从业人员管理规定》第十条",
        conditions="取得相应的机动车驾驶证；年龄不超过 60 周岁；经考试合格。考试合格的当场发证。",
        steps=IMMEDIATE,
        materials=[
            _digital("道路运输从业人员从业资格考试申请表"),
            ID_CARD,
            _cert("机动车驾驶证"),
            _paper("3 年内无重大以上交通责任事故记录证明", requirement="deferrable"),
        ],
        topics=["qualification", "transport", "employment"],
        proxy=ALL_TIERS,
    ),
    _item(
        JT,
        4,
        "出租汽车驾驶员从业资格证核发",
        item_type="01",
        legal=10,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        power="《出租汽车驾驶员从业资格管理规定》第十条、第十六条",
        conditions="取得相应准驾车型机动车驾驶证并具有 3 年以上驾驶经历；无交通肇事犯罪、危险驾驶犯罪记录；"
        "经全国公共科目和区域科目考试合格。",
        steps=IMMEDIATE,
        materials=[ID_CARD, _cert("机动车驾驶证"), _paper("出租汽车驾驶员从业资格申请表"), PHOTO],
        topics=["qualification", "transport", "employment"],
        proxy=CITY_TOWN,
    ),
    _item(
        JT,
        5,
        "道路运输证配发",
        item_type="01",
        legal=5,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国道路运输条例》第三十三条；《道路运输车辆技术管理规定》",
        conditions="已取得道路运输经营许可；车辆经检测达到规定技术等级。",
        steps=IMMEDIATE,
        materials=[
            _cert("道路运输经营许可证"),
            _cert("机动车行驶证"),
            _paper("车辆技术等级评定报告"),
        ],
        topics=["transport"],
        proxy=CITY_TOWN,
    ),
]

CIVIL_AFFAIRS_ITEMS = [
    _item(
        MZ,
        1,
        "最低生活保障审批",
        item_type="05",
        tier="town",
        legal=30,
        promised=20,
        power="《社会救助暂行办法》第九条、第十一条；《山东省最低生活保障办法》；"
        "《山东省民政厅关于推进社会救助审核确认权限下放的通知》",
        conditions="共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定。"
        "审批权下放镇（街道）后，办理时限由 3 个月压缩至 1 个月。",
        steps=TOWN_AID,
        special=["inspection"],
        yellow=5,
        materials=[
            _either("最低生活保障申请书", standard="写明家庭成员、收入、财产和申请理由。"),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            _paper("家庭经济状况核对授权书", standard="共同生活的家庭成员均须签字。"),
            _shared("家庭成员不动产登记信息", BDC),
            _shared("家庭成员社会保险参保缴费信息", RS),
            _shared("家庭成员车辆登记信息", GA),
            _paper("残疾证或疾病诊断证明", requirement="optional"),
        ],
        topics=["social_assistance"],
        proxy=TOWN_VILLAGE,
        delegated=True,
    ),
    _item(
        MZ,
        2,
        "特困人员救助供养审批",
        item_type="05",
        tier="town",
        legal=30,
        promised=20,
        power="《社会救助暂行办法》第十四条、第十六条；《特困人员认定办法》",
        conditions="老年人、残疾人以及未满 16 周岁的未成年人，无劳动能力、无生活来源、无法定赡养抚养扶养"
        "义务人或其义务人无履行义务能力。",
        steps=TOWN_AID,
        special=["inspection"],
        materials=[
            _either("特困人员救助供养申请书"),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            _shared("家庭成员不动产登记信息", BDC),
            _paper("残疾证或疾病诊断证明", requirement="optional"),
        ],
        topics=["social_assistance", "elderly"],
        proxy=TOWN_VILLAGE,
        delegated=True,
    ),
    _item(
        MZ,
        3,
        "临时救助",
        item_type="05",
        tier="town",
        legal=15,
        promised=10,
        power="《社会救助暂行办法》第四十七条、第四十八条；《山东省临时救助办法》",
        conditions="因火灾、交通事故等意外事件或家庭成员突发重大疾病，导致基本生活暂时出现严重困难的家庭或个人。",
        steps=TOWN_AID,
        materials=[
            _either("临时救助申请书"),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            _paper("遭遇困难的证明材料", requirement="deferrable", standard="如医疗费用票据、事故证明。"),
        ],
        topics=["social_assistance"],
        proxy=TOWN_VILLAGE,
        delegated=True,
    ),
    _item(
        MZ,
        4,
        "困难残疾人生活补贴和重度残疾人护理补贴给付",
        item_type="05",
        tier="town",
        legal=30,
        promised=15,
        power="《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
        conditions="持有第二代残疾人证的低保家庭残疾人；残疾等级为一级、二级且需长期照护的重度残疾人。",
        steps=TOWN_AID,
        materials=[
            _paper("残疾人两项补贴申请审批表"),
            ID_CARD,
            _cert("中华人民共和国残疾人证", "残疾人证"),
            BANK_ACCOUNT,
        ],
        topics=["social_assistance"],
        proxy=TOWN_VILLAGE,
        delegated=True,
    ),
    _item(
        MZ,
        5,
        "80 周岁以上老年人高龄津贴发放",
        item_type="05",
        tier="town",
        legal=20,
        promised=10,
        power="《中华人民共和国老年人权益保障法》第三十三条；《山东省老年人权益保障条例》",
        conditions="具有本市户籍、年满 80 周岁的老年人。",
        steps=TOWN_AID,
        materials=[ID_CARD, HOUSEHOLD_REGISTER, SOCIAL_SECURITY_CARD, BANK_ACCOUNT],
        topics=["elderly"],
        proxy=TOWN_VILLAGE,
        delegated=True,
    ),
    _item(
        MZ,
        6,
        "内地居民结婚登记",
        item_type="07",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        visits=1,
        online=2,
        power="《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第四条、第七条",
        conditions="男女双方完全自愿，男不早于 22 周岁、女不早于 20 周岁，双方均无配偶，"
        "无禁止结婚的亲属关系；双方亲自到婚姻登记机关申请。",
        steps=IMMEDIATE,
        materials=[
            ID_CARD,
            HOUSEHOLD_REGISTER | {"requirement": "optional", "acceptance_standard": "全国通办时可不提交。"},
            _paper("本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明"),
            _digital("双方近期半身免冠合影照片", requirement="optional"),
        ],
        topics=["marriage"],
    ),
    _item(
        MZ,
        7,
        "社会团体成立登记",
        item_type="01",
        legal=60,
        promised=20,
        power="《社会团体登记管理条例》第九条、第十二条",
        conditions="有 50 个以上的个人会员或者 30 个以上的单位会员；有规范的名称和相应的组织机构；"
        "有固定的住所；有合法的资产和经费来源。",
        special=["expert_review"],
        materials=[
            _either("社会团体成立登记申请书"),
            _paper("业务主管单位的批准文件", requirement="optional"),
            _paper("验资报告、场所使用权证明"),
            _paper("发起人和拟任负责人的基本情况、身份证明"),
            _paper("章程草案"),
        ],
        topics=["startup"],
        proxy=CITY,
    ),
    _item(
        MZ,
        8,
        "养老机构备案",
        item_type="10",
        legal=5,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国老年人权益保障法》第四十三条；《养老机构管理办法》第九条",
        conditions="已依法办理法人登记的养老机构，在收住老年人后 10 个工作日内备案。",
        steps=IMMEDIATE,
        materials=[
            _digital("养老机构备案书"),
            BUSINESS_LICENCE,
            _paper("养老机构备案承诺书"),
            _paper("消防安全检查合格证明或承诺", requirement="deferrable"),
        ],
        topics=["elderly", "business_permit"],
        proxy=CITY_TOWN,
    ),
]

HEALTH_ITEMS = [
    _item(
        WJ,
        1,
        "出生医学证明首次签发",
        item_type="20",
        legal=5,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        power="《中华人民共和国母婴保健法》第二十三条；《国家卫生计生委 公安部关于启用和规范管理新版"
        "〈出生医学证明〉的通知》",
        conditions="在本市助产机构内出生的新生儿，由父母或监护人申领。",
        steps=IMMEDIATE,
        materials=[
            ID_CARD,
            _paper("出生医学证明首次签发登记表"),
            MARRIAGE_CERTIFICATE | {"requirement": "optional"},
        ],
        topics=["birth", "medical"],
        proxy=ALL_TIERS,
    ),
    _item(
        WJ,
        2,
        "公共场所卫生许可",
        item_type="01",
        legal=20,
        promised=3,
        online=4,
        visits=0,
        power="《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第二十二条",
        conditions="场所布局合理，卫生设施设备符合要求；从业人员取得健康合格证明；实行告知承诺制。",
        steps=SITE_CHECK,
        materials=[
            _digital("公共场所卫生许可申请表"),
            BUSINESS_LICENCE,
            ID_CARD,
            PREMISES,
            _paper("卫生管理制度", requirement="deferrable"),
            _paper("从业人员健康合格证明", requirement="deferrable"),
        ],
        topics=["business_permit", "startup"],
        proxy=ALL_TIERS,
    ),
    _item(
        WJ,
        3,
        "医疗机构执业登记",
        item_type="01",
        legal=45,
        promised=20,
        power="《医疗机构管理条例》第十五条、第十六条；《医疗机构管理条例实施细则》第二十八条",
        conditions="有设置医疗机构批准书或备案凭证；符合医疗机构基本标准；有适合的名称、组织机构和场所；"
        "有相应的医务人员和设备。",
        steps=SITE_CHECK,
        special=["inspection"],
        extension=15,
        materials=[
            _either("医疗机构申请执业登记注册书"),
            _paper("设置医疗机构批准书或备案回执"),
            PREMISES,
            _paper("医务人员执业证书及名录"),
            _paper("医疗机构规章制度"),
            _paper("主要设备清单", requirement="optional"),
        ],
        topics=["medical", "business_permit"],
        proxy=CITY,
    ),
    _item(
        WJ,
        4,
        "医师执业注册",
        item_type="01",
        legal=20,
        promised=5,
        online=4,
        visits=0,
        power="《中华人民共和国医师法》第十三条；《医师执业注册管理办法》第九条",
        conditions="取得医师资格，拟在医疗、预防、保健机构中执业，身体健康。",
        materials=[
            _digital("医师执业注册申请审核表"),
            _cert("医师资格证书"),
            _paper("6 个月内的健康体检证明"),
            _paper("拟执业机构的聘用证明"),
        ],
        topics=["qualification", "medical"],
        proxy=CITY,
    ),
    _item(
        WJ,
        5,
        "生育登记",
        item_type="20",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国人口与计划生育法》第二十条；《山东省人口与计划生育条例》",
        conditions="依法生育子女的夫妻，在孕前或孕期自愿登记。",
        steps=IMMEDIATE,
        materials=[ID_CARD, MARRIAGE_CERTIFICATE, HOUSEHOLD_REGISTER | {"requirement": "optional"}],
        topics=["birth", "marriage"],
        proxy=ALL_TIERS,
    ),
]

ENVIRONMENT_ITEMS = [
    _item(
        STHJ,
        1,
        "建设项目环境影响报告表审批",
        item_type="01",
        legal=30,
        promised=15,
        power="《中华人民共和国环境影响评价法》第二十二条；《建设项目环境保护管理条例》第九条",
        conditions="建设项目类型及其选址、布局、规模符合环境保护法律法规和相关规划；采取的污染防治措施"
        "能确保污染物排放达标。",
        special=["expert_review"],
        extension=10,
        materials=[
            _either("建设项目环境影响评价文件审批申请书"),
            _paper("建设项目环境影响报告表", copies=2),
            BUSINESS_LICENCE,
            _paper("公众参与说明", requirement="optional"),
        ],
        topics=["environment", "construction"],
        proxy=CITY,
    ),
    _item(
        STHJ,
        2,
        "建设项目环境影响报告书审批",
        item_type="01",
        tier="city",
        legal=60,
        promised=30,
        kind=CaseKind.REPORT_UP,
        report_up=("泰安市行政审批服务局", 30),
        power="《中华人民共和国环境影响评价法》第二十二条；《山东省建设项目环境影响评价文件审批权限规定》",
        conditions="可能造成重大环境影响的建设项目；新泰市受理初审后报泰安市行政审批服务局审批。",
        steps=REPORT_UP,
        special=["expert_review", "hearing"],
        extension=15,
        materials=[
            _either("建设项目环境影响评价文件审批申请书"),
            _paper("建设项目环境影响报告书", copies=3),
            BUSINESS_LICENCE,
            _paper("公众参与说明"),
            _paper("新泰市生态环境局初审意见", requirement="deferrable"),
        ],
        topics=["environment", "construction"],
        proxy=CITY,
    ),
    _item(
        STHJ,
        3,
        "排污许可证核发",
        item_type="01",
        tier="city",
        legal=30,
        promised=20,
        kind=CaseKind.REPORT_UP,
        report_up=("泰安市生态环境局", 15),
        power="《排污许可管理条例》第十二条；《排污许可管理办法》",
        conditions="依法取得建设项目环境影响评价文件审批意见；污染物排放符合排放标准和重点污染物总量控制要求。",
        steps=REPORT_UP,
        special=["inspection"],
        materials=[
            _digital("排污许可证申请表"),
            BUSINESS_LICENCE,
            _paper("自行监测方案"),
            _paper("守法承诺书"),
            _paper("建设项目环境影响评价批复文件", requirement="deferrable"),
        ],
        topics=["environment", "business_permit"],
        proxy=CITY,
    ),
]

TAX_ITEMS = [
    _item(
        SW,
        1,
        "新办纳税人涉税事项套餐（发票领用）",
        item_type="10",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国税收征收管理法》第十五条；《中华人民共和国发票管理办法》第十五条",
        conditions="已领取营业执照的新办纳税人，一次办结信息确认、税种认定、票种核定、税务 UKey 发放等事项。",
        steps=IMMEDIATE,
        materials=[
            BUSINESS_LICENCE,
            ID_CARD,
            _digital("新办纳税人涉税事项综合申请表"),
            _digital("经办人实名信息", requirement="optional"),
        ],
        topics=["tax", "startup"],
        proxy=ALL_TIERS,
    ),
    _item(
        SW,
        2,
        "增值税一般纳税人登记",
        item_type="10",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国增值税暂行条例》第十三条；《增值税一般纳税人登记管理办法》第三条",
        conditions="年应税销售额超过小规模纳税人标准，或会计核算健全、能够提供准确税务资料的纳税人。",
        steps=IMMEDIATE,
        materials=[BUSINESS_LICENCE, _digital("增值税一般纳税人登记表")],
        topics=["tax"],
        proxy=CITY_TOWN,
    ),
    _item(
        SW,
        3,
        "存量房交易税费申报",
        item_type="04",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        power="《中华人民共和国契税法》第九条；《中华人民共和国个人所得税法》；《中华人民共和国增值税暂行条例》",
        conditions="二手房买卖双方已签订网签合同，申报缴纳契税、增值税及附加、个人所得税等税费。",
        steps=IMMEDIATE,
        materials=[
            ID_CARD,
            PROPERTY_CERTIFICATE,
            SALE_CONTRACT,
            MARRIAGE_CERTIFICATE
            | {"requirement": "optional", "acceptance_standard": "享受家庭唯一住房优惠时调取。"},
            _paper("房屋原值凭证", requirement="optional"),
        ],
        topics=["housing", "tax"],
        proxy=ALL_TIERS,
    ),
    _item(
        SW,
        4,
        "城乡居民基本医疗保险费缴费申报",
        item_type="04",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国社会保险法》第二十五条；《国税地税征管体制改革方案》",
        conditions="参加城乡居民基本医疗保险的人员，新生儿自出生之日起即可参保缴费。",
        steps=IMMEDIATE,
        materials=[ID_CARD, HOUSEHOLD_REGISTER, BIRTH_CERTIFICATE | {"requirement": "optional"}],
        topics=["birth", "medical", "tax", "social_security"],
        proxy=ALL_TIERS,
    ),
    _item(
        SW,
        5,
        "清税证明开具",
        item_type="10",
        legal=20,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国税收征收管理法》第十六条；《中华人民共和国税收征收管理法实施细则》第十五条",
        conditions="纳税人已结清应纳税款、滞纳金、罚款，缴销发票，未办结事项已处理完毕。",
        steps=IMMEDIATE,
        materials=[BUSINESS_LICENCE, _digital("清税申报表"), ID_CARD],
        topics=["tax", "startup"],
        proxy=CITY_TOWN,
    ),
    _item(
        SW,
        6,
        "个人所得税综合所得汇算清缴",
        item_type="10",
        legal=1,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《中华人民共和国个人所得税法》第十一条；《中华人民共和国个人所得税法实施条例》第二十五条",
        conditions="取得综合所得且需要办理汇算清缴的纳税人，在次年 3 月 1 日至 6 月 30 日内办理。",
        steps=IMMEDIATE,
        materials=[
            ID_CARD,
            _digital("个人所得税年度自行纳税申报表"),
            BANK_ACCOUNT | {"requirement": "optional"},
        ],
        topics=["tax", "employment"],
        proxy=CITY_TOWN,
    ),
]

FUND_ITEMS = [
    _item(
        GJJ,
        1,
        "住房公积金提取（购买自住住房）",
        item_type="20",
        legal=3,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《住房公积金管理条例》第二十四条；《泰安市住房公积金提取管理办法》",
        conditions="职工购买、建造、翻建、大修自住住房，可提取本人及配偶住房公积金账户内的存储余额。",
        steps=IMMEDIATE,
        materials=[
            ID_CARD,
            SALE_CONTRACT,
            PROPERTY_CERTIFICATE
            | {"requirement": "optional", "acceptance_standard": "已办理转移登记的调取。"},
            _shared("购房契税完税信息", SW),
            MARRIAGE_CERTIFICATE | {"requirement": "optional"},
            BANK_ACCOUNT,
        ],
        topics=["housing"],
        proxy=ALL_TIERS,
    ),
    _item(
        GJJ,
        2,
        "住房公积金个人住房贷款",
        item_type="20",
        legal=15,
        promised=5,
        power="《住房公积金管理条例》第二十六条；《泰安市住房公积金个人住房贷款管理办法》",
        conditions="连续足额缴存住房公积金 6 个月以上，购买、建造、翻建、大修自住住房。",
        materials=[
            _either("住房公积金个人住房贷款申请表"),
            ID_CARD,
            SALE_CONTRACT,
            MARRIAGE_CERTIFICATE | {"requirement": "optional"},
            _paper("首付款证明"),
            _paper("借款人收入证明", requirement="deferrable"),
        ],
        topics=["housing"],
        proxy=CITY_TOWN,
    ),
    _item(
        GJJ,
        3,
        "住房公积金单位缴存登记",
        item_type="20",
        legal=20,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《住房公积金管理条例》第十四条、第十五条",
        conditions="新设立的单位应当自设立之日起 30 日内办理住房公积金缴存登记。",
        steps=IMMEDIATE,
        materials=[BUSINESS_LICENCE, ID_CARD, _digital("住房公积金单位缴存登记表")],
        topics=["startup", "housing"],
        proxy=ALL_TIERS,
    ),
    _item(
        GJJ,
        4,
        "住房公积金缴存基数调整",
        item_type="20",
        legal=5,
        promised=0,
        kind=CaseKind.IMMEDIATE,
        online=4,
        visits=0,
        power="《住房公积金管理条例》第十六条",
        conditions="单位每年按职工上一年度月平均工资调整缴存基数。",
        steps=IMMEDIATE,
        materials=[BUSINESS_LICENCE, _digital("住房公积金缴存基数调整清册")],
        topics=["housing"],
        proxy=CITY,
    ),
]

AGRICULTURE_ITEMS = [
    _item(
        NY,
        1,
        "农村村民宅基地和建房（规划许可）联合审批",
        item_type="01",
        tier="town",
        legal=20,
        promised=15,
        kind=CaseKind.JOINT,
        power="《中华人民共和国土地管理法》第六十二条；《中华人民共和国城乡规划法》第四十一条；"
        "《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）",
        conditions="一户只能拥有一处宅基地；符合村庄规划和用途管制要求；经村民小组和村民委员会审查公示。",
        steps=JOINT,
        special=["inspection"],
        materials=[
            _either("农村宅基地和建房（规划许可）申请表"),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            _paper("农村宅基地使用承诺书"),
            _paper("村民小组会议记录和村民委员会审查意见"),
            _paper("农房设计图或通用图", requirement="optional"),
        ],
        topics=["agriculture", "housing"],
        proxy=TOWN_VILLAGE,
        delegated=True,
        joint=[(NY, 15), (ZRZY, 15)],
    ),
    _item(
        NY,
        2,
        "农药经营许可",
        item_type="01",
        legal=20,
        promised=10,
        power="《农药管理条例》第二十四条、第二十五条；《农药经营许可管理办法》",
        conditions="有具备农药和病虫害防治专业知识的经营人员；有与经营农药相适应的营业场所和仓储场所；"
        "有农药采购、销售台账等管理制度。",
        steps=SITE_CHECK,
        materials=[
            _either("农药经营许可证申请表"),
            BUSINESS_LICENCE,
            ID_CARD,
            PREMISES,
            _paper("经营人员专业证明"),
            _paper("农药经营管理制度和岗位操作规程"),
        ],
        topics=["agriculture", "business_permit"],
        proxy=ALL_TIERS,
    ),
    _item(
        NY,
        3,
        "兽药经营许可证核发",
        item_type="01",
        legal=30,
        promised=10,
        power="《兽药管理条例》第二十二条；《兽药经营质量管理规范》",
        conditions="有与兽药经营相适应的兽药技术人员、营业场所、设备和仓库设施；有质量管理机构或人员。",
        steps=SITE_CHECK,
        materials=[
            _either("兽药经营许可证申请表"),
            BUSINESS_LICENCE,
            PREMISES,
            _paper("质量管理文件"),
        ],
        topics=["agriculture", "business_permit"],
        proxy=CITY_TOWN,
    ),
    _item(
        NY,
        4,
        "动物防疫条件合格证核发",
        item_type="01",
        legal=20,
        promised=10,
        power="《中华人民共和国动物防疫法》第二十四条、第二十五条；《动物防疫条件审查办法》",
        conditions="场所位置与居民生活区、生活饮用水水源地、学校、医院等距离符合规定；有相应的污水、污物、"
        "病死动物无害化处理设施。",
        steps=SITE_CHECK,
        special=["inspection"],
        materials=[
            _either("动物防疫条件审查申请表"),
            ID_CARD,
            _paper("场所地理位置图、各功能区布局平面图"),
            _paper("动物防疫制度"),
        ],
        topics=["agriculture", "business_permit"],
        proxy=ALL_TIERS,
    ),
    _item(
        NY,
        5,
        "主要农作物种子生产经营许可证核发",
        item_type="01",
        tier="city",
        legal=20,
        promised=15,
        kind=CaseKind.REPORT_UP,
        report_up=("泰安市行政审批服务局", 15),
        power="《中华人民共和国种子法》第三十一条；《农作物种子生产经营许可管理办法》第十九条",
        conditions="具有与种子生产经营相适应的生产经营设施、设备及专业技术人员；种子生产地点无检疫性有害生物。",
        steps=REPORT_UP,
        special=["inspection", "quarantine"],
        materials=[
            _either("农作物种子生产经营许可证申请表"),
            BUSINESS_LICENCE,
            _paper("种子生产地点检疫证明"),
            _paper("种子加工、检验设施和仪器设备清单"),
            _paper("品种审定证书或登记证书"),
        ],
        topics=["agriculture", "business_permit"],
        proxy=CITY,
    ),
    _item(
        NY,
        6,
        "农机购置与应用补贴申领",
        item_type="05",
        legal=20,
        promised=15,
        online=4,
        visits=0,
        power="《中华人民共和国农业机械化促进法》第二十七条；《2024—2026 年农机购置与应用补贴实施意见》",
        conditions="从事农业生产的个人和农业生产经营组织购置列入补贴范围的农业机械。",
        steps=SITE_CHECK,
        materials=[
            ID_CARD,
            _paper("农机购置发票"),
            _paper("农机购置与应用补贴申请表"),
            BANK_ACCOUNT,
        ],
        topics=["agriculture"],
        proxy=ALL_TIERS,
        delegated=True,
    ),
]

EDUCATION_ITEMS = [
    _item(
        JY,
        1,
        "义务教育阶段新生入学登记",
        item_type="20",
        legal=10,
        promised=5,
        online=4,
        visits=0,
        power="《中华人民共和国义务教育法》第十二条；《山东省义务教育条例》",
        conditions="年满 6 周岁的适龄儿童，在户籍或居住地所在学区登记入学。",
        materials=[
            HOUSEHOLD_REGISTER,
            ID_CARD,
            PROPERTY_CERTIFICATE
            | {"requirement": "optional", "acceptance_standard": "以房产划片入学时调取。"},
            BIRTH_CERTIFICATE | {"requirement": "optional"},
        ],
        topics=["education"],
        proxy=ALL_TIERS,
    ),
    _item(
        JY,
        2,
        "中小学生转学",
        item_type="20",
        legal=5,
        promised=3,
        online=4,
        visits=0,
        power="《中小学生学籍管理办法》第十一条",
        conditions="因户籍迁移、父母工作调动、家庭住址变更等原因，学生可申请转学。",
        materials=[
            ID_CARD,
            HOUSEHOLD_REGISTER,
            _digital("中小学生转学申请表"),
            _paper("转入学校接收证明"),
        ],
        topics=["education"],
        proxy=ALL_TIERS,
    ),
    _item(
        JY,
        3,
        "教师资格认定",
        item_type="07",
        legal=30,
        promised=20,
        online=3,
        power="《中华人民共和国教师法》第十三条；《教师资格条例》第十三条；《〈教师资格条例〉实施办法》",
        conditions="具备国家规定的学历，中小学教师资格考试合格，普通话水平达到规定等级，思想品德和身体条件合格。",
        special=["inspection"],
        materials=[
            ID_CARD,
            _cert("学历证书"),
            _cert("中小学教师资格考试合格证明"),
            _cert("普通话水平测试等级证书"),
            _paper("教师资格认定体检表", standard="县级以上医院出具，体检结论合格。"),
            PHOTO,
        ],
        topics=["qualification", "education", "employment"],
        proxy=CITY,
    ),
    _item(
        JY,
        4,
        "民办学校办学许可",
        item_type="01",
        legal=60,
        promised=30,
        power="《中华人民共和国民办教育促进法》第十二条、第十七条；《中华人民共和国民办教育促进法实施条例》",
        conditions="具有法人资格的举办者；有合格的教师和管理人员；有与办学规模相适应的校舍和设施。",
        steps=SITE_CHECK,
        special=["expert_review"],
        extension=30,
        materials=[
            _either("民办学校办学许可申请报告"),
            _paper("学校章程和首届理事会、董事会组成人员名单"),
            _paper("校长、教师、财会人员的资格证明"),
            _paper("资产来源、资金数额及有效证明文件"),
            PREMISES,
        ],
        topics=["education", "business_permit"],
        proxy=CITY,
    ),
    _item(
        JY,
        5,
        "高危险性体育项目经营许可（游泳）",
        item_type="01",
        legal=30,
        promised=10,
        power="《全民健身条例》第三十二条；《经营高危险性体育项目许可管理办法》",
        conditions="相关体育设施符合国家标准；具有达到规定数量的取得国家职业资格证书的社会体育指导人员和"
        "救助人员；具有安全保障制度和措施。",
        steps=SITE_CHECK,
        special=["inspection"],
        materials=[
            _either("经营高危险性体育项目申请书"),
            BUSINESS_LICENCE,
            PREMISES,
            _paper("社会体育指导人员和救助人员职业资格证明"),
            _paper("安全保障制度和措施"),
        ],
        topics=["business_permit"],
        proxy=CITY,
    ),
]

STARTUP_JOINT = _item(
    SCJG,
    9,
    "企业开办一窗通办（营业执照、公章刻制、发票申领、社保和公积金登记）",
    item_type="10",
    legal=3,
    promised=1,
    kind=CaseKind.JOINT,
    online=4,
    visits=0,
    power="《优化营商环境条例》第十九条；《山东省优化营商环境条例》；"
    "《国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见》（国办发〔2022〕30号）",
    conditions="新开办企业通过“一窗通”平台一次提交，市场监管、公安、税务、人社、公积金并联办理，"
    "1 个工作日内办结。",
    steps=JOINT,
    materials=[
        _digital("企业开办一窗通申请表"),
        ARTICLES,
        ID_CARD,
        PREMISES,
        POWER_OF_ATTORNEY,
    ],
    topics=["startup"],
    proxy=ALL_TIERS,
    joint=[(SCJG, 1), (GA, 1), (SW, 1), (RS, 1), (GJJ, 1)],
)

ITEMS = [
    *MARKET_ITEMS,
    STARTUP_JOINT,
    *PLANNING_ITEMS,
    *BUILDING_ITEMS,
    *PROPERTY_ITEMS,
    *POLICE_ITEMS,
    *LABOUR_ITEMS,
    *TRANSPORT_ITEMS,
    *CIVIL_AFFAIRS_ITEMS,
    *HEALTH_ITEMS,
    *ENVIRONMENT_ITEMS,
    *TAX_ITEMS,
    *FUND_ITEMS,
    *AGRICULTURE_ITEMS,
    *EDUCATION_ITEMS,
]

# --- "one thing" bundles (items named as above, in the order they are handled) ---------------------------

BUNDLES = [
    {
        "code": "YJS-KCG",
        "name": "我要开餐馆",
        "description": "开一家餐馆要办的营业执照、食品经营许可、公共场所卫生许可、排水许可和发票申领，"
        "一张表单、一套材料、一次办结；身份证、营业执照、经营场所证明只需提供一次。",
        "topics": ["startup", "business_permit"],
        "items": [
            "企业设立登记",
            "食品经营许可",
            "公共场所卫生许可",
            "城镇污水排入排水管网许可证核发",
            "新办纳税人涉税事项套餐（发票领用）",
        ],
    },
    {
        "code": "YJS-CSDJ",
        "name": "新生儿出生一件事",
        "description": "出生医学证明、出生登记（落户）、城乡居民医保参保缴费和社会保障卡申领联办，"
        "父母身份证、户口簿、结婚证只需提供一次。",
        "topics": ["birth"],
        "items": [
            "出生医学证明首次签发",
            "出生登记",
            "城乡居民基本医疗保险费缴费申报",
            "社会保障卡申领",
        ],
    },
    {
        "code": "YJS-QYKB",
        "name": "我要开办企业（多证合一）",
        "description": "营业执照、公章刻制备案、新办纳税人套餐、社会保险登记、住房公积金缴存登记一次申请，"
        "1 个工作日内办结。",
        "topics": ["startup"],
        "items": [
            "企业设立登记",
            "公章刻制备案",
            "新办纳税人涉税事项套餐（发票领用）",
            "企业职工基本养老保险参保登记（单位）",
            "住房公积金单位缴存登记",
        ],
    },
    {
        "code": "YJS-BDCJY",
        "name": "不动产交易登记一件事",
        "description": "二手房买卖的税费申报、不动产转移登记和住房公积金提取一窗受理、并行办理，"
        "买卖合同、不动产权证书只需提交一次。",
        "topics": ["housing", "tax"],
        "items": ["存量房交易税费申报", "不动产转移登记", "住房公积金提取（购买自住住房）"],
    },
    {
        "code": "YJS-JHDJ",
        "name": "结婚落户一件事",
        "description": "结婚登记后，一次办理户口迁移和生育登记。",
        "topics": ["marriage", "household"],
        "items": ["内地居民结婚登记", "户口迁移（市内）", "生育登记"],
    },
]


# --- loading -----------------------------------------------------------------------------------------


def demo_codes() -> list[str]:
    return [spec["implementation_code"] for spec in ITEMS]


def _resolve(spec: dict, departments: dict[str, Department]) -> dict:
    """The spec with department names replaced by departments."""
    data = {**spec, "department": departments[spec["department"]]}
    data["materials"] = [
        {**m, "source_department": departments[m["source_department"]]} if m.get("source_department") else m
        for m in spec["materials"]
    ]
    data["joint_departments"] = [
        {**j, "department": departments[j["department"]]} for j in spec["joint_departments"]
    ]
    return data


def _departments() -> dict[str, Department]:
    names = {spec["department"] for spec in ITEMS}
    for spec in ITEMS:
        names |= {m["source_department"] for m in spec["materials"] if m.get("source_department")}
        names |= {j["department"] for j in spec["joint_departments"]}
    try:
        return {name: Department.objects.get(name=name) for name in sorted(names)}
    except Department.DoesNotExist as exc:
        raise RuntimeError("先加载示范县（onewindow.demo.county.load_demo），再加载示范事项清单。") from exc


def _item_of(code: str) -> Item | None:
    version = ItemVersion.objects.filter(implementation_code=code).order_by("-pk").first()
    return version.item if version else None


@transaction.atomic
def load_demo_catalog() -> dict:
    """Create what is missing of the demo catalog; returns how much of it the catalog now holds."""
    for order, (code, name, audience) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(
            code=code, defaults={"name": name, "audience": audience, "sort_order": order}
        )
    departments = _departments()
    created = 0
    for spec in ITEMS:
        if ItemVersion.objects.filter(implementation_code=spec["implementation_code"]).exists():
            continue  # loaded before; an administrator may have edited, drafted or retired it since
        draft = services.save_draft(actor=None, data=_resolve(spec, departments))
        services.publish(actor=None, version=draft)
        created += 1
    code_by_name = {spec["name"]: spec["implementation_code"] for spec in ITEMS}
    for spec in BUNDLES:
        bundle, made = Bundle.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "description": spec["description"]}
        )
        if made:
            bundle.topics.set(Topic.objects.filter(code__in=spec["topics"]))
        for order, name in enumerate(spec["items"], start=1):
            item = _item_of(code_by_name[name])
            if item is not None:
                BundleItem.objects.get_or_create(bundle=bundle, item=item, defaults={"sort_order": order})
    counts = catalog_counts()
    counts["items_created"] = created
    audit.record(
        actor=None, action="demo.catalog.load", object_type="demo", object_id="catalog", after=counts
    )
    return counts


def proxy_list(tier: str) -> QuerySet[ItemVersion]:
    """The live items proxy agents of a tier (city, town, village) may carry: that tier's proxy list."""
    return selectors.search(selectors.ItemFilters(proxyable=tier))


def catalog_counts() -> dict:
    """How much of the demo catalog is live: items, departments, kinds, bundles and the proxy lists."""
    live = ItemVersion.objects.filter(status=VersionStatus.PUBLISHED, implementation_code__in=demo_codes())
    return {
        "topics": Topic.objects.filter(code__in=[code for code, _name, _aud in TOPICS]).count(),
        "items": live.count(),
        "departments": live.values("department").distinct().count(),
        "joint": live.filter(case_kind=CaseKind.JOINT).count(),
        "report_up": live.filter(case_kind=CaseKind.REPORT_UP).count(),
        "immediate": live.filter(case_kind=CaseKind.IMMEDIATE).count(),
        "delegated_to_town": live.filter(delegated_to_town=True).count(),
        "bundles": Bundle.objects.filter(code__in=[b["code"] for b in BUNDLES]).count(),
        **{f"proxy_{tier}": proxy_list(tier).filter(pk__in=live).count() for tier in ALL_TIERS},
    }
