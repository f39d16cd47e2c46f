"""Knobs of the synthetic population: shares, ranges and amounts in one place.

These are *made-up but plausible* figures for a rural county of north-east Guizhou, chosen so the data
looks like a real base database (基础数据库). They are not policy: the policy app owns the real lines
and standards. Amounts are yuan per month or per year as named; the generator works in fen (int).
"""

from __future__ import annotations

# Household size 1..8 (mean ≈ 3.5).
SIZE_WEIGHTS = (0.13, 0.19, 0.20, 0.21, 0.13, 0.08, 0.04, 0.02)

# Household status.
FORMER_POOR_SHARE = 0.30  # 脱贫户
NO_POLICY_SHARE = 0.03  # 脱贫不享受政策户
EXIT_YEAR_WEIGHTS = {2014: 8, 2015: 9, 2016: 12, 2017: 15, 2018: 20, 2019: 22, 2020: 14}
RELOCATED_SHARE_FORMER_POOR = 0.15  # 易地扶贫搬迁 among 脱贫户
RELOCATED_SHARE_OTHERS = 0.01  # 同步搬迁
RELOCATION_SITES_PER_COUNTY = 3
COMMUNITY_WEIGHT = 0.25  # 社区/居委会 hold few rural households apart from relocation sites

# Housing and water.
HOUSING_WEIGHTS = {"A": 0.70, "B": 0.25, "C": 0.04, "D": 0.01}
UNSAFE_WATER_VILLAGE_SHARE = 0.03
UNSAFE_WATER_IN_VILLAGE = 0.40
UNSAFE_WATER_ELSEWHERE = 0.003

# Exclusion facts (household) and public payroll (person aged 22–59); former poor × FORMER_POOR_FACTOR.
LEISURE_CAR = 0.05
TRUCK_OR_EXCAVATOR = 0.015
COMMERCIAL_PROPERTY = 0.03
BUSINESS = 0.025
PUBLIC_PAYROLL = 0.006
FORMER_POOR_FACTOR = 0.3

# Health by age band (<18, 18–44, 45–59, 60+): overall ≈ 10% chronic, 2% major illness, 5% disabled.
AGE_BANDS = (18, 45, 60)
CHRONIC_BY_BAND = (0.02, 0.06, 0.13, 0.25)
MAJOR_BY_BAND = (0.005, 0.01, 0.025, 0.045)
DISABLED_BY_BAND = (0.015, 0.035, 0.06, 0.10)
DISABILITY_CATEGORIES = {
    "physical": 45,
    "visual": 12,
    "hearing": 14,
    "speech": 2,
    "intellectual": 9,
    "mental": 10,
    "multiple": 8,
}
DISABILITY_GRADES = {1: 10, 2: 20, 3: 30, 4: 40}

# Schooling.
PRESCHOOL_ENROLLED = 0.9
SENIOR_STAGE_WEIGHTS = {"senior": 0.55, "secondary_vocational": 0.35, "none": 0.10}  # ages 15–17
HIGHER_STAGE_WEIGHTS = {"higher_vocational": 0.22, "undergraduate": 0.15, "none": 0.63}  # ages 18–21
DROPOUT = 0.002  # of children aged 7–15

# Insurance and social assistance.
MEDICAL_INSURED = 0.985
PENSION_INSURED = 0.85  # of adults not in school
DIBAO_HOUSEHOLD = {"former_poor": 0.15, "former_poor_no_policy": 0.02, "ordinary": 0.04}
DIBAO_WHOLE_HOUSEHOLD = 0.6  # otherwise only the ill, disabled or old members (单人保)
TEKUN_ALONE = 0.25  # of people living alone who are old or severely disabled

# Work (ages 16–59 with labour capacity).
WORK_SHARE = 0.72  # of capable adults aged 16–59 who work for wages (away or locally)
WEAK_LOCAL_WORK = 0.3
WORK_PLACE_WEIGHTS = {"in_county": 0.35, "in_province": 0.20, "out_province": 0.45}
WORK_MONTHS_WEIGHTS = {3: 2, 4: 3, 5: 3, 6: 6, 7: 6, 8: 10, 9: 12, 10: 16, 11: 17, 12: 25}
MONTHLY_WAGE = {"in_county": (2000, 3500), "in_province": (3000, 5000), "out_province": (4200, 6500)}
SKILLED_WAGE_FACTOR = 1.25
WEAK_WAGE_FACTOR = 0.7
PUBLIC_PAYROLL_WAGE = (4500, 7000)
WELFARE_POST = 0.12  # of 脱贫户 with an adult at home
WELFARE_POST_WAGE = (500, 900)

# Farming (yuan).
LAND_MU = (0.3, 6.0)
CROPS = 0.85
CROPS_PER_MU = (800, 2000)
CROPS_COST_SHARE = (0.25, 0.45)
LIVESTOCK = 0.45
LIVESTOCK_INCOME = (4000, 20000)
LIVESTOCK_COST_SHARE = (0.40, 0.60)
FORESTRY = 0.08
FORESTRY_INCOME = (1000, 6000)
BUSINESS_INCOME_MONTHLY = (2000, 6000)
BUSINESS_COST_SHARE = (0.40, 0.60)

# Property and transfers (yuan).
ASSET_DIVIDEND = 0.4  # of 脱贫户
ASSET_DIVIDEND_YEAR = (200, 800)
LAND_RENT = 0.08
LAND_RENT_YEAR = (300, 2000)
DIBAO_MONTHLY = (280, 420)  # per covered person
TEKUN_MONTHLY = (650, 820)
PENSION_MONTHLY = (150, 260)  # insured people aged 60+
ELDERLY_ALLOWANCE_MONTHLY = (50, 100)  # aged 80+, paid quarterly
DISABILITY_ALLOWANCE_MONTHLY = (70, 100)  # grade 1–2, or disabled in a 低保 household
ECO_COMPENSATION = 0.3
ECO_COMPENSATION_YEAR = (100, 600)
FAMILY_PLANNING = 0.04
FAMILY_PLANNING_YEAR = (720, 1440)
FAMILY_SUPPORT = 0.85  # of households headed by someone aged 60+ (children working away send money)
FAMILY_SUPPORT_YEAR = (3000, 12000)
DISASTER_RELIEF = 0.01
DISASTER_RELIEF_YEAR = (500, 3000)
OTHER_TRANSFER = 0.05
OTHER_TRANSFER_YEAR = (100, 500)

# Rigid spending and payouts (yuan per year).
CHRONIC_MEDICAL = (600, 3000)
MAJOR_MEDICAL = (8000, 50000)
MAJOR_PAYOUT = 0.4
MAJOR_PAYOUT_SHARE = (0.2, 0.5)
ANTI_POVERTY_INSURANCE = 0.3  # of 脱贫户 with a major illness
PRESCHOOL_COST = (1000, 2500)
SENIOR_COST = (1500, 4000)
COLLEGE_COST = (6000, 12000)
DISASTER = 0.01
DISASTER_LOSS = (3000, 30000)
ACCIDENT = 0.01
ACCIDENT_LOSS = (2000, 40000)
ACCIDENT_PAYOUT = 0.5
ACCIDENT_PAYOUT_SHARE = (0.3, 0.8)

# A household in hardship: per-capita net income (or net income less net rigid spending) below this.
HARDSHIP_LINE = 6000
# A small share of households is pushed into hardship on purpose (no work, a big illness).
HARDSHIP_PUSH = 0.02
# Most other households that come out below the line earn more in practice (odd jobs found through
# 就业帮扶, children's support): they are lifted to LIFT_TO × the line.
LIFT_SHARE = 0.75
LIFT_TO = (1.02, 1.8)
LIFT_WORK_MONTHS = 6

# Phones.
PHONE_PREFIXES = (
    *("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155"),
    *("157", "158", "159", "173", "177", "180", "181", "182", "183", "185", "187", "188", "189"),
)
ADULT_PHONE = 0.7

# Education of adults not in school, by age band (<25, 25–44, 45–64, 65+).
EDUCATION_BANDS = (25, 45, 65)
EDUCATION_BY_BAND = (
    {"primary": 5, "junior": 45, "senior": 18, "vocational": 20, "college": 12},
    {"none": 2, "primary": 18, "junior": 50, "senior": 13, "vocational": 10, "college": 7},
    {"none": 10, "primary": 40, "junior": 40, "senior": 7, "vocational": 3},
    {"none": 35, "primary": 45, "junior": 17, "senior": 3},
)
