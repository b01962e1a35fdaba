"""Reading a file of exchange rates the department uploads where the bank's service cannot be
reached: a table (XLSX, XLS, ODS or CSV) with the columns date, currency, quantity and rate,
headed in Georgian or English, or the bank's own answer (JSON) saved from its site.

Every row that cannot be read is named by its line, in the person's language; the rates are
kept (``rates.services.rates_upload``) only when none is wrong.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ActionBlocked
from imports import cells
from imports.headers import match_header, nearest_header
from imports.readers import read_table
from rates.nbg import FeedError, parse_answer
from rates.services import RateRow

# Column → the headers it goes by: ours in both languages, and the bank's own names
# ("code", "rateFormated", "validFromDate") as its answer and its site's tables give them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "თარიღი", "validFromDate", "valid from", "მოქმედების თარიღი"),
    "currency": ("currency", "ვალუტა", "code", "კოდი", "currency code", "ვალუტის კოდი"),
    "quantity": ("quantity", "რაოდენობა", "units", "ერთეული"),
    "rate": ("rate", "კურსი", "rateFormated", "rate in GEL", "კურსი ლარში", "ოფიციალური კურსი"),
}
REQUIRED = ("date", "currency", "rate")


def _labels() -> dict[str, str]:
    return {
        "date": _("date"),
        "currency": _("currency"),
        "quantity": _("quantity"),
        "rate": _("rate in GEL"),
    }


def _score(headers: list[str]) -> int:
    return len({match_header(header, COLUMNS) for header in headers} - {None})


def read_rates(name: str, content: bytes) -> list[RateRow]:
    """The rates in the file; ActionBlocked lists every line that is wrong."""
    if PurePath(name).suffix.lower() == ".json":
        try:
            return parse_answer(content)
        except FeedError as exc:
            raise ActionBlocked(
                _(
                    "The file is not the National Bank's answer (a JSON list of days with their currencies)."
                )
            ) from exc
    table = read_table(name, content, header_score=_score)
    columns: dict[str, str] = {}
    for header in table.headers:
        key = match_header(header, COLUMNS)
        if key is not None and key not in columns:
            columns[key] = header
    labels = _labels()
    missing = [labels[key] for key in REQUIRED if key not in columns]
    if missing:
        messages = [
            _("The file lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        ]
        shown = {labels[key]: names for key, names in COLUMNS.items()}
        for header in table.headers:
            if header not in columns.values():
                nearest = nearest_header(header, shown)
                if nearest:
                    messages.append(
                        _(
                            "Column “%(header)s” (nearest known column: “%(nearest)s”) is not recognised."
                        )
                        % {"header": header, "nearest": nearest}
                    )
        raise ActionBlocked(*messages)
    rows: list[RateRow] = []
    refusals: list[str] = []
    for line, by_header in table.rows:
        raw = {key: by_header.get(header, "") for key, header in columns.items()}
        problems: list[str] = []
        values: dict[str, Any] = {}
        for key, parse in (
            ("date", cells.date),
            ("currency", lambda text: text.strip().upper()),
            ("quantity", cells.whole_number),
            ("rate", cells.decimal),
        ):
            text = raw.get(key, "")
            if not text.strip():
                if key in REQUIRED:
                    problems.append(labels[key] + ": " + _("this cell must be filled."))
                continue
            try:
                values[key] = parse(text)
            except cells.CellError as exc:
                problems.append(f"{labels[key]}: {exc}")
        if problems:
            refusals += [
                _("line %(line)d: %(message)s") % {"line": line, "message": problem}
                for problem in problems
            ]
            continue
        rows.append(
            RateRow(
                date=values["date"],
                currency=values["currency"],
                quantity=values.get("quantity", 1),
                rate=values["rate"],
                line=line,
            )
        )
    if refusals:
        raise ActionBlocked(*refusals)
    return rows
