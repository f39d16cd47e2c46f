"""The fourteen department sources: stable id, Chinese label, owning department and template columns.

Each column names the canonical ``FeedRecord`` field it fills, how its cells are read (``kind``), whether
the column must be present and each row must fill it, and — for enumerations — the canonical values with
the synonyms real exports use. One list serves the templates, the parser, the mapping editor and FORMATS.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from shoudi.accounts.roles import Department

# Kinds of cells: id (ID number, 15→18), name, date, year, choice (canonical values), text, money, village.
ID, NAME, DATE, YEAR, CHOICE, TEXT, MONEY, VILLAGE = "id", "name", "date", "year", "choice", "text", "money", "village"

YES_NO: dict[str, tuple[str, ...]] = {
    "是": ("是", "Y", "YES", "1", "TRUE", "T", "√", "✓", "有"),
    "否": ("否", "N", "NO", "0", "FALSE", "F", "×", "无"),
}


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese header of the template
    field: str  # the canonical FeedRecord field
    kind: str
    required: bool = True  # each row must fill it (and the column must be in the file)
    values: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # canonical → accepted spellings
    help: str = ""
    max_length: int = 0  # for text

    @property
    def allowed(self) -> str:
        """What may be written, in Chinese, for the explanation sheet and the error messages."""
        if self.values:
            return "、".join(self.values)
        return {
            ID: "18位身份证号（旧版15位自动升级为18位；全角数字、空格可自动识别）",
            NAME: "文字，不超过50个字",
            DATE: "日期：2021-06-03、2021/6/3、2021年6月3日、20210603 或 Excel 日期",
            YEAR: "四位年份，如 2024",
            MONEY: "金额（元），不能为负数；按两位小数记录，可带千分位逗号或“元”",
            VILLAGE: "12位村级行政区划代码",
            TEXT: f"文字，不超过{self.max_length}个字" if self.max_length else "文字",
        }.get(self.kind, "")


@dataclass(frozen=True)
class Source:
    id: str
    label: str
    department: str
    columns: tuple[Column, ...]
    note: str = ""
    # water: a row names the household head's ID, or the village code (at least one of the two)
    id_or_village: bool = False

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def department_label(self) -> str:
        return str(Department(self.department).label)

    def column(self, header: str) -> Column | None:
        return next((c for c in self.columns if c.header == header), None)

    @property
    def date_column(self) -> Column | None:
        return next((c for c in self.columns if c.field == "on"), None)


def _id(head: bool = False) -> Column:
    return Column(
        "户主身份证号" if head else "身份证号", "id_number", ID, help="户主的身份证号" if head else "本人的身份证号"
    )


def _name(head: bool = False) -> Column:
    return Column("户主姓名" if head else "姓名", "name", NAME, required=False, help="用于核对，可不填")


def _date(header: str, help: str = "", required: bool = True) -> Column:
    return Column(header, "on", DATE, required=required, help=help)


def _choice(
    header: str, field_name: str, values: dict[str, tuple[str, ...]], help: str = "", required: bool = True
) -> Column:
    return Column(header, field_name, CHOICE, required=required, values=values, help=help)


def _text(header: str, field_name: str, limit: int, help: str = "", required: bool = True) -> Column:
    return Column(header, field_name, TEXT, required=required, max_length=limit, help=help)


def _money(header: str, field_name: str, help: str = "", required: bool = True) -> Column:
    return Column(header, field_name, MONEY, required=required, help=help)


SUBSIDY = {"全额资助": ("全额资助", "全额", "全资助"), "定额资助": ("定额资助", "定额", "部分资助", "比例资助")}
SUBSIDY["未资助"] = ("未资助", "无", "否", "不资助")

SOURCES_LIST: tuple[Source, ...] = (
    Source(
        "medical_claims",
        "医保结算",
        Department.MEDICAL_INSURANCE,
        (
            _id(),
            _name(),
            _date("结算日期", "医保结算的日期"),
            _choice(
                "就诊类型",
                "category",
                {
                    "住院": ("住院", "普通住院", "住院治疗"),
                    "门诊": ("门诊", "普通门诊", "门急诊", "急诊"),
                    "慢病": ("慢病", "门诊慢特病", "慢特病", "门慢", "门特", "特殊门诊", "慢性病", "门诊慢病"),
                },
            ),
            _money("总费用", "amount", "本次结算的医疗总费用（元）"),
            _money("合规自付费用", "amount_oop", "政策范围内个人自付费用（元），经基本医保、大病保险、医疗救助后"),
            _money("医疗救助金额", "amount_aid", "本次结算中医疗救助支付的金额（元），可不填", required=False),
        ),
        note="一行一次结算。",
    ),
    Source(
        "medical_enrolment",
        "医保参保",
        Department.MEDICAL_INSURANCE,
        (
            _id(),
            _name(),
            Column("年度", "year", YEAR, help="参保年度"),
            _choice(
                "参保状态",
                "status",
                {
                    "已参保": ("已参保", "参保", "正常参保", "正常", "在保", "是", "Y", "1"),
                    "未参保": ("未参保", "未参", "断保", "停保", "否", "N", "0"),
                },
            ),
            _choice("资助类别", "detail", SUBSIDY, "个人缴费资助情况，可不填（不填视为未显示资助）", required=False),
            _money("资助金额", "amount", "本年度个人缴费获得的资助金额（元），可不填", required=False),
        ),
        note="一行一人一年度。",
    ),
    Source(
        "civil_assistance",
        "民政救助",
        Department.CIVIL_AFFAIRS,
        (
            _id(),
            _name(),
            _choice(
                "救助类别",
                "category",
                {
                    "低保": ("低保", "最低生活保障", "农村低保", "低保对象"),
                    "特困": ("特困", "特困供养", "特困人员", "特困供养人员", "五保"),
                    "低保边缘": ("低保边缘", "低保边缘家庭", "低边"),
                    "刚性支出困难": ("刚性支出困难", "刚性支出困难家庭", "支出型困难家庭", "支出型困难"),
                    "临时救助": ("临时救助",),
                },
            ),
            _choice(
                "变动",
                "status",
                {
                    "新增": ("新增", "纳入", "新纳入"),
                    "停止": ("停止", "退出", "停保", "取消", "终止"),
                    "在保": ("在保", "正常", "保持"),
                    "渐退": ("渐退", "渐退期", "渐退保障"),
                },
            ),
            _date("变动日期"),
            _money("金额", "amount", "救助金额（元），可不填", required=False),
        ),
    ),
    Source(
        "school",
        "教育学籍",
        Department.EDUCATION,
        (
            _id(),
            _name(),
            _text("学段", "category", 30, "学前、小学、初中、高中、中职、高职、大学等"),
            _text("学校", "detail", 100, "学校名称，可不填", required=False),
            _choice(
                "状态",
                "status",
                {
                    "在校": ("在校", "在读", "在籍"),
                    "辍学": ("辍学", "失学辍学", "失学", "流失"),
                    "休学": ("休学",),
                    "录取": ("录取", "新生录取", "已录取"),
                },
            ),
            _date("日期", "状态发生或核实的日期"),
            _money(
                "资助金额",
                "amount",
                "本年度已发放的学生资助（元），如大学新生资助、学费住宿费补助，可不填",
                required=False,
            ),
        ),
    ),
    Source(
        "housing",
        "住建房屋",
        Department.HOUSING,
        (
            _id(head=True),
            _name(head=True),
            _choice(
                "鉴定等级",
                "status",
                {g: (g, f"{g}级", f"{g}类") for g in ("A", "B", "C", "D")},
                "农村住房安全性鉴定等级",
            ),
            _date("鉴定日期"),
        ),
        note="按户：户主身份证号匹配到户。",
    ),
    Source(
        "disability",
        "残联",
        Department.DISABLED,
        (
            _id(),
            _name(),
            _text("残疾类别", "category", 30, "视力、听力、言语、肢体、智力、精神、多重"),
            _choice(
                "残疾等级",
                "status",
                {
                    "1": ("1", "一级", "1级", "一", "壹级"),
                    "2": ("2", "二级", "2级", "二", "贰级"),
                    "3": ("3", "三级", "3级", "三", "叁级"),
                    "4": ("4", "四级", "4级", "四", "肆级"),
                },
            ),
            _date("发证日期", "残疾人证的发证日期"),
        ),
    ),
    Source(
        "disaster",
        "应急灾情",
        Department.EMERGENCY,
        (
            _id(head=True),
            _name(head=True),
            _text("灾害类型", "category", 30, "洪涝、干旱、风雹、地质灾害、地震、低温冷冻、雪灾、火灾等"),
            _money("损失金额", "amount", "直接经济损失（元），可不填", required=False),
            _choice("房屋倒塌", "status", YES_NO),
            _date("日期", "受灾日期"),
        ),
        note="按户：户主身份证号匹配到户。",
    ),
    Source(
        "household_register",
        "公安户籍",
        Department.PUBLIC_SECURITY,
        (
            _id(),
            _name(),
            _choice(
                "变动类型",
                "category",
                {
                    "死亡": ("死亡", "死亡注销", "注销（死亡）", "注销(死亡)"),
                    "出生": ("出生", "出生登记"),
                    "迁入": ("迁入",),
                    "迁出": ("迁出",),
                },
            ),
            _date("日期", "变动日期"),
        ),
    ),
    Source(
        "employment",
        "人社就业",
        Department.HUMAN_RESOURCES,
        (
            _id(),
            _name(),
            _choice(
                "事项",
                "category",
                {
                    "失业登记": ("失业登记", "失业", "登记失业"),
                    "返乡": ("返乡", "返乡回流", "回流"),
                    "就业": ("就业", "就业登记", "务工"),
                },
            ),
            _date("日期"),
        ),
    ),
    Source(
        "vehicles",
        "交管车辆",
        Department.TRAFFIC,
        (
            _id(),
            _name(),
            _choice(
                "车辆类型",
                "category",
                {
                    "小型轿车": ("小型轿车", "轿车", "小轿车", "小型汽车", "小型载客汽车"),
                    "大中型货车": ("大中型货车", "大型货车", "中型货车", "重型货车", "货车"),
                    "工程机械": ("工程机械", "工程车", "挖掘机", "装载机"),
                },
            ),
            _date("登记日期"),
        ),
        note="只需报送本表所列三类车辆。",
    ),
    Source(
        "market",
        "市场监管",
        Department.MARKET,
        (
            _id(),
            _name(),
            _text("主体类型", "category", 30, "有限责任公司、个人独资企业、个体工商户、农民专业合作社等"),
            _date("成立日期"),
        ),
        note="身份证号为法定代表人、股东或经营者本人。",
    ),
    Source(
        "real_estate",
        "不动产",
        Department.REAL_ESTATE,
        (
            _id(),
            _name(),
            _choice(
                "房屋用途",
                "category",
                {
                    "住宅": ("住宅", "住房", "成套住宅", "商品住宅"),
                    "商业": ("商业", "商铺", "商用", "商服", "商业服务", "门面"),
                },
            ),
            _date("登记日期"),
        ),
    ),
    Source(
        "payroll",
        "财政供养",
        Department.FINANCE,
        (
            _id(),
            _name(),
            _text("单位", "detail", 100, "所在单位名称"),
            _date("日期", "进入财政供养的日期"),
        ),
    ),
    Source(
        "water",
        "水利供水",
        Department.WATER,
        (
            Column("户主身份证号", "id_number", ID, required=False, help="户主的身份证号；与村代码至少填一项"),
            Column("村代码", "village_code", VILLAGE, required=False, help="全村饮水问题时填村代码，可不填户主"),
            _choice("饮水安全", "status", YES_NO, "是否达到农村饮水安全标准"),
            _date("日期", "核查日期"),
        ),
        note="按户（户主身份证号）或按村（村代码），每行至少填一项。",
        id_or_village=True,
    ),
)

SOURCES: dict[str, Source] = {s.id: s for s in SOURCES_LIST}
SOURCE_CHOICES: list[tuple[str, str]] = [(s.id, s.label) for s in SOURCES_LIST]


class UnknownSource(KeyError):
    pass


def get_source(key: str) -> Source:
    """A source by its id (``medical_claims``) or its Chinese label (``医保结算``)."""
    text = (key or "").strip()
    if text in SOURCES:
        return SOURCES[text]
    for source in SOURCES_LIST:
        if source.label == text:
            return source
    raise UnknownSource(f"未知的数据来源“{key}”，可用：{'、'.join(f'{s.label}（{s.id}）' for s in SOURCES_LIST)}")


def sources_of_department(department: str) -> list[Source]:
    return [s for s in SOURCES_LIST if s.department == department]
