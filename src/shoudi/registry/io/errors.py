from __future__ import annotations

from dataclasses import dataclass

from shoudi.jobs.services import JobError


class ImportRefused(JobError):
    """The whole file is refused (not a spreadsheet, empty, too big, columns missing…); nothing is written."""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # row number as the spreadsheet shows it (the header is usually row 1)
    column: str  # the Chinese header
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行 {self.column}：{self.message}"
