"""Rules for councillor records: acceptable photos, a councillor's status on a day, and how many
holders a position may have."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

PHOTO_FORMATS = {"JPEG": "JPEG", "PNG": "PNG"}
PHOTO_MAX_BYTES = 2_000_000


def photo_problem(image_format: str | None, size: int) -> str:
    """Why a photo is refused ("" when it is acceptable): a JPEG or PNG (by its content, not its
    name) of at most ``PHOTO_MAX_BYTES``. Published pages need a small, common image format."""
    if image_format not in PHOTO_FORMATS:
        return "The photo must be a JPEG or PNG image"
    if size > PHOTO_MAX_BYTES:
        return f"The photo must be smaller than {PHOTO_MAX_BYTES // 1_000_000} MB"
    return ""


def in_period(on: date, start: date, end: date | None) -> bool:
    """``on`` falls in the half-open period [start, end) (``end`` empty: still running)."""
    return start <= on and (end is None or on < end)


def status_on(
    on: date,
    *,
    terms: Iterable[tuple[date, date | None]],
    suspensions: Iterable[tuple[date, date | None]],
) -> str:
    """``"not_in_office"``, ``"suspended"`` or ``"active"`` on ``on``.

    A suspended councillor still holds office: the status records the period so that pages and
    allowances can treat it differently (a scheme may withhold allowances for periods of
    suspension: Local Authorities (Members' Allowances) (England) Regulations 2003, SI 2003/1021,
    reg 4(3) and reg 10)."""
    if not any(in_period(on, start, end) for start, end in terms):
        return "not_in_office"
    if any(in_period(on, start, end) for start, end in suspensions):
        return "suspended"
    return "active"


STATUS_LABELS = {
    "active": "Active",
    "suspended": "Suspended",
    "not_in_office": "Not in office",
}


def holder_problem(*, position_title: str, allowed: int, current: int) -> str:
    """Why another holder cannot take a position ("" when they can): at most ``allowed`` hold it
    at once (one, for the Leader, the Mayor, a committee chair)."""
    if current >= allowed:
        if allowed == 1:
            return f"{position_title} already has a holder on that date: end their holding first."
        return f"{position_title} already has its {allowed} holders on that date."
    return ""
