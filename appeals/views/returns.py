"""The clerk's returns: the statutory return of admission appeals per school and year, and the
clerking charge per admission authority under its service agreement, each as a page and a CSV.
Neither holds personal data: both are counts."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from appeals.services import returns
from democracy import spreadsheet
from democracy.permissions import role_required
from democracy.roles import Role

CLERK = Role.APPEALS_CLERK


@role_required(CLERK)
def statutory_return(request: HttpRequest) -> HttpResponse:
    years = returns.entry_years()
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    return render(
        request,
        "appeals/returns/statutory.html",
        {"rows": returns.statutory_return(year), "year": year, "years": years},
    )


@role_required(CLERK)
def statutory_return_csv(request: HttpRequest, year: int) -> HttpResponse:
    return spreadsheet.csv_response(
        f"admission-appeals-{year}.csv", returns.statutory_return_csv(year)
    )


def _period(request: HttpRequest) -> tuple[date, date, str]:
    """The period asked for (``from`` and ``to`` as YYYY-MM-DD), else last month; and an error
    message naming the field when one cannot be read."""
    today = timezone.localdate()
    first_this_month = today.replace(day=1)
    end_default = first_this_month.fromordinal(first_this_month.toordinal() - 1)
    start_default = end_default.replace(day=1)
    error = ""
    try:
        start = date.fromisoformat(request.GET.get("from") or start_default.isoformat())
    except ValueError:
        start, error = start_default, "The start of the period must be a date like 2026-09-01"
    try:
        end = date.fromisoformat(request.GET.get("to") or end_default.isoformat())
    except ValueError:
        end, error = end_default, "The end of the period must be a date like 2026-09-30"
    if end < start:
        start, end = start_default, end_default
        error = "The end of the period must be on or after its start"
    return start, end, error


@role_required(CLERK)
def charges(request: HttpRequest) -> HttpResponse:
    start, end, error = _period(request)
    return render(
        request,
        "appeals/returns/charges.html",
        {
            "groups": returns.charges(start, end),
            "start": start,
            "end": end,
            "error": error,
            "period": returns.period_label(start, end),
        },
    )


@role_required(CLERK)
def charges_csv(request: HttpRequest) -> HttpResponse:
    start, end, _ = _period(request)
    return spreadsheet.csv_response(
        f"appeal-charges-{start}-to-{end}.csv", returns.charges_csv(start, end)
    )
