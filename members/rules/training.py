"""Rules for member training: what a councillor still needs, whether an event can take a
booking, and when feedback can be given."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Need:
    module_id: int
    reasons: tuple[str, ...]


def training_needs(
    *,
    mandatory: Iterable[int],
    required_by: Mapping[int, Iterable[str]],
    attended: Iterable[int],
) -> list[Need]:
    """Modules a councillor has not attended but must: every mandatory module ("Mandatory for
    all councillors") and every module a committee they sit on requires ("Required by <name>").

    ``required_by`` maps a module id to the names of the committees requiring it."""
    done = set(attended)
    reasons: dict[int, list[str]] = {}
    for module in mandatory:
        reasons.setdefault(module, []).append("Mandatory for all councillors")
    for module, committees in required_by.items():
        for name in sorted(committees):
            reasons.setdefault(module, []).append(f"Required by {name}")
    return [Need(m, tuple(r)) for m, r in sorted(reasons.items()) if m not in done]


def booking_problem(*, capacity: int, booked: int, already_booked: bool, past: bool) -> str:
    """Why a councillor cannot book on an event ("" when they can)."""
    if past:
        return "This event has already taken place."
    if already_booked:
        return "You are already booked on this event."
    if booked >= capacity:
        return "This event is full."
    return ""


def feedback_problem(*, status: str, rating: int | None) -> str:
    """Feedback is given after attending, with a rating from 1 (poor) to 5 (excellent)."""
    if status != "attended":
        return "You can give feedback only on an event you attended."
    if rating is None or not 1 <= rating <= 5:
        return "Select a rating from 1 to 5."
    return ""
