"""The starter list of everyday words for the search (`models.SearchSynonym`): what people say at the
window and type on their phones, and the words of the catalog it stands for. A new hall gets them with
its database (migration 0006; the demo loader adds them again to a flushed test database); its
administrators then add their county's own words and correct these.
"""

STARTER = {
    "营业执照": "企业设立登记 个体工商户设立登记 企业开办",
    "办执照": "企业设立登记 个体工商户设立登记 企业开办",
    "开公司": "企业设立登记 企业开办",
    "注册公司": "企业设立登记 企业开办",
    "开店": "个体工商户设立登记 食品经营许可",
    "开饭店": "食品经营许可 个体工商户设立登记",
    "开餐馆": "食品经营许可 个体工商户设立登记",
    "开药店": "药品零售企业经营许可",
    "开旅馆": "旅馆业特种行业许可证",
    "刻章": "公章刻制",
    "身份证": "居民身份证",
    "办身份证": "居民身份证",
    "上户口": "出生登记",
    "迁户口": "户口迁移",
    "护照": "普通护照",
    "房产证": "不动产权证书 不动产首次登记 不动产转移登记",
    "房本": "不动产权证书 不动产转移登记",
    "过户": "不动产转移登记 存量房",
    "买房": "不动产转移登记 存量房",
    "二手房": "存量房 不动产转移登记",
    "房贷": "不动产抵押登记",
    "解押": "不动产抵押权注销登记",
    "盖房": "乡村建设规划许可 建设工程规划许可",
    "施工证": "建筑工程施工许可",
    "上牌": "机动车注册登记",
    "退休": "养老保险待遇",
    "养老金": "养老保险待遇",
    "社保": "养老保险 社会保险",
    "失业金": "失业保险金",
    "公积金": "住房公积金",
    "低保": "最低生活保障",
    "高龄补贴": "高龄津贴",
}


def add_starter(model) -> int:
    """Add the starter words the table lacks (an administrator's changes stay); returns how many."""
    have = set(model.objects.values_list("phrase", flat=True))
    new = [model(phrase=phrase, means=means) for phrase, means in STARTER.items() if phrase not in have]
    model.objects.bulk_create(new)
    return len(new)
