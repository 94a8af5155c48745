"""The one CSV writer: every CSV the system writes (published registers, allowances, payroll)
goes through it, so no cell reaches a spreadsheet as a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and some
also after a leading tab or carriage return), so a gift's donor named ``=HYPERLINK(...)`` would
open as a live link in a reader's copy of the published register. Following OWASP's advice on
CSV injection, such a cell is written with a single quote in front, which spreadsheets show as
text; the value is otherwise unchanged. Numbers (``-12.50`` is a refund, not a formula) are
written as they are.

Nothing else in the system calls ``csv.writer`` (``democracy/tests/test_spreadsheet.py`` checks).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

# The characters a spreadsheet may read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?\Z")


def neutralise(value) -> str:
    """``value`` as a CSV cell a spreadsheet will show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text):
        return f"'{text}"
    return text


class SafeWriter:
    """``csv.writer`` whose every cell has been through ``neutralise``."""

    def __init__(self, stream, **options) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable):
        """Write ``row``; returns what the stream's ``write`` returned (a streaming response
        writes into an object whose ``write`` returns the line)."""
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **options) -> SafeWriter:
    """A CSV writer into ``stream`` (``options`` as ``csv.writer`` takes them)."""
    return SafeWriter(stream, **options)


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    """A whole CSV document as text."""
    out = io.StringIO()
    safe = SafeWriter(out)
    safe.writerow(header)
    safe.writerows(rows)
    return out.getvalue()


def csv_response(filename: str, text: str = "") -> HttpResponse:
    """An attachment response for CSV; write into it with ``writer(response)``."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
