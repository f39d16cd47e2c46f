"""What a synthetic run produced: counts shared by the database writer and the Parquet writer."""

from __future__ import annotations

from dataclasses import dataclass, field

from shoudi.synth import params as P
from shoudi.synth.county import HOUSEHOLD_COLUMNS, PERSON_COLUMNS, HouseholdRecord
from shoudi.synth.money import net_income

STATUS = HOUSEHOLD_COLUMNS.index("status")
RELOCATED = HOUSEHOLD_COLUMNS.index("relocated")
DIBAO = PERSON_COLUMNS.index("dibao")
TEKUN = PERSON_COLUMNS.index("tekun")


@dataclass
class Summary:
    area: str = ""
    households: int = 0
    persons: int = 0
    former_poor: int = 0  # 脱贫户 (policy-enjoying)
    former_poor_no_policy: int = 0
    relocated: int = 0
    hardship: int = 0
    dibao_persons: int = 0
    tekun_persons: int = 0
    finance_rows: int = 0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    bytes_written: int = 0

    def add(self, record: HouseholdRecord) -> int:
        """Count one household; returns its number of finance rows."""
        household, persons, finance = record
        self.households += 1
        self.persons += len(persons)
        status = household[STATUS]
        self.former_poor += status == "former_poor"
        self.former_poor_no_policy += status == "former_poor_no_policy"
        self.relocated += bool(household[RELOCATED])
        self.dibao_persons += sum(1 for p in persons if p[DIBAO])
        self.tekun_persons += sum(1 for p in persons if p[TEKUN])
        if is_hardship(record):
            self.hardship += 1
        rows = sum(1 for months in finance.values() for v in months if v)
        self.finance_rows += rows
        return rows

    def merge(self, other: Summary) -> None:
        for name in (
            "households",
            "persons",
            "former_poor",
            "former_poor_no_policy",
            "relocated",
            "hardship",
            "dibao_persons",
            "tekun_persons",
            "finance_rows",
            "bytes_written",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.files += other.files

    def __str__(self) -> str:
        lines = [
            f"模拟数据 {self.area}：{self.households:,} 户，{self.persons:,} 人",
            f"  脱贫户 {self.former_poor:,}，脱贫不享受政策户 {self.former_poor_no_policy:,}，"
            f"易地扶贫搬迁户 {self.relocated:,}",
            f"  低保对象 {self.dibao_persons:,} 人，特困供养人员 {self.tekun_persons:,} 人，"
            f"困难户（人均纯收入或扣除刚性支出后低于 {P.HARDSHIP_LINE:,} 元）{self.hardship:,}",
            f"  收支记录 {self.finance_rows:,} 行，用时 {self.seconds:.1f} 秒",
        ]
        if self.files:
            lines.append(f"  文件 {len(self.files)} 个，共 {self.bytes_written / 1e6:,.1f} MB")
        return "\n".join(lines)


def is_hardship(record: HouseholdRecord) -> bool:
    """Per-capita net income, or net income less net rigid spending, below the generator's hardship line."""
    net, after_rigid = net_income(record.finance)
    line = P.HARDSHIP_LINE * 100 * len(record.persons)
    return net < line or after_rigid < line
