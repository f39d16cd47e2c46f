"""The catalogue of known parameter keys: what each means, its type and unit. Pure Python (no Django).

More keys may be stored than are listed here; a listed key's type is fixed, an unlisted key's type is given
with the value (or inferred from it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DECIMAL, INTEGER, TEXT, FORMULA = "decimal", "integer", "text", "formula"
VALUE_TYPES = {DECIMAL: "小数", INTEGER: "整数", TEXT: "文字", FORMULA: "公式"}

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
NATIONAL = "00"


@dataclass(frozen=True)
class KeySpec:
    key: str
    label: str
    value_type: str  # the type of the value once evaluated (a formula yields a decimal)
    unit: str = ""
    money: bool = False


KEYS: dict[str, KeySpec] = {
    s.key: s
    for s in [
        KeySpec("monitoring_line", "防止返贫监测范围", DECIMAL, "元/人·年", money=True),
        KeySpec("rural_disposable_income", "农村居民人均可支配收入", DECIMAL, "元/人·年", money=True),
        KeySpec("dibao_standard_monthly", "农村低保标准（月）", DECIMAL, "元/人·月", money=True),
        KeySpec("dibao_standard_annual", "农村低保标准（年，按年公布的县）", DECIMAL, "元/人·年", money=True),
        KeySpec("min_monitoring_months", "风险消除前最少监测月数", INTEGER, "个月"),
        KeySpec("notice_days", "村内公示最少天数", INTEGER, "天"),
        KeySpec("identification_days", "识别程序时限", INTEGER, "天"),
        KeySpec("notice_days_elimination", "风险消除（回退）公示最少天数", INTEGER, "天"),
        KeySpec("notice_days_assistance_plan", "帮扶计划公示最少天数", INTEGER, "天"),
        KeySpec("notice_days_asset_income", "资产收益分配方案公示最少天数", INTEGER, "天"),
        KeySpec("accept_days", "网上申报乡镇受理时限", INTEGER, "天"),
        KeySpec("data_check_days", "信息比对时限", INTEGER, "天"),
        KeySpec("elimination_min_visits", "风险消除前监测期内最少走访次数", INTEGER, "次"),
        KeySpec("income_drop_share", "收入大幅缩减：近期收入较上年同期下降比例", DECIMAL, "比例"),
        KeySpec("income_drop_months", "收入大幅缩减：比较的近期月数", INTEGER, "个月"),
        KeySpec("complaint_days", "投诉举报办结时限", INTEGER, "天"),
        # 分层分类 (the lowincome app and policy.layers)
        KeySpec("dibao_edge_ratio", "低保边缘家庭收入标准（低保标准的倍数）", DECIMAL, "倍"),
        KeySpec("rigid_hardship_share", "刚性支出困难：医疗教育支出占家庭收入比例", DECIMAL, "比例"),
        KeySpec("dibao_phase_out_months", "低保渐退期", INTEGER, "个月"),
        KeySpec("stop_appeal_days", "停止保障告知书：申请复核期限", INTEGER, "天"),
        KeySpec("followup_months_safety_net", "兜底保障脱贫人口入户跟踪周期", INTEGER, "个月"),
        KeySpec("followup_months_stable", "低保（收入稳定）、特困核查周期", INTEGER, "个月"),
        KeySpec("followup_months_irregular", "低保（收入不稳定或有劳动能力）核查周期", INTEGER, "个月"),
        KeySpec("premium_subsidy_share_tekun", "医保个人缴费资助比例（特困人员）", DECIMAL, "比例"),
        KeySpec("premium_subsidy_share_dibao", "医保个人缴费资助比例（低保对象）", DECIMAL, "比例"),
        KeySpec("medical_assistance_share", "医疗救助：合规住院自付费用救助比例（特困、低保）", DECIMAL, "比例"),
        KeySpec("medical_assistance_cap", "医疗救助年度限额", DECIMAL, "元/人·年", money=True),
        KeySpec("university_grant", "脱贫家庭大学新生一次性资助", DECIMAL, "元/人", money=True),
        KeySpec("tuition_support_max", "脱贫家庭大学生学费住宿费补助上限", DECIMAL, "元/人·年", money=True),
        KeySpec("medical_oop_ratio_former_poor", "医疗自付预警比例（脱贫人口和监测对象）", DECIMAL, "倍"),
        KeySpec("medical_oop_ratio_others", "医疗自付预警比例（其他农村人口）", DECIMAL, "倍"),
        # read by screening (部门筛查预警)
        KeySpec("disaster_loss_threshold", "灾情预警损失金额标准", DECIMAL, "元/户", money=True),
        KeySpec("label_monitored_object", "称谓：监测对象", TEXT),
        KeySpec("label_monitoring_range", "称谓：监测范围", TEXT),
        # read by monitoring (defaults in monitoring.policy_bridge.DEFAULTS when no record is stored)
        KeySpec("approval_level", "监测对象审定层级（county 县级 / city 市级）", TEXT),
        KeySpec("visit_cadence_days", "帮扶回访周期", INTEGER, "天"),
        KeySpec("lead_check_days", "线索入户核实时限", INTEGER, "天"),
        KeySpec("quality_elimination_min_months", "质量检查：识别后多少个月内帮扶消除视为过快", INTEGER, "个月"),
        KeySpec("quality_measure_grace_days", "质量检查：纳入后多少天仍无帮扶措施", INTEGER, "天"),
        KeySpec("quality_welfare_post_max_age", "质量检查：公益岗位人员年龄上限", INTEGER, "岁"),
        # read by employment (就业帮扶; defaults in employment.params)
        KeySpec("labour_age_min", "劳动年龄下限", INTEGER, "岁"),
        KeySpec("labour_age_max", "劳动年龄上限", INTEGER, "岁"),
        KeySpec("welfare_post_relocated_share", "公益性岗位用于搬迁群众的年度比例下限", DECIMAL, "比例"),
        KeySpec("relief_pay_lag_days", "以工代赈劳务报酬发放时限（务工月结束后）", INTEGER, "天"),
        KeySpec("workshop_min_employed", "就业帮扶车间认定：吸纳就业人数下限", INTEGER, "人"),
        KeySpec("workshop_min_priority", "就业帮扶车间认定：吸纳脱贫人口和监测对象人数下限", INTEGER, "人"),
        # read by markets (消费帮扶、滞销预警; defaults in markets.params)
        KeySpec("consumption_reserved_share", "预算单位食堂食材采购预留脱贫地区农副产品份额", DECIMAL, "比例"),
        KeySpec("produce_price_fall_share", "滞销预警：价格低于前三年同期均价的比例", DECIMAL, "比例"),
        KeySpec("produce_stock_weeks", "滞销预警：库存超过正常销量的周数", DECIMAL, "周"),
        # read by fieldwork (离线外业; default in fieldwork.params)
        KeySpec("field_wipe_days", "离线外业：多少天未同步即清除手机上的数据", INTEGER, "天"),
        # read by projects and assets
        KeySpec("industry_fund_share", "衔接资金用于产业发展的目标比重", DECIMAL, "比例"),
        KeySpec("asset_simplified_disposal_limit", "项目资产简易程序处置限额", DECIMAL, "元", money=True),
    ]
}


def key_label(key: str) -> str:
    spec = KEYS.get(key)
    return spec.label if spec else key


def level_label(region_code: str) -> str:
    if region_code == NATIONAL:
        return "全国默认"
    return {2: "省级", 4: "市级", 6: "县级"}.get(len(region_code), "区划")


def valid_region_code(code: str) -> bool:
    """Parameters are set nationally ('00'), for a province (2 digits) or for a county (6 digits)."""
    return code == NATIONAL or (code.isdigit() and len(code) in (2, 6) and code != "00")


def lookup_chain(region_code: str) -> list[str]:
    """Where a value for ``region_code`` may come from, most specific first: county, province, national."""
    chain: list[str] = []
    if len(region_code) >= 6:
        chain.append(region_code[:6])
    if len(region_code) >= 2 and region_code[:2] != NATIONAL:
        chain.append(region_code[:2])
    chain.append(NATIONAL)
    return chain
