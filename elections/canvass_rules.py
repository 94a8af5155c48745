"""Rules of the annual canvass (DOMAIN.md C4, canvass reform from 2020): pure functions, no ORM,
no clock, no I/O.

Legal basis: Representation of the People Act 1983 s9D (the duty to conduct an annual canvass)
and the Representation of the People (England and Wales) Regulations 2001 (RPR 2001) as amended
by the Representation of the People (Annual Canvass) (Amendment) Regulations 2019 (the data
step, Route 1, Route 2 and Route 3), with the Electoral Commission's guidance "Delivering the
annual canvass in England" (EC below). The regulation numbers of the canvass provisions are not
cited here: DOMAIN.md has not verified them, so each rule cites the Act, the 2019 Regulations and
the EC page it follows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum

# --- Dates of the canvass ------------------------------------------------------------------------

CANVASS_STARTS = (7, 1)  # the canvass period runs 1 July to 1 December (DOMAIN.md C3)
REVISED_REGISTER_BY = (12, 1)  # RPA 1983 s13(1)(a): the revised register by 1 December
DEFERRED_REVISED_REGISTER_BY = (2, 1)  # s13(1A): 1 February after an election in the period
# EC guidance (Route 2, second contact attempt): "within a reasonable period", in the
# Commission's view no longer than 28 days after the first. Configurable per canvass.
ATTEMPT_INTERVAL_DAYS = 28
ROUTE_2_ATTEMPTS = 3  # EC Route 2 guidance: three attempts unless a response is received


@dataclass(frozen=True)
class CanvassDates:
    starts_on: date
    revised_register_by: date


def canvass_dates(year: int, *, election_in_period: bool = False) -> CanvassDates:
    """The canvass of ``year``: it may start on 1 July (the canvass period, DOMAIN.md C3) and
    the revised register must be published by 1 December (RPA 1983 s13(1)(a)), or by 1 February
    of the next year if an election was held in the canvass period (s13(1A)). Dies non do not
    apply: the date may be a weekend."""
    if election_in_period:
        by = date(year + 1, *DEFERRED_REVISED_REGISTER_BY)
    else:
        by = date(year, *REVISED_REGISTER_BY)
    return CanvassDates(starts_on=date(year, *CANVASS_STARTS), revised_register_by=by)


def canvass_dates_problem(starts_on: date, revised_register_by: date, year: int) -> str | None:
    """Why a canvass's dates cannot be right, or None."""
    if starts_on.year != year:
        return f"The canvass of {year} must start in {year}"
    if revised_register_by <= starts_on:
        return "The revised register is published after the canvass starts"
    latest = canvass_dates(year, election_in_period=True).revised_register_by
    if revised_register_by > latest:
        return (
            f"The revised register must be published by {latest:%-d %B %Y} at the latest "
            "(RPA 1983 s13(1A))"
        )
    return None


# --- The data step ---------------------------------------------------------------------------


class MatchResult(StrEnum):
    """A result of the national data match (the Cabinet Office's comparison of the register
    with DWP records, 2019 Regulations; EC "Allocating properties to canvass routes"): green matched, amber partly, red not at all."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


def parse_match_result(value: str) -> MatchResult | None:
    """ "green", "Green", "G" and the like; None if it is not a result."""
    text = value.strip().lower()
    for result in MatchResult:
        if text in (result.value, result.value[0]):
            return result
    return None


def effective_result(national: str | None, local: str | None) -> str | None:
    """The result that counts for an elector: a local data match (the 2019 Regulations: the ERO's
    discretion to compare the register with other local records) overrides the national one."""
    return local or national or None


# --- Routes -------------------------------------------------------------------------------------


class Route(IntEnum):
    MATCHED = 1  # Canvass Communication A; a response only if something changed
    UNMATCHED = 2  # Canvass Communication B or a canvass form; three contact attempts
    DEFINED = 3  # a defined property, canvassed through its responsible person


ROUTE_LABELS = {
    Route.MATCHED: "Route 1: matched property",
    Route.UNMATCHED: "Route 2: unmatched property",
    Route.DEFINED: "Route 3: defined property",
}


@dataclass(frozen=True)
class ElectorAtProperty:
    """What routing needs to know of one live elector at a property."""

    result: str | None  # the effective match result (local over national), None if unmatched
    anonymous: bool = False


def canvass_route(
    electors: Iterable[ElectorAtProperty],
    *,
    defined_property: bool = False,
    responsible_person: bool = False,
) -> Route:
    """The route a property is canvassed by.

    * Route 3 (EC "Which properties can be canvassed using Route 3"): a defined property (a care home, a house in multiple
      occupation, student halls, a hostel) that the ERO chose for Route 3 and for which a
      responsible person has been identified. Without a responsible person it cannot be Route 3.
    * Route 1 (EC "Allocating properties to canvass routes"): every elector at the property was matched (green, after any local
      data matching): the ERO is satisfied that nobody needs adding or removing.
    * Route 2 (EC Route 2 guidance): anything else. A property with nobody registered at it is unmatched
      (someone may live there); anonymous electors are left out of the national data match
      (EC "Allocating properties to canvass routes"), so a property with one is unmatched: the
      ERO must confirm them directly.
    """
    if defined_property and responsible_person:
        return Route.DEFINED
    electors = list(electors)
    if electors and all(e.result == MatchResult.GREEN and not e.anonymous for e in electors):
        return Route.MATCHED
    return Route.UNMATCHED


# --- Communications and contact attempts ----------------------------------------------------


class Communication(StrEnum):
    CCA = "cca"  # Canvass Communication A (Route 1)
    CCB = "ccb"  # Canvass Communication B or canvass form (Route 2)
    ROUTE_3 = "route3"  # the Route 3 communication to the responsible person


COMMUNICATION_FOR_ROUTE = {
    Route.MATCHED: Communication.CCA,
    Route.UNMATCHED: Communication.CCB,
    Route.DEFINED: Communication.ROUTE_3,
}


class ContactMethod(StrEnum):
    CCA = "cca"
    CCB = "ccb"
    CANVASS_FORM = "canvass_form"
    ROUTE_3 = "route3"
    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    DOOR_KNOCK = "door_knock"


# EC guidance, Route 2: at least one attempt must be a personal contact, by a canvasser at the
# door or by telephone.
PERSONAL_METHODS = frozenset({ContactMethod.DOOR_KNOCK, ContactMethod.PHONE})


def route_2_next_attempt(
    attempts: list[tuple[date, str]],
    *,
    responded: bool,
    interval_days: int = ATTEMPT_INTERVAL_DAYS,
    required: int = ROUTE_2_ATTEMPTS,
) -> tuple[int, date, bool] | None:
    """The next contact attempt a Route 2 property needs: (its number, the date it is due by,
    whether it must be personal), or None when no more are needed.

    EC Route 2 guidance (the 2019 Regulations): three attempts to obtain a response unless one is received first; at
    least one of them personal (a door knock or a telephone call); each following attempt within
    a reasonable period, in the Commission's view no more than ``interval_days`` (28) days.
    ``attempts`` are (date made, method) in any order.
    """
    if responded or len(attempts) >= required:
        return None
    if not attempts:
        return None  # the first attempt is the communication itself, sent with its batch
    attempts = sorted(attempts)
    number = len(attempts) + 1
    personal_done = any(method in PERSONAL_METHODS for _, method in attempts)
    must_be_personal = not personal_done and number == required
    return number, attempts[-1][0] + timedelta(days=interval_days), must_be_personal


def attempts_problem(attempts: list[tuple[date, str]], *, required: int = ROUTE_2_ATTEMPTS):
    """Why adding the last of ``attempts`` would break the rule that one of ``required`` must be
    personal (EC Route 2 guidance), or None."""
    if len(attempts) > required:
        return f"A Route 2 property needs only {required} contact attempts"
    if len(attempts) == required and not any(m in PERSONAL_METHODS for _, m in attempts):
        return "One of the three attempts must be personal: a door knock or a telephone call"
    return None


#: Written contact attempts a batch of letters can make at a Route 2 property.
WRITTEN_METHODS = frozenset({ContactMethod.CCB, ContactMethod.CANVASS_FORM})


def written_attempt_due(attempts: list[tuple[date, str]], *, responded: bool, number: int) -> bool:
    """Whether a Route 2 property is due contact attempt ``number`` (2 or 3) as a letter: it has
    not responded, it has had exactly the attempts before it, and the attempt need not be the
    personal one.

    RPR 2001 reg 32ZBD (the canvass of a property the ERO may not treat as matched, inserted by
    the Representation of the People (Annual Canvass) (Amendment) Regulations 2019, SI 2019/1451
    reg 11; 32ZBE is Route 1 and 32ZBF Route 3, as legislation.gov.uk heads them; the wording of
    32ZBD is UNVERIFIED here) and the EC Route 2 guidance (DOMAIN.md C4): three attempts unless a
    response is received, at least one of them personal, so a third attempt can be a letter only
    when a personal one has already been made. A canvass form may be sent at any attempt.
    """
    if number not in (2, 3):
        return False
    nxt = route_2_next_attempt(attempts, responded=responded)
    return nxt is not None and nxt[0] == number and not nxt[2]


# --- Statistics ------------------------------------------------------------------------------


def revision_start(previous_revised_on: date | None, on: date) -> date:
    """Additions and deletions "since the last revision" count from the day after the previous
    revised register (RPA 1983 s13(1)); with none recorded, after the last 1 December before
    ``on``."""
    if previous_revised_on is None:
        december = date(on.year, *REVISED_REGISTER_BY)
        previous_revised_on = december if december < on else date(on.year - 1, *REVISED_REGISTER_BY)
    return previous_revised_on + timedelta(days=1)
