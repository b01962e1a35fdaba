"""The department's 2017 action plan (samples/plan-2017.txt, the plan as the ministry printed it,
its table cells kept apart by tabs) as a workbook's rows: bold and paragraph marks dropped,
the table rules between rows left out."""

from __future__ import annotations

import re
from pathlib import Path

from actionplans.layout import SheetRow

PLAN_2017 = Path(__file__).resolve().parent / "samples" / "plan-2017.txt"


def _cell(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).replace("**", "").lstrip("#")
    return " ".join(text.split())


def plan_2017_rows() -> list[SheetRow]:
    rows = []
    for line, text in enumerate(PLAN_2017.read_text(encoding="utf-8").splitlines(), start=1):
        cells = [_cell(cell) for cell in text.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if cells and not all(set(cell) <= {"-"} for cell in cells):
            rows.append(SheetRow(line, cells))
    return rows
