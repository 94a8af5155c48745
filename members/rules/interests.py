"""Registers of interests: the categories, the deadlines and the interest check, as pure rules.

Localism Act 2011 ss29-34 and the Relevant Authorities (Disclosable Pecuniary Interests)
Regulations 2012 (SI 2012/1464) Schedule for disclosable pecuniary interests (DPIs); the LGA
Model Councillor Code of Conduct 2020 Table 2 for "other registrable interests". Periods are
passed in (``democracy.council.period``), the statutory value being the default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from members.rules.terms import ordinary_poll_for_term_start


class Category(StrEnum):
    # SI 2012/1464 Schedule: the seven descriptions of disclosable pecuniary interest.
    EMPLOYMENT = "employment"
    SPONSORSHIP = "sponsorship"
    CONTRACTS = "contracts"
    LAND = "land"
    LICENCES = "licences"
    CORPORATE_TENANCIES = "corporate_tenancies"
    SECURITIES = "securities"
    # LGA Model Code 2020 Table 2: other registrable interests (the member's own only).
    UNPAID_DIRECTORSHIP = "unpaid_directorship"
    APPOINTED_BODY = "appointed_body"
    PUBLIC_BODY = "public_body"


CATEGORY_LABELS: dict[Category, str] = {
    Category.EMPLOYMENT: "Employment, office, trade, profession or vocation",
    Category.SPONSORSHIP: "Sponsorship",
    Category.CONTRACTS: "Contracts",
    Category.LAND: "Land",
    Category.LICENCES: "Licences",
    Category.CORPORATE_TENANCIES: "Corporate tenancies",
    Category.SECURITIES: "Securities",
    Category.UNPAID_DIRECTORSHIP: "Unpaid directorships",
    Category.APPOINTED_BODY: "Bodies to which you are appointed or nominated by the council",
    Category.PUBLIC_BODY: "Bodies of a public nature, charities, and bodies influencing public "
    "opinion or policy (including political parties and trade unions)",
}

CATEGORY_HINTS: dict[Category, str] = {
    Category.EMPLOYMENT: "Any employment, office, trade, profession or vocation carried on for "
    "profit or gain.",
    Category.SPONSORSHIP: "Any payment or financial benefit (other than from the council) in the "
    "12 months before this notification towards your expenses as a member or your election "
    "expenses, including from a trade union.",
    Category.CONTRACTS: "Any contract not fully discharged between you (or a body in which you "
    "have a beneficial interest) and the council, for goods, services or works.",
    Category.LAND: "Any beneficial interest in land in the council's area.",
    Category.LICENCES: "Any licence, alone or jointly, to occupy land in the area for a month or "
    "longer.",
    Category.CORPORATE_TENANCIES: "Any tenancy where the landlord is the council and the tenant "
    "is a body in which you have a beneficial interest.",
    Category.SECURITIES: "Any beneficial interest in securities of a body with a place of "
    "business or land in the area, above £25,000 nominal value or one hundredth of the issued "
    "share capital.",
    Category.UNPAID_DIRECTORSHIP: "Any unpaid directorship.",
    Category.APPOINTED_BODY: "Any body of which you are a member or in general control or "
    "management and to which you are appointed or nominated by the council.",
    Category.PUBLIC_BODY: "Any body exercising functions of a public nature, directed to "
    "charitable purposes, or one of whose principal purposes includes influencing public "
    "opinion or policy, of which you are a member or in general control or management.",
}

DPI_CATEGORIES = frozenset(
    {
        Category.EMPLOYMENT,
        Category.SPONSORSHIP,
        Category.CONTRACTS,
        Category.LAND,
        Category.LICENCES,
        Category.CORPORATE_TENANCIES,
        Category.SECURITIES,
    }
)

# Localism Act 2011 s32(2): what the register says in place of a sensitive interest. "The
# member" as in s32(2) itself, so the words are true of a co-opted member too.
WITHHELD = (
    "The member has an interest the details of which are withheld under section 32(2) of "
    "the Localism Act 2011"
)


def is_disclosable_pecuniary(category: str) -> bool:
    """SI 2012/1464 Schedule: the seven DPI descriptions."""
    return Category(category) in DPI_CATEGORIES


def partner_may_hold(category: str) -> bool:
    """Localism Act 2011 s30(3)(b): a DPI may be the member's own or their spouse's, civil
    partner's or cohabitee's (if the member is aware of it). LGA Model Code Table 2 interests are
    the member's own only."""
    return is_disclosable_pecuniary(category)


def days_beginning_with(day: date, days: int) -> date:
    """The last day of a period of ``days`` days *beginning with* ``day``: ``day`` is day 1."""
    if days < 1:
        raise ValueError("A period beginning with a day is at least one day long.")
    return day + timedelta(days=days - 1)


def registration_due(took_office: date, *, days: int = 28) -> date:
    """Localism Act 2011 s30(1): notify the monitoring officer "before the end of 28 days
    beginning with the day on which the person becomes a member or co-opted member". The day of
    taking office counts as day 1, so the last day for notification is ``took_office + 27``."""
    return days_beginning_with(took_office, days)


# Term start reasons (``members.models.Term.StartReason``) of a term begun at an ordinary
# election, contested or not: it starts on the fourth day after polling day.
ORDINARY_ELECTION_STARTS = frozenset({"ordinary", "uncontested"})


def elected_at_ordinary_election(start_reason: str | None) -> bool:
    """Whether a term with this start reason began at an ordinary election (a co-option, which
    has none, did not)."""
    return start_reason in ORDINARY_ELECTION_STARTS


@dataclass(frozen=True)
class RegistrationDeadline:
    """The last day to register interests on taking office, under both readings of "the day on
    which the person becomes a member" (Localism Act 2011 s30(1)), and the one reminded by."""

    took_office: date
    from_took_office: date
    elected_on: date | None = None  # polling day, for a councillor returned at an election
    from_election: date | None = None

    @property
    def due(self) -> date:
        """The earlier of the two: a member reminded by it is in time on either reading (late
        registration is an offence, s34)."""
        return min(d for d in (self.from_took_office, self.from_election) if d is not None)

    @property
    def reading(self) -> str:
        """Which reading gives ``due``, in words for the member and the officer."""
        if self.from_election is None or self.from_election == self.from_took_office:
            return (
                f"28 days beginning with the day of taking office, {_long(self.took_office)} "
                "(Localism Act 2011 section 30(1))."
            )
        return (
            f"28 days beginning with polling day, {_long(self.elected_on)}, as councils' "
            "guidance counts them from the declaration of the result. Counted from the start of "
            f"the term of office, {_long(self.took_office)}, the last day would be "
            f"{_long(self.from_took_office)}; reminders go by the earlier date, as late "
            "registration is an offence (Localism Act 2011 section 34)."
        )


def _long(day: date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def registration_deadline(
    took_office: date, *, elected_at_ordinary_election: bool = False, days: int = 28
) -> RegistrationDeadline:
    """The s30(1) deadline on both readings of when a councillor "becomes a member".

    The statute's reading: the term of office, which after an ordinary election begins on the
    fourth day after polling day (LGA 1972 s7, and Sch 2 para 6(3) for London boroughs: the
    newly elected come into office on the day their predecessors retire, the fourth day after
    the ordinary day of election), so 28 days beginning with the term's
    start (a 7 May 2026 poll: term from 11 May, register by 7 June 2026). Councils' published
    guidance counts from the declaration of the result instead (Spelthorne: elected 7 May 2015,
    register by 3 June 2015), which we take as polling day, the earliest day a result can be
    declared. Reminders go by the earlier date (``RegistrationDeadline.due``), and the reading
    used is shown. For anyone else (a by-election, a co-option) the two coincide."""
    from_took_office = registration_due(took_office, days=days)
    if not elected_at_ordinary_election:
        return RegistrationDeadline(took_office=took_office, from_took_office=from_took_office)
    elected_on = ordinary_poll_for_term_start(took_office)
    return RegistrationDeadline(
        took_office=took_office,
        from_took_office=from_took_office,
        elected_on=elected_on,
        from_election=registration_due(elected_on, days=days),
    )


def must_register(*, co_opted: bool, voting: bool = True) -> bool:
    """Whether taking office puts the person under the s30(1) duty to register. A councillor:
    always. Someone co-opted to a committee: only if entitled to vote on it, since a "co-opted
    member" is "a person who is not a member of the authority but who (a) is a member of any
    committee or sub-committee of the authority, and (b) is entitled to vote on any question
    that falls to be decided at any meeting of that committee or sub-committee" (Localism Act
    2011 s27(4)). A non-voting co-optee may still register voluntarily, with no deadline."""
    return voting or not co_opted


def change_due(aware_on: date, *, days: int = 28) -> date:
    """A change to the register (a new interest, or one that has ended): a duty of the council's
    code of conduct, in the period it sets (LGA Model Code 2020 and councils' codes, e.g. East
    Devon's Appendix B: 28 days of the member becoming aware of it). The statute's own 28 days
    are Localism Act 2011 s31(3) and (7), for a disclosable pecuniary interest not on the
    register that is disclosed at a meeting (or met by a member acting alone); s30(3) only
    defines such an interest. Counted the same way as s30(1), the first day being day 1."""
    return days_beginning_with(aware_on, days)


def is_overdue(due: date, *, today: date) -> bool:
    """Past the last day for notification: the due day itself is still in time."""
    return today > due


def dispensation_latest_expiry(granted_on: date) -> date:
    """Localism Act 2011 s33(3): a dispensation "must specify the period for which it has
    effect, and the period specified may not exceed four years". Four years from the grant; a
    grant on 29 February ends at the latest on 28 February four years later only if that year
    is not a leap year."""
    try:
        return granted_on.replace(year=granted_on.year + 4)
    except ValueError:  # 29 February into a common year
        return granted_on.replace(year=granted_on.year + 4, day=28)


# --- The interest check ----------------------------------------------------------------------

MIN_TERM_LETTERS = 4
# Words that on their own name nothing in particular: a term made only of these (and numbers)
# would match half the agenda.
_COMMON_WORDS_TEXT = """
    a an and at by for from in of on or the to with
    ltd limited plc llp llc co company group holdings trust association society club union
    council district county borough parish town city committee board partnership services
    street road lane avenue close drive way place square court house hall centre center
    north south east west upper lower new old
    member members director trustee governor chair school church
    uk england wales
"""
COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())
_SPLIT_ADDRESS = re.compile(r"[\n,;]+")
_WORD = re.compile(r"[\w'\u2019&-]+")


@dataclass(frozen=True)
class Match:
    term: str
    excerpt: str


def is_meaningful(term: str, *, common: frozenset[str] = COMMON_WORDS) -> bool:
    """Long enough and naming something: at least one word that is neither common nor a number,
    and at least ``MIN_TERM_LETTERS`` letters in all."""
    words = [w.lower() for w in _WORD.findall(term)]
    letters = sum(ch.isalpha() for ch in term)
    if letters < MIN_TERM_LETTERS:
        return False
    return any(w not in common and not w.isdigit() for w in words)


def interest_terms(
    *, organisation: str = "", address: str = "", common: frozenset[str] = COMMON_WORDS
) -> list[str]:
    """The names to look for in agenda papers: the organisation or body as given, the address
    whole and each line or comma-separated part of it, those that name something only."""
    candidates = [organisation.strip()]
    address = " ".join(address.split()) if "\n" not in address else address
    parts = [p.strip() for p in _SPLIT_ADDRESS.split(address) if p.strip()]
    candidates += [", ".join(parts)] if len(parts) > 1 else []
    candidates += parts
    terms: list[str] = []
    for candidate in candidates:
        candidate = " ".join(candidate.split())
        if candidate and is_meaningful(candidate, common=common) and candidate not in terms:
            terms.append(candidate)
    return terms


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"[\s,]+".join(words) + r"(?!\w)", re.IGNORECASE)


def matches(
    interest_terms: list[str], text: str, *, common: frozenset[str] = COMMON_WORDS
) -> list[Match]:
    """The terms found in ``text``: case-insensitive, whole words only (so "Orchard Homes" does
    not match "Orchard Homestead"), ignoring terms too short or common to mean anything. A term
    contained in a longer matched term is not reported again. Each match carries a short excerpt
    of the text around its first occurrence."""
    text = " ".join(text.split())
    found: list[Match] = []
    for term in sorted(set(interest_terms), key=lambda t: (-len(t), t)):
        if not is_meaningful(term, common=common):
            continue
        if any(term.lower() in earlier.term.lower() for earlier in found):
            continue
        hit = _pattern(term).search(text)
        if hit:
            start, end = max(hit.start() - 60, 0), min(hit.end() + 60, len(text))
            excerpt = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            found.append(Match(term=term, excerpt=excerpt))
    return found
