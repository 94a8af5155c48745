"""Rules for councillor records: who is a public member, acceptable photos, a councillor's status
on a day, and how many holders a position may have."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def is_public_member(*, co_opted: bool, has_term: bool, has_co_option: bool) -> bool:
    """Whether a person recorded as a member has a public record at all: a councillor once they
    have a term of office (past, present or, once returned at an election, to come), a co-opted
    member once a co-option is recorded (Localism Act 2011 s27(4)). Someone only ever recorded,
    never in office, has nothing public: no profile, register of interests, gifts, dispensations
    or allowances, and their name appears nowhere on the public side. The QuerySet applying this
    rule in SQL is ``Councillor.public_objects``; ``members.public`` is how the public side asks."""
    return has_co_option if co_opted else has_term


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


def executive_and_chair_problem(
    *, name: str, executive: Iterable[str], chair_of_council: Iterable[str]
) -> str:
    """Why ``name`` may not hold an executive office together with the chair or vice-chair of
    the council ("" if nothing stands in the way): LGA 2000 s9C(4), "A local authority executive
    may not include the chairman or vice-chairman of the authority" (formerly s11(7)). The
    Mayor of a borough is its chairman (LGA 1972 s245), so a Leader or cabinet member is
    never also Mayor, Deputy Mayor, or chair or vice-chair of Council. ``executive`` names the
    executive offices held (Leader, cabinet member, a seat on the executive), and
    ``chair_of_council`` the chair's offices (Mayor, chair or vice-chair of Council)."""
    executive, chair = sorted(set(executive)), sorted(set(chair_of_council))
    if not executive or not chair:
        return ""
    return (
        f"{name} cannot be both {' and '.join(executive)} and {' and '.join(chair)}: the "
        "executive may not include the chairman or vice-chairman of the council (LGA 2000 "
        "s9C(4))."
    )
