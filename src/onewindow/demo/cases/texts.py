"""What the people in the demo write: reasons, opinions and legal bases, and who applies at what age.

Stored data, as a clerk would type it (in Chinese), not interface text: it is not translated.
"""

AGE_RANGES = {
    "80 周岁以上老年人高龄津贴发放": (80, 94),
    "城乡居民基本养老保险待遇申领": (60, 72),
    "城乡居民基本养老保险参保登记": (20, 59),
    "内地居民结婚登记": (22, 36),
    "结婚落户一件事": (22, 36),
    "出生医学证明首次签发": (24, 40),
    "出生登记": (24, 40),
    "生育登记": (22, 40),
    "新生儿出生一件事": (24, 40),
    "教师资格认定": (22, 35),
    "义务教育阶段新生入学登记": (28, 42),
    "中小学生转学": (30, 48),
    "失业保险金申领": (22, 58),
    "工伤认定": (20, 58),
}

PAUSE_REASONS = {
    "supplement": "审查中发现申请材料需补充说明，已书面一次性告知申请人补正。",
    "inspection": "委托检验机构进行现场检验，检验期间暂停计时。",
    "testing": "委托第三方检测机构检测，检测期间不计入办理时限。",
    "expert_review": "组织专家评审，评审期间暂停计时。",
    "hearing": "涉及重大公共利益，依法举行听证，听证期间暂停计时。",
    "appraisal": "委托劳动能力鉴定委员会鉴定，鉴定期间暂停计时。",
    "quarantine": "送植物检疫机构检疫，检疫期间暂停计时。",
    "tendering": "依法组织招标，招标期间暂停计时。",
    "auction": "依法组织拍卖，拍卖期间暂停计时。",
}
LICENSING_ACT = "《中华人民共和国行政许可法》"
# Not accepted (第三十二条): the first two only where the item is a licence (行政许可).
LICENCE_RETURNS = [
    ("申请事项依法不需要取得行政许可，已告知申请人按备案程序办理。", "第三十二条第一款第（一）项"),
    ("申请事项依法不属于本中心受理范围，已告知申请人向有权机关申请。", "第三十二条第一款第（二）项"),
]
RETURN_ANY = "经核查，申请人不符合本事项的受理条件，已当场书面说明理由。"
RETURN_PREMISES = "申请人提交的经营场所证明与实际不符，且无法当场更正。"
DENIALS = ["经审查，申请人提交的证明材料与事实不符。", "经审查，申请事项不符合法定条件和标准。"]
DENIAL_PREMISES = "经现场核查，经营场所和设施条件与申请材料不符，不符合许可条件。"
DENIAL_HOUSEHOLD = "经入户调查和家庭经济状况核对，申请人家庭不符合保障条件。"


def return_reason(rng, offer) -> tuple[str, str]:
    """Why the window does not accept an application, and on what basis."""
    options = [(RETURN_ANY, "")]
    if offer.licence:
        options += [(reason, LICENSING_ACT + article) for reason, article in LICENCE_RETURNS]
    if offer.for_firms:
        options.append((RETURN_PREMISES, ""))
    reason, basis = rng.choice(options)
    return reason, basis or offer.power


def denial(rng, offer) -> tuple[str, str]:
    """Why a department refuses, and on what basis (the item's own, and the licensing act's 38(2))."""
    options = list(DENIALS)
    if offer.for_firms and set(offer.special) & {"inspection", "testing"}:
        options.append(DENIAL_PREMISES)
    if offer.department == "民政局":
        options = [DENIAL_HOUSEHOLD]
    basis = offer.power + (f"；{LICENSING_ACT}第三十八条第二款" if offer.licence else "")
    return rng.choice(options), basis


WITHDRAWALS = ["申请人主动申请撤回。", "申请人因经营计划变更申请撤回。", "申请人已另行办理，申请撤回本件。"]
EXTENSION_REASON = "情况复杂，需进一步核实，经本部门负责人批准延长办理时限。"
TASK_OPINIONS = ["经审查，符合规定，同意。", "同意办理。", "材料齐全，符合要求，同意。"]
TASK_DENIAL = "经审查，项目不符合本部门审批要求，不同意。"
ID_CARD_WAIVER = "申请人为最低生活保障对象，依规减免工本费。"
ID_CARD_WAIVER_BASIS = (
    "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）第三条"
)
REFUSAL_WAIVER = "不予许可，免收相关费用。"
# What a reviewer writes when a decision comes after the deadline (the service keeps it only then).
LATE_EXPLANATION = "现场核查与部门会商用时超出预期，已向申请人说明并致歉。"
REFUSAL_WAIVER_BASIS = "《中华人民共和国行政许可法》第五十八条"
