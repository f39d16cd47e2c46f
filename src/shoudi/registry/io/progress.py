"""A tqdm progress bar per phase, for the commands."""

from __future__ import annotations

from typing import Any

from tqdm import tqdm


class TqdmProgress:
    def __init__(self, *, file: Any = None, disable: bool = False) -> None:
        self.file = file
        self.disable = disable
        self.bar: tqdm | None = None
        self.phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self.phase or self.bar is None:
            self.close()
            self.phase = phase
            self.bar = tqdm(total=total, desc=phase, unit="", file=self.file, disable=self.disable, leave=True)
        if self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
