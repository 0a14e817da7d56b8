"""CSV files people open in a spreadsheet: no cell is taken for a formula (pure).

OWASP's CSV injection rule: a cell starting with = + - @, a tab or a carriage return is
read as a formula by Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)`, `@SUM(…)`,
`-2+3+cmd|…`). Such a cell gets a leading apostrophe, which spreadsheets show as text and
do not compute. Every CSV numeriq writes for people (exports, import rejects) goes through
`writer`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """The cell as a spreadsheet will show it, never as a formula; non-text as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose rows are escaped cell by cell."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> Any:
        """Write one row, every text cell escaped."""
        return self._writer.writerow([escape_cell(value) for value in row])


def writer(out: TextIO) -> SafeWriter:
    """A CSV writer for files people open in a spreadsheet."""
    return SafeWriter(out)
