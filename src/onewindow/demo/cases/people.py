"""Invented applicants for the demo cases: people of 新泰市 with valid resident ID numbers (area code
370982, or 新泰's earlier code for those born before 1989, and a birth date that fits the application),
firms with valid unified social credit codes, and mobile numbers. Everything comes from one
`random.Random`, so a seed gives the same people every time.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.cn import ric, uscc

from onewindow.accounts.applicants import Applicant, check_applicant

AREA_CODE = "370982"  # 新泰市
# The codes 新泰 had before 370982 (1989): a resident ID keeps the code in force in its holder's birth year,
# and the checks (python-stdnum) refuse 370982 for anyone born earlier.
EARLIER_AREA_CODES = [(1983, "372623"), (1985, "372603"), (1987, "370920"), (1989, "379005")]

# Common surnames, the most frequent first (weighted by position).
SURNAMES = (
    "王张李刘陈杨赵孙周吴徐马朱胡郭何高林郑梁宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔"
)
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊峰建国志新文海东亮龙成林振兴德庆春生"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀玲桂英燕红梅婷雪慧莉琳晶颖倩佳萍兰凤洁琴云莹丹玉洁欣悦思雨晓"

# Firm trade names: the towns and streets of 新泰 and the usual auspicious words.
TRADE_NAMES = (
    "青云 新汶 东都 小协 翟镇 泉沟 羊流 楼德 禹村 宫里 谷里 石莱 放城 天宝 岳家庄 汶南 西张庄 龙廷 "
    "平阳 金斗 莲花山 鑫源 恒泰 华信 泰和 瑞丰 宏达 福顺 众诚 鲁中 嘉禾 润泽 盛世 丰泽 德润 康源 聚福 "
    "广源 亿达 同心 汇通 永盛 华康 金泰 新润"
).split()

# The line of business a firm name carries, by words in the item's name.
INDUSTRIES = [
    ("餐", "餐饮管理"),
    ("食品", "食品"),
    ("药品", "医药连锁"),
    ("特种设备", "机械制造"),
    ("旅馆", "酒店管理"),
    ("劳务派遣", "人力资源服务"),
    ("旅客", "客运"),
    ("货物", "物流"),
    ("道路运输证", "运输"),
    ("养老", "养老服务"),
    ("公共场所", "酒店管理"),
    ("医疗", "医疗管理"),
    ("环境", "建材"),
    ("排污", "化工"),
    ("农药", "农资"),
    ("兽药", "兽药"),
    ("种子", "种业"),
    ("动物防疫", "畜牧养殖"),
    ("体育", "体育文化"),
    ("学校", "教育科技"),
    ("排水", "食品"),
    ("商品房", "房地产开发"),
    ("不动产", "房地产开发"),
    ("规划", "置业"),
    ("建", "建设工程"),
    ("工程", "建设工程"),
    ("消防", "建设工程"),
    ("用地", "置业"),
]
DEFAULT_INDUSTRY = "商贸"

MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 178 "
    "180 181 182 183 185 186 187 188 189 191 198 199"
).split()

# GB 11714 organisation code: weights and the characters allowed in a credit code's body.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str
    male: bool


class People:
    """Makes and remembers applicants; some come back for a second application, as people do."""

    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.seen_ids: set[str] = set()
        self.people: list[tuple[Person, int]] = []  # (person, age)
        self.firms: dict[str, list[Applicant]] = {}

    # --- pieces --------------------------------------------------------------------------------------

    def name(self, male: bool | None = None) -> tuple[str, bool]:
        rng = self.rng
        male = rng.random() < 0.5 if male is None else male
        surname = SURNAMES[min(int(rng.expovariate(1 / 18)), len(SURNAMES) - 1)]
        chars = GIVEN_MALE if male else GIVEN_FEMALE
        given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
        return surname + given, male

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def resident_id(self, age_range: tuple[int, int], male: bool) -> str:
        rng = self.rng
        while True:
            age_days = rng.randrange(age_range[0] * 365 + 1, (age_range[1] + 1) * 365 - 1)
            born = self.today - timedelta(days=age_days)
            sequence = rng.randrange(0, 50) * 10 + rng.randrange(0, 10, 2) + (1 if male else 0)
            area = next((code for before, code in EARLIER_AREA_CODES if born.year < before), AREA_CODE)
            body = f"{area}{born:%Y%m%d}{sequence:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.seen_ids:
                self.seen_ids.add(number)
                return number

    def credit_code(self, cooperative: bool = False) -> str:
        """A unified social credit code: registered by market regulation (9), an enterprise (1) or a
        farmers' cooperative (3), in 新泰, with a new-style organisation code (MA...) and both checks."""
        rng = self.rng
        while True:
            org = "MA" + "".join(rng.choice(_CODE_CHARS) for _ in range(6))
            total = sum(_ORG_WEIGHTS[i] * _CODE_CHARS.index(c) for i, c in enumerate(org))
            check = 11 - total % 11
            org += {10: "X", 11: "0"}.get(check, str(check))
            body = ("93" if cooperative else "91") + AREA_CODE + org
            number = body + uscc.calc_check_digit(body)
            if number not in self.seen_ids:
                self.seen_ids.add(number)
                return number

    # --- applicants ----------------------------------------------------------------------------------

    def new_person(self, age_range=(20, 65)) -> Person:
        name, male = self.name()
        person = Person(name, self.resident_id(age_range, male), self.phone(), male)
        age = (self.today - ric.get_birth_date(person.id_number)).days // 365
        self.people.append((person, age))
        return person

    def person(self, age_range=(20, 65), *, reuse: float = 0.15) -> Applicant:
        """A person of the right age: now and then someone who has applied before."""
        if self.people and self.rng.random() < reuse:
            fitting = [p for p, age in self.people if age_range[0] <= age <= age_range[1]]
            if fitting:
                return self.applicant_of(self.rng.choice(fitting))
        return self.applicant_of(self.new_person(age_range))

    @staticmethod
    def applicant_of(person: Person) -> Applicant:
        return check_applicant(
            kind="person", name=person.name, id_number=person.id_number, phone=person.phone
        )

    def firm(self, item_name: str, *, reuse: float = 0.3) -> Applicant:
        """A firm in a line of business that fits the item; firms come back for their next licence."""
        industry = next((what for word, what in INDUSTRIES if word in item_name), DEFAULT_INDUSTRY)
        known = self.firms.setdefault(industry, [])
        if known and self.rng.random() < reuse:
            return self.rng.choice(known)
        firm = self.new_firm(industry)
        known.append(firm)
        return firm

    def new_firm(self, industry: str) -> Applicant:
        rng = self.rng
        trade = rng.choice(TRADE_NAMES)
        cooperative = industry in ("种业", "畜牧养殖", "农资") and rng.random() < 0.4
        if cooperative:
            name = f"新泰市{trade}{industry}专业合作社"
        else:
            name = f"{'山东' if rng.random() < 0.2 else '新泰市'}{trade}{industry}有限公司"
        return check_applicant(
            kind="organisation",
            name=name,
            id_number=self.credit_code(cooperative),
            phone=self.phone(),
            legal_representative=self.name()[0],
            contact_name=self.name()[0],
        )
