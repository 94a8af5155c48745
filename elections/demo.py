"""Demo data for electoral geography: Kingsmere's 17 wards and their polling districts; and the
council's next ordinary elections with a contest in every ward (issue 13)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.text import slugify

from elections import election_services, services
from elections.models import Election, Elector, PollingDistrict, Ward

# (name, seats): 14 three-member and 3 two-member wards, 48 seats, all invented.
WARDS: list[tuple[str, int]] = [
    ("Abbey Meads", 3),
    ("Ashby Green", 3),
    ("Brookhollow", 3),
    ("Castle Hill", 3),
    ("Chalkpit", 2),
    ("Elmstead", 3),
    ("Fenwick", 3),
    ("Harbourside", 3),
    ("Kingsmere Central", 3),
    ("Kingsmere North", 3),
    ("Lark Rise", 2),
    ("Millbrook", 3),
    ("Oakfield", 3),
    ("Priory", 3),
    ("Riverside", 3),
    ("St Anne's", 2),
    ("Westerleigh", 3),
]

# The Kingsmere (Electoral Changes) Order came into force at the 2023 ordinary elections.
WARDS_CREATED_ON = date(2023, 5, 4)


def load() -> list[Ward]:
    wards = []
    for index, (name, seats) in enumerate(WARDS):
        ward = Ward.objects.filter(slug=slugify(name)).first() or services.ward_create(
            name=name,
            seats=seats,
            created_on=WARDS_CREATED_ON,
            gss_code=f"E05{99_000 + index:06d}",
            by=None,
        )
        wards.append(ward)
        for district in range(1, seats + 1):
            code = f"{chr(ord('A') + index)}{chr(ord('A') + district - 1)}"
            if not PollingDistrict.objects.filter(code=code).exists():
                services.polling_district_create(
                    ward=ward, code=code, name=f"{name} {district}", by=None
                )
    return wards


# Kingsmere's councillors are elected all together every four years, from 2023.
ELECTION_CYCLE_YEARS = 4


def next_ordinary_poll(today: date) -> date:
    """The next ordinary day of election on or after ``today``: the first Thursday in May (RPA
    1983 s37) of a year of Kingsmere's four-year cycle."""
    year = today.year
    while True:
        if (year - WARDS_CREATED_ON.year) % ELECTION_CYCLE_YEARS == 0:
            first = date(year, 5, 1)
            poll = first + timedelta(days=(3 - first.weekday()) % 7)
            if poll >= today:
                return poll
        year += 1


def load_elections(*, today: date) -> Election:
    """The next ordinary elections, with a contest for all the seats of every ward; loading again
    changes nothing."""
    poll = next_ordinary_poll(today)
    election = Election.objects.filter(election_type="local", poll_date=poll).first()
    if election is not None:
        return election
    election = election_services.election_create(
        title=f"Kingsmere District Council elections {poll.year}",
        election_type="local",
        nation="ENG",
        organisation="Kingsmere",
        poll_date=poll,
        by=None,
    )
    for ward in Ward.objects.current(poll).order_by("name"):
        election_services.contest_create(election=election, ward=ward, seats=ward.seats, by=None)
    return election


# --- The register of electors (issue 12, point 8) ------------------------------------------------

# About 80,000 electors, as a district council of Kingsmere's size has. The test suite sets
# REGISTER_ELECTORS lower (conftest.py): its demo loads need the register's shape, not its size.
DEFAULT_REGISTER_ELECTORS = 80_000
REGISTER_ELECTORS = DEFAULT_REGISTER_ELECTORS
REGISTER_SEED = 12
# The register's markers, in the proportions a district council's register has (roughly: the
# Electoral Commission's reports on the December registers): a third opted out of the open
# register, a fifth voting by post.
OPT_OUT_SHARE = 0.35
POSTAL_SHARE = 0.20
PROXY_SHARE = 0.012
POSTAL_PROXY_SHARE = 0.002
ATTAINER_SHARE = 0.02
ANONYMOUS_SHARE = 0.0005
OVERSEAS_SHARE = 0.004
SERVICE_SHARE = 0.002
FRANCHISE_SHARES = (("G", 0.03), ("B", 0.015), ("L", 0.0005))
EMPTY_PROPERTY_SHARE = 0.03

FIRST_NAMES = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Ivy",
    "Freya",
    "Lily",
    "Florence",
    "Mia",
    "Willow",
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Muhammad",
    "Leo",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Margaret",
    "Susan",
    "Patricia",
    "Janet",
    "Christine",
    "David",
    "John",
    "Michael",
    "Peter",
    "Robert",
    "Aisha",
    "Priya",
    "Kwame",
    "Tomasz",
    "Agnieszka",
    "Siobhan",
    "Rhys",
    "Callum",
    "Eilidh",
    "Bethan",
    "Grace",
    "Sophie",
    "Jack",
    "Thomas",
    "James",
    "Daniel",
    "Emily",
    "Chloe",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Thomas",
    "Clarke",
    "Jackson",
    "Wood",
    "Harris",
    "Edwards",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Hughes",
    "Moore",
    "Clark",
    "King",
    "Harrison",
    "Lewis",
    "Baker",
    "Lee",
    "Allen",
    "Morris",
    "Khan",
    "Scott",
    "Watson",
    "Davis",
    "Parker",
    "James",
    "Bennett",
    "Young",
    "Phillips",
    "Richardson",
    "Mitchell",
    "Bailey",
    "Carter",
    "Cook",
    "Singh",
    "Shaw",
    "Bell",
    "Nowak",
    "Kowalski",
    "O'Brien",
    "Murphy",
    "Okafor",
    "Mensah",
    "Begum",
    "Ali",
    "Hussain",
]
TITLES = ["", "", "", "Mr", "Mrs", "Ms", "Miss", "Dr"]
STREET_NAMES = [
    "Mill",
    "Church",
    "Station",
    "Victoria",
    "Park",
    "Manor",
    "School",
    "Chapel",
    "Orchard",
    "Meadow",
    "Willow",
    "Cedar",
    "Beech",
    "Rowan",
    "Hawthorn",
    "Kingfisher",
    "Heron",
    "Abbey",
    "Priory",
    "Castle",
    "Bridge",
    "Market",
    "Queen's",
    "Albert",
    "Brook",
    "Ferry",
    "Quarry",
    "Windmill",
    "Lark",
    "Oak",
    "Elm",
    "Ash",
    "Holly",
    "Laurel",
    "Primrose",
    "Bluebell",
]
STREET_KINDS = ["Road", "Lane", "Street", "Close", "Avenue", "Way", "Drive", "Gardens", "Crescent"]


def _register_dates(today: date) -> tuple[date, date]:
    """The last revised register (published 1 December after the canvass) and the day of
    loading: most entries date from the first, the rest were added month by month since."""
    published = date(today.year if today >= date(today.year, 12, 1) else today.year - 1, 12, 1)
    return published, today


def _write_register(out, districts: list[PollingDistrict], electors: int, today: date) -> None:
    """The register file (this system's format, docs/register-import.md) of ``electors``
    electors spread over ``districts``, street by street, generated from a fixed seed and
    dated relative to ``today``."""
    import csv
    import random
    from datetime import timedelta

    from elections.importer import REGISTER_COLUMNS

    rng = random.Random(REGISTER_SEED)  # noqa: S311 - reproducible demo data, not security
    published, _ = _register_dates(today)
    since = max((today - published).days, 0)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REGISTER_COLUMNS)
    per_district = max(electors // len(districts), 1)
    street_names = [f"{name} {kind}" for name in STREET_NAMES for kind in STREET_KINDS]
    rng.shuffle(street_names)
    uprn = 100_090_000_000
    street_index = 0
    for index, district in enumerate(districts):
        wanted = per_district if index < len(districts) - 1 else electors - per_district * index
        number = 0
        while number < wanted:
            # A street: its houses in order, each with its own postcode unit for every 20.
            street = street_names[street_index % len(street_names)]
            street_index += 1
            houses = rng.randint(20, 120)
            outward = f"KM{index % 19 + 1}"
            for house in range(1, houses + 1):
                if number >= wanted:
                    break
                uprn += rng.randint(1, 9)
                reference = f"{district.code}{street_index:04d}{house:03d}"
                unit = f"{house // 20 % 10}{'ABDEFGHJLNPQRSTUWXYZ'[street_index % 20]}"
                unit += "ABDEFGHJLNPQRSTUWXYZ"[house // 20 % 20]
                address = {
                    "property_reference": reference,
                    "uprn": str(uprn),
                    "address_1": f"{house} {street}",
                    "address_3": "Kingsmere",
                    "postcode": f"{outward} {unit}",
                    "polling_district": district.code,
                }
                if rng.random() < EMPTY_PROPERTY_SHARE:
                    writer.writerow(_register_row(address))
                    continue
                surname = rng.choice(SURNAMES)
                for _ in range(rng.choice((1, 1, 2, 2, 2, 2, 3, 3, 4))):
                    if number >= wanted:
                        break
                    number += 1
                    writer.writerow(
                        _register_row(
                            address,
                            **_elector(rng, number, surname, published, since, today),
                        )
                    )
        # Overseas electors (F) have no address in the register.
        for _ in range(max(1, round(wanted * OVERSEAS_SHARE))):
            number += 1
            writer.writerow(
                _register_row(
                    {"polling_district": district.code},
                    elector_number=str(number),
                    first_names=rng.choice(FIRST_NAMES),
                    surname=rng.choice(SURNAMES),
                    overseas="Y",
                    absent_vote=rng.choice(("postal", "proxy")),
                    open_register_opt_out="Y" if rng.random() < OPT_OUT_SHARE else "N",
                    added_on=(published - timedelta(days=rng.randint(0, 700))).isoformat(),
                )
            )


def _elector(rng, number: int, surname: str, published: date, since: int, today: date) -> dict:
    from datetime import timedelta

    added = published if rng.random() < 0.85 else published + timedelta(days=rng.randint(0, since))
    values = {
        "elector_number": str(number),
        "title": rng.choice(TITLES),
        "first_names": rng.choice(FIRST_NAMES),
        "surname": surname if rng.random() < 0.8 else rng.choice(SURNAMES),
        "added_on": added.isoformat(),
        "open_register_opt_out": "Y" if rng.random() < OPT_OUT_SHARE else "N",
    }
    if rng.random() < ATTAINER_SHARE:
        # A 16- or 17-year-old: turns 18 after today, within two years of being added.
        latest = (added + timedelta(days=729) - today).days  # two years less a day at most
        values["attainer_18_on"] = (today + timedelta(days=rng.randint(1, latest))).isoformat()
    draw = rng.random()
    if draw < POSTAL_SHARE:
        values["absent_vote"] = "postal"
    elif draw < POSTAL_SHARE + PROXY_SHARE:
        values["absent_vote"] = "proxy"
    elif draw < POSTAL_SHARE + PROXY_SHARE + POSTAL_PROXY_SHARE:
        values["absent_vote"] = "postal_proxy"
    draw = rng.random()
    for marker, share in FRANCHISE_SHARES:
        if draw < share:
            values["franchise"] = marker
            break
        draw -= share
    if rng.random() < SERVICE_SHARE:
        values["service_voter"] = "Y"
    if rng.random() < ANONYMOUS_SHARE:
        # Anonymous electors (s9B): shown only as their number and N, never by name.
        values["anonymous"] = "Y"
        values["open_register_opt_out"] = "Y"
    return values


def _register_row(address: dict, **values) -> list[str]:
    from elections.importer import REGISTER_COLUMNS

    row = {**address, **values}
    return [row.get(column, "") for column in REGISTER_COLUMNS]


def load_register(*, today: date, electors: int | None = None) -> int:
    """The demo register: ``electors`` (REGISTER_ELECTORS by default) across the demo wards'
    polling districts, imported through the register importer (COPY and INSERT ... SELECT, as
    an officer's file would be). Loaded once: if the demo districts already have electors it
    is left as it is. Returns the number of electors imported."""
    import os
    import tempfile

    electors = REGISTER_ELECTORS if electors is None else electors
    districts = list(PollingDistrict.objects.filter(code__in=_district_codes()).order_by("code"))
    if electors <= 0 or Elector.register.filter(polling_district__in=districts).exists():
        return 0
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as out:
        _write_register(out, districts, electors, today)
    try:
        job = services.register_import_file(out.name)
    finally:
        os.unlink(out.name)
    if job.status != job.Status.DONE:
        raise RuntimeError(f"The demo register did not import: {job.errors[:5]}")
    return job.electors_imported


def _district_codes() -> list[str]:
    return [
        f"{chr(ord('A') + index)}{chr(ord('A') + district - 1)}"
        for index, (_, seats) in enumerate(WARDS)
        for district in range(1, seats + 1)
    ]


# --- The last ordinary election, with its candidates and results (issue 13, point 7) ------------

RESULTS_SEED = 2023
# The parties Kingsmere's groups stand for (the registered parties of the party seed, by their
# Electoral Commission reference), and the description each uses on the ballot paper. None: an
# independent.
PARTY_OF_GROUP: dict[str | None, tuple[str | None, str]] = {
    "Con": ("PP52", "Local Conservatives"),
    "Lab": ("PP53", "Labour Party"),
    "LD": ("PP90", "Liberal Democrats"),
    "Green": ("PP63", "Green Party"),
    None: (None, "Independent"),
}
REFORM = ("PP7931", "Reform UK")
# Ballot-box turnout at the demo's ordinary elections, as at English district elections.
TURNOUT_RANGE = (0.27, 0.41)
# Share of the ballot papers counted that are rejected (about one in two hundred).
REJECTED_SHARE = 0.005
# A demo loaded without a register still has electorates to count against: this many a seat.
ELECTORATE_A_SEAT_WITHOUT_REGISTER = 1_600


@dataclass(frozen=True)
class Winner:
    """A councillor elected at the last ordinary election: their ward (by pk), names, and the
    group they stood for (a short name of ``PARTY_OF_GROUP``)."""

    ward_id: int
    first_name: str
    last_name: str
    group: str | None


def previous_ordinary_poll(today: date) -> date:
    """The last ordinary day of election of Kingsmere's four-year cycle before ``today``."""
    year = today.year
    while True:
        if (year - WARDS_CREATED_ON.year) % ELECTION_CYCLE_YEARS == 0:
            first = date(year, 5, 1)
            poll = first + timedelta(days=(3 - first.weekday()) % 7)
            if poll < today:
                return poll
        year -= 1


def ward_electorates() -> dict[int, int]:
    """Electors on the register today, ward by ward (one query)."""
    from django.db.models import Count

    rows = (
        Elector.register.filter(
            deleted_on__isnull=True, polling_district__code__in=_district_codes()
        )
        .values("polling_district__ward_id")
        .annotate(n=Count("id"))
    )
    return {row["polling_district__ward_id"]: row["n"] for row in rows}


def _party(reference: str | None):
    from elections.models import RegisteredParty

    return RegisteredParty.objects.get(ec_reference=reference) if reference else None


def _aware(day: date, hour: int, minute: int = 0):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _home_address(rng) -> str:
    street = f"{rng.choice(STREET_NAMES)} {rng.choice(STREET_KINDS)}"
    return f"{rng.randint(1, 140)} {street}, Kingsmere KM{rng.randint(1, 19)} {rng.randint(1, 9)}QT"


def _slate(rng, ward: Ward, winners: list[Winner], taken: set[tuple[str, str]]) -> list[tuple]:
    """Everyone who stood in ``ward``: its winners, then each big party's other candidates up
    to the number of seats, one Green and sometimes Reform UK and an independent. Returns
    (first, last, group, won) with names not used elsewhere."""
    seats = ward.seats
    slate = [(w.first_name, w.last_name, w.group, True) for w in winners]
    standing = {group: sum(1 for w in winners if w.group == group) for group in PARTY_OF_GROUP}
    others: list[str | None] = []
    for group, full in (("Con", seats), ("Lab", seats), ("LD", seats), ("Green", 1)):
        others += [group] * max(full - standing[group], 0)
    if rng.random() < 0.6:
        others.append("Reform")
    if rng.random() < 0.3:
        others.append(None)
    for group in others:
        while True:
            name = (rng.choice(FIRST_NAMES), rng.choice(SURNAMES))
            if name not in taken:
                taken.add(name)
                break
        slate.append((*name, group, False))
    return slate


def _count(rng, slate: list[tuple], seats: int, electorate: int) -> dict:
    """Votes for ``slate`` in which exactly its winners are elected, and the ballot papers they
    came from: rejected papers under the statutory heads, the valid papers (a block vote: each
    carries from one to ``seats`` votes) and papers counted reconciling with them."""
    counted = max(round(electorate * rng.uniform(*TURNOUT_RANGE)), seats * 3)
    rejected = {
        "want_of_official_mark": 0,
        "too_many_votes": round(counted * REJECTED_SHARE * 0.45),
        "identifies_voter": round(counted * REJECTED_SHARE * 0.05),
        "unmarked_or_uncertain": round(counted * REJECTED_SHARE * 0.5),
    }
    valid = counted - sum(rejected.values())
    total = round(valid * seats * rng.uniform(0.78, 0.92))
    weights = []
    for _first, _last, group, won in slate:
        if won:
            weights.append(rng.uniform(1.0, 1.25))
        elif group in ("Con", "Lab", "LD"):
            weights.append(rng.uniform(0.35, 0.85))
        else:
            weights.append(rng.uniform(0.12, 0.4))
    scale = total / sum(weights)
    votes = [max(round(w * scale), 0) for w in weights]
    lowest_winner = min(v for v, row in zip(votes, slate, strict=True) if row[3])
    votes = [
        v if row[3] else min(v, max(lowest_winner - 1 - i % 3, 0))
        for i, (v, row) in enumerate(zip(votes, slate, strict=True))
    ]
    total = sum(votes)
    # The valid papers carry the votes: at least one each, at most one a seat.
    valid = min(max(valid, -(-total // seats)), total)
    return {
        "votes": votes,
        "valid": valid,
        "rejected": rejected,
        "counted": valid + sum(rejected.values()),
    }


def load_last_election(*, poll: date, winners: list[Winner], by) -> Election:
    """The ordinary election of ``poll`` as the returning officer ran it: a contest in every ward,
    each candidate's nomination paper received and found valid, the statement of persons
    nominated published, and on the night after the poll the count entered through
    ``result_services`` (its checks are the count's: the votes reconcile with the ballot papers
    counted and rejected), declared, and the results put live. The winners are ``winners``, the
    councillors the members app already holds with their terms of office from that election, so
    each result records that its terms are held there rather than confirming them again (which
    would create a second term for each). Loading again changes nothing."""
    import random

    from elections import nominations, result_services
    from elections.timetables import ElectionType, timetable

    existing = Election.objects.filter(election_type="local", poll_date=poll).first()
    if existing is not None:
        return existing
    rng = random.Random(RESULTS_SEED)  # noqa: S311 - reproducible demo data, not security
    election = election_services.election_create(
        title=f"Kingsmere District Council elections {poll.year}",
        election_type="local",
        nation="ENG",
        organisation="Kingsmere",
        poll_date=poll,
        by=by,
    )
    steps = {s.key: s for s in timetable(ElectionType.LOCAL, poll, nation="ENG")}
    opens = steps["nominations_open"].date
    closes = steps["nominations_close"].date
    electorates = ward_electorates()
    taken = {(w.first_name, w.last_name) for w in winners}
    declared = _aware(poll + timedelta(days=1), 13)
    for ward in Ward.objects.current(poll).order_by("name"):
        contest = election_services.contest_create(
            election=election, ward=ward, seats=ward.seats, by=by
        )
        ward_winners = [w for w in winners if w.ward_id == ward.pk]
        slate = _slate(rng, ward, ward_winners, taken)
        for first, last, group, _won in slate:
            reference, description = REFORM if group == "Reform" else PARTY_OF_GROUP[group]
            party = _party(reference)
            received = opens + timedelta(days=rng.randint(0, (closes - opens).days))
            candidate = nominations.nomination_receive(
                contest=contest,
                surname=last,
                other_names=first,
                home_address=_home_address(rng),
                address_area="Kingsmere" if rng.random() < 0.4 else "",
                party=party,
                description=description,
                use_emblem=party is not None and bool(party.emblem),
                agent_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                agent_address=_home_address(rng),
                received_at=_aware(received, rng.randint(10, 15)),
                by=by,
            )
            nominations.nomination_decide(candidate=candidate, valid=True, by=by)
        electorate = electorates.get(ward.pk) or ward.seats * ELECTORATE_A_SEAT_WITHOUT_REGISTER
        count = _count(rng, slate, ward.seats, electorate)
        result = result_services.contest_result_enter(
            contest=contest,
            electorate=electorate,
            ballot_papers_issued=count["counted"],
            ballot_papers_counted=count["counted"],
            valid_ballot_papers=count["valid"],
            rejected=count["rejected"],
            candidates=[
                result_services.CandidateVotes(
                    first_names=first,
                    surname=last,
                    party=(REFORM if group == "Reform" else PARTY_OF_GROUP[group])[1],
                    votes=votes,
                )
                for (first, last, group, _won), votes in zip(slate, count["votes"], strict=True)
            ],
            by=by,
        )
        result_services.contest_result_declare(result=result, by=by, declared_at=declared)
        result_services.contest_result_terms_recorded(
            result=result,
            by=by,
            note="The councillors' terms of office from this election were recorded in the "
            "members app before the result was entered.",
        )
        declared += timedelta(minutes=rng.randint(12, 30))
    election = election_services.election_update(
        election=election, declared_on=poll + timedelta(days=1), by=by
    )
    _mark_done(election, until=election.declared_on + timedelta(days=60), by=by)
    result_services.results_publish_live(election=election, by=by)
    return election


def _mark_done(election: Election, *, until: date, by, overrides: dict[str, date] | None = None):
    """Record each step of ``election``'s timetable dated before ``until`` as done on its date
    (or on the day in ``overrides``): the notices published, the deadlines kept. Never a day
    after the real today (the service refuses a step done in the future)."""
    from django.utils import timezone

    from elections import election_timetable

    overrides = overrides or {}
    real_today = timezone.localdate()
    for step in election_timetable.statutory_steps(election):
        done_on = overrides.get(step.key, step.date)
        if done_on < until and done_on <= real_today:
            election_services.timetable_step_mark_done(
                election=election, step=step.key, done_on=done_on, by=by
            )


# --- A by-election being run now (issue 13, point 7) ---------------------------------------------

# The notice of election went up on or after this many days before the day of loading.
BY_ELECTION_NOTICE_DAYS_AGO = 10
# The councillor's resignation took effect this many days before the notice of election; the
# notice of the vacancy (LGA 1972 s87) follows two days later, two electors' request five days
# after that (s89(1)(b)).
VACANCY_BEFORE_NOTICE_DAYS = 16
VACANCY_LATEST_DAYS_BEFORE_NOTICE = 30
BY_ELECTION_SEED = 89


@dataclass(frozen=True)
class ByElectionDates:
    vacancy_on: date
    vacancy_notice_on: date
    request_received_on: date
    notice_of_election_on: date
    poll: date
    ordinary_retirement_on: date | None


def by_election_dates(today: date) -> ByElectionDates:
    """The dates of a by-election being run on ``today``: the notice of election published on a
    day in the recent past (``BY_ELECTION_NOTICE_DAYS_AGO``), and the poll the first Thursday
    whose statutory timetable (``elections.timetables``, dies non included) still allows a
    notice of election on that day (notice not later than the 25th working day before the poll,
    SI 2006/3304 Sch 2 r 1). That puts the poll about three to five weeks ahead, with steps
    done and steps to come. The vacancy, its notice and the electors' request come before.

    The ordinary day of retirement is recorded unless the vacancy falls within the six months
    before it, when the law would leave the seat empty (LGA 1972 s89(3)): the demo still shows
    a by-election then (it demonstrates the timetable), without claiming that date."""
    from dateutil.relativedelta import relativedelta

    from elections.election_rules import casual_vacancy_problems
    from elections.timetables import (
        ElectionType,
        TimetableError,
        election_dies_non,
        timetable,
        vacancy_needs_election,
    )

    calendar = election_dies_non("ENG")
    notice = today - timedelta(days=BY_ELECTION_NOTICE_DAYS_AGO)
    while not calendar.is_working_day(notice):  # a notice goes up on a working day
        notice += timedelta(days=1)
    poll = notice + timedelta(days=(3 - notice.weekday()) % 7)
    while True:
        try:
            steps = timetable(ElectionType.CASUAL_VACANCY_PRINCIPAL, poll, nation="ENG")
        except TimetableError:  # a poll on a bank holiday
            poll += timedelta(days=7)
            continue
        latest = next(s.date for s in steps if s.key == "notice_of_election")
        if latest >= notice:
            break
        poll += timedelta(days=7)
    vacancy_on = notice - timedelta(days=VACANCY_BEFORE_NOTICE_DAYS)
    retirement = next_ordinary_poll(vacancy_on) + timedelta(days=4)
    if not vacancy_needs_election(vacancy_on, retirement):
        # Just inside the six months: the resignation came a few days earlier, if that is
        # still recent; otherwise the ordinary day of retirement is not recorded (above).
        last_needing = retirement - relativedelta(months=6) - timedelta(days=1)
        if last_needing >= notice - timedelta(days=VACANCY_LATEST_DAYS_BEFORE_NOTICE):
            vacancy_on = last_needing
        else:
            retirement = None
    vacancy_notice_on = vacancy_on + timedelta(days=2)
    request = vacancy_notice_on + timedelta(days=5)
    problems = casual_vacancy_problems(
        ElectionType.CASUAL_VACANCY_PRINCIPAL,
        nation="ENG",
        poll_date=poll,
        vacancy_on=vacancy_on,
        vacancy_notice_on=vacancy_notice_on,
        request_received_on=request,
        ordinary_retirement_on=retirement,
    )
    if problems:  # the poll must come within 35 working days of the request: ask later
        request = notice
    return ByElectionDates(vacancy_on, vacancy_notice_on, request, notice, poll, retirement)


def find_by_election(ward: Ward, vacancy_on: date) -> Election | None:
    return Election.objects.filter(
        election_type="casual_vacancy_principal",
        vacancy_on=vacancy_on,
        contests__ward=ward,
    ).first()


def load_by_election(
    *, today: date, ward: Ward, vacancy_on: date, defending: str | None, by
) -> Election:
    """The by-election to fill the vacancy in ``ward`` left on ``vacancy_on`` (the dates from
    ``by_election_dates``), as it stands on ``today``: the notice of election published, the
    steps whose day has passed done, nomination papers received since nominations opened
    (the defending group's candidate among them) and decided, except the latest while
    nominations are still open. Loading again finds it and changes nothing."""
    import random

    from elections import nominations
    from elections.timetables import ElectionType, timetable

    existing = find_by_election(ward, vacancy_on)
    if existing is not None:
        return existing
    dates = by_election_dates(today)
    if dates.vacancy_on != vacancy_on:
        raise ValueError("Give the vacancy date by_election_dates(today) gives.")
    rng = random.Random(BY_ELECTION_SEED)  # noqa: S311 - reproducible demo data, not security
    election = election_services.election_create(
        title=f"{ward.name} ward by-election",
        election_type="casual_vacancy_principal",
        nation="ENG",
        organisation="Kingsmere",
        poll_date=dates.poll,
        vacancy_on=dates.vacancy_on,
        vacancy_notice_on=dates.vacancy_notice_on,
        request_received_on=dates.request_received_on,
        ordinary_retirement_on=dates.ordinary_retirement_on,
        by=by,
    )
    contest = election_services.contest_create(election=election, ward=ward, seats=1, by=by)
    steps = {
        s.key: s for s in timetable(ElectionType.CASUAL_VACANCY_PRINCIPAL, dates.poll, nation="ENG")
    }
    opens = max(steps["nominations_open"].date, dates.notice_of_election_on + timedelta(days=1))
    closes = steps["nominations_close"].date
    last_day = min(closes, today - timedelta(days=1))
    groups = [defending, *(g for g in ("Con", "Lab", "LD", "Green") if g != defending)]
    groups.append("Reform")
    still_open = today <= closes
    standing = groups[:3] if still_open else groups
    names: set[tuple[str, str]] = set()
    received = []
    for index, group in enumerate(standing):
        while (name := (rng.choice(FIRST_NAMES), rng.choice(SURNAMES))) in names:
            pass
        names.add(name)
        reference, description = REFORM if group == "Reform" else PARTY_OF_GROUP[group]
        party = _party(reference)
        span = max((last_day - opens).days, 0)
        day = opens + timedelta(days=min(span, round(span * index / max(len(standing) - 1, 1))))
        received.append(
            nominations.nomination_receive(
                contest=contest,
                surname=name[1],
                other_names=name[0],
                home_address=_home_address(rng),
                address_area="Kingsmere" if index % 2 else "",
                party=party,
                description=description,
                use_emblem=party is not None and bool(party.emblem),
                agent_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                agent_address=_home_address(rng),
                received_at=_aware(day, 10 + index),
                by=by,
            )
        )
    # The returning officer decides each paper as it comes; the latest waits while nominations
    # are open. After the close one paper was found invalid (as happens: a subscriber not on the
    # register of the ward).
    for index, candidate in enumerate(received):
        if still_open and index == len(received) - 1:
            break
        invalid = not still_open and index == len(received) - 1
        nominations.nomination_decide(
            candidate=candidate,
            valid=not invalid,
            reason="Two of the subscribers are not local government electors for the ward"
            if invalid
            else "",
            by=by,
        )
    _mark_done(
        election,
        until=today,
        by=by,
        overrides={"notice_of_election": dates.notice_of_election_on},
    )
    return election


# --- The annual canvass (issue 12, point 5) ------------------------------------------------------

CANVASS_SEED = 95
# Of the properties, the share whose every elector the national data match finds (green):
# they go by Route 1. The rest have an amber or red elector, or nobody registered (Route 2).
ALL_GREEN_SHARE = 0.72
# The canvass's calendar, in days from its start on 1 July: the data match back, routing,
# the first communications (CCA and CCB), Route 2's second attempt (the Electoral Commission's
# 28 days after the first) and the personal visits that make its third.
MATCH_IMPORTED_AFTER = 3
LETTERS_AFTER = 12
SECOND_ATTEMPT_AFTER = LETTERS_AFTER + 28
DOOR_KNOCKS_AFTER = SECOND_ATTEMPT_AFTER + 28
DOOR_KNOCK_DAYS = 45
# Route 3: the care homes and halls of residence of the demo, with their responsible person.
DEFINED_PROPERTIES = [
    ("care_home", "Manager, Meadowbank Care Home"),
    ("care_home", "Registered Manager, The Laurels Residential Home"),
    ("student", "Accommodation Officer, Kingsmere College"),
    ("hmo", "Licence holder, 14 Station Road"),
]


def canvass_year(today: date) -> tuple[int, date]:
    """Which canvass the demo shows on ``today``, and the day it stands at. From 1 July to 30
    November, this year's canvass in progress, as far as it has gone by ``today``. From 1
    December (the revised register published, RPA 1983 s13(1)(a)) to 30 June, the last
    canvass, completed: its figures as they stood when it closed (the next one is not set up
    before July, when the data match comes back)."""
    if date(today.year, 7, 1) <= today < date(today.year, 12, 1):
        return today.year, today
    year = today.year if today >= date(today.year, 12, 1) else today.year - 1
    return year, date(year, 12, 1)


def _stage_day(year: int, days: int) -> date:
    return date(year, 7, 1) + timedelta(days=days)


def load_canvass(*, today: date, by):
    """The canvass ``canvass_year(today)`` gives, as far as it has gone: the national data match
    results imported for the register (the officer's import, COPY into a staging table), the
    Route 3 properties chosen, every property routed (one statement), the CCA and CCB issued to
    Routes 1 and 2, Route 2's second attempts and personal visits, and the responses in. The
    letters, attempts and responses are written set-wise (a few statements whatever the size of
    the register) and audited as totals. Loaded once a year: loading again changes nothing."""
    from elections import canvass as canvass_services
    from elections.models import Canvass, Property

    year, stands_on = canvass_year(today)
    if Canvass.objects.filter(year=year).exists():
        return Canvass.objects.get(year=year)
    if not Elector.register.filter(polling_district__code__in=_district_codes()).exists():
        return None
    canvass = canvass_services.canvass_create(
        year=year, previous_revised_on=date(year - 1, 12, 1), by=by
    )
    if stands_on < _stage_day(year, MATCH_IMPORTED_AFTER):
        return canvass  # opened; the data match is not back yet
    _import_matches(canvass, by=by)
    properties = Property.objects.filter(polling_district__code__in=_district_codes())
    occupied = properties.filter(electors__isnull=False).distinct().order_by("reference")
    for (kind, person), place in zip(DEFINED_PROPERTIES, occupied[::97], strict=False):
        canvass_services.defined_property_set(
            canvass=canvass, property=place, kind=kind, responsible_person=person, by=by
        )
    canvass_services.canvass_route(canvass=canvass, by=by, on=today)
    _canvass_progress(canvass, stands_on=stands_on, by=by)
    return canvass


def _import_matches(canvass, *, by) -> None:
    """The national data match results for every elector on the register but the anonymous
    (who are not matched), through the officer's import: a property is all green (Route 1) or,
    for a share of them, has an amber or red elector."""
    import random

    from django.core.files.base import ContentFile

    from elections import canvass as canvass_services
    from elections.register_rules import format_elector_number

    rng = random.Random(CANVASS_SEED)  # noqa: S311 - reproducible demo data, not security
    rows = (
        Elector.register.filter(
            deleted_on__isnull=True,
            anonymous=False,
            polling_district__code__in=_district_codes(),
        )
        .order_by("qualifying_address_id", "polling_district__code", "number", "suffix")
        .values_list("qualifying_address_id", "polling_district__code", "number", "suffix")
    )
    lines = ["elector_number,result"]
    current, green = object(), True
    for address, code, number, suffix in rows.iterator(chunk_size=10_000):
        if address != current:
            current, green = address, rng.random() < ALL_GREEN_SHARE
        result = "green" if green else rng.choice(("green", "amber", "red", "red"))
        lines.append(f"{format_elector_number(code, number, suffix)},{result}")
    upload = ContentFile(("\n".join(lines) + "\n").encode(), name="national-data-match.csv")
    job = canvass_services.match_import_start(canvass=canvass, upload=upload, by=by)
    job = canvass_services.match_import_run(job.pk)
    if job.status != job.Status.DONE:
        raise RuntimeError(f"The demo data match did not import: {job.errors[:5]}")


def _canvass_progress(canvass, *, stands_on: date, by) -> None:
    """The canvass as it stands on ``stands_on``, in set-wise statements: the communications
    issued (each the first contact attempt), Route 2's later attempts, the responses."""
    from django.db import connection, transaction

    from democracy import audit

    year = canvass.year
    letters = _stage_day(year, LETTERS_AFTER)
    second = _stage_day(year, SECOND_ATTEMPT_AFTER)
    knocks = _stage_day(year, DOOR_KNOCKS_AFTER)
    params = {
        "canvass": canvass.pk,
        "stands_on": stands_on,
        "letters": letters,
        "second": second,
        "knocks": knocks,
        "knock_days": DOOR_KNOCK_DAYS,
        "interval": canvass.attempt_interval_days,
        "issued_at": _aware(letters, 9),
        "salt": f"demo-canvass-{year}",
    }
    if stands_on < letters:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # The communications: CCA to Route 1, CCB to Route 2, the Route 3 communication to the
        # responsible person; each property's first contact attempt.
        cursor.execute(
            """
            UPDATE elections_canvassproperty cp SET code_issued_at = %(issued_at)s
             WHERE cp.canvass_id = %(canvass)s AND cp.code_issued_at IS NULL
            """,
            params,
        )
        cursor.execute(
            """
            INSERT INTO elections_canvasscontact (canvass_property_id, number, method, made_on)
            SELECT cp.id, 1,
                   CASE cp.route WHEN 1 THEN 'cca' WHEN 2 THEN 'ccb' ELSE 'route3' END,
                   %(letters)s
              FROM elections_canvassproperty cp WHERE cp.canvass_id = %(canvass)s
            ON CONFLICT (canvass_property_id, number) DO NOTHING
            """,
            params,
        )
        issued = cursor.rowcount
        # Route 2: who responds, and when. Below 0.42 after the CCB; to 0.65 after the second
        # attempt (an email, or a canvass form where there is none); to 0.85 at the door; the
        # rest not at all. Route 1 need answer a CCA only to report a change: about one in
        # seven does (most of them online). Route 3's responsible people all answer.
        cursor.execute(
            """
            CREATE TEMPORARY TABLE demo_canvass_plan AS
            SELECT cp.id, cp.route, d.draw,
                   CASE
                     WHEN cp.route = 3 THEN %(letters)s + 10 + (d.draw * 20)::int
                     WHEN cp.route = 1 AND d.draw < 0.14
                       THEN %(letters)s + 2 + (d.draw * 400)::int
                     WHEN cp.route = 2 AND d.draw < 0.42
                       THEN %(letters)s + 3 + (d.draw * 50)::int
                     WHEN cp.route = 2 AND d.draw < 0.65
                       THEN %(second)s + 2 + ((d.draw - 0.42) * 80)::int
                     WHEN cp.route = 2 AND d.draw < 0.85
                       THEN %(knocks)s + ((d.draw - 0.65) * 5 * %(knock_days)s)::int
                   END AS responds_on,
                   %(knocks)s + ((d.draw - 0.65) * 5 * %(knock_days)s)::int AS knock_on
              FROM elections_canvassproperty cp
              -- Each property's draw, from 0 to 1, fixed by its id: whether and when it answers.
              CROSS JOIN LATERAL (
                SELECT ((hashtext(cp.id::text || %(salt)s) & 2147483647) %% 10000) / 10000.0
                       AS draw) d
             WHERE cp.canvass_id = %(canvass)s
            """,
            params,
        )
        cursor.execute("ANALYZE demo_canvass_plan")
        # Route 2's second attempt, to everyone not answered by then.
        cursor.execute(
            """
            INSERT INTO elections_canvasscontact (canvass_property_id, number, method, made_on)
            SELECT p.id, 2, CASE WHEN p.draw * 1000 %% 3 < 1 THEN 'email' ELSE 'canvass_form' END,
                   %(second)s
              FROM demo_canvass_plan p
             WHERE p.route = 2 AND p.draw >= 0.42 AND %(second)s <= %(stands_on)s
            ON CONFLICT (canvass_property_id, number) DO NOTHING
            """,
            params,
        )
        seconds = cursor.rowcount
        # The third, personal: a canvasser at the door, over six weeks.
        cursor.execute(
            """
            INSERT INTO elections_canvasscontact (canvass_property_id, number, method, made_on)
            SELECT p.id, 3, 'door_knock', p.knock_on
              FROM demo_canvass_plan p
             WHERE p.route = 2 AND p.draw >= 0.65 AND p.knock_on <= %(stands_on)s
            ON CONFLICT (canvass_property_id, number) DO NOTHING
            """,
            params,
        )
        knocked = cursor.rowcount
        # The responses in by ``stands_on``: about one in four reports a change, recorded as a
        # pending alteration, determined by the officer after three weeks.
        cursor.execute(
            """
            INSERT INTO elections_canvassresponse
                   (canvass_property_id, outcome, channel, changes, alteration, received_at)
            SELECT p.id,
                   CASE WHEN p.route = 1 OR p.draw * 100 %% 4 < 1 THEN 'changes'
                        ELSE 'no_change' END,
                   CASE WHEN p.route = 3 THEN 'paper'
                        WHEN p.route = 2 AND p.draw >= 0.65 THEN 'canvasser'
                        WHEN p.draw * 1000 %% 5 < 1 THEN 'paper'
                        WHEN p.draw * 1000 %% 9 < 1 THEN 'phone'
                        ELSE 'online' END,
                   CASE WHEN p.route = 1 OR p.draw * 100 %% 4 < 1
                        THEN '[{"kind": "note", "text": "A change of resident reported"}]'::jsonb
                        ELSE '[]'::jsonb END,
                   CASE WHEN NOT (p.route = 1 OR p.draw * 100 %% 4 < 1) THEN ''
                        WHEN p.responds_on + 21 <= %(stands_on)s THEN 'determined'
                        ELSE 'pending' END,
                   p.responds_on + time '11:00'
              FROM demo_canvass_plan p
             WHERE p.responds_on <= %(stands_on)s
            """,
            params,
        )
        responses = cursor.rowcount
        cursor.execute(
            """
            UPDATE elections_canvassproperty cp
               SET response = r.outcome, responded_at = r.received_at, next_attempt_due = NULL
              FROM elections_canvassresponse r
             WHERE r.canvass_property_id = cp.id AND cp.canvass_id = %(canvass)s
            """,
            params,
        )
        # Route 2 without a response: the next attempt falls due after the interval from the
        # last (none after the third).
        cursor.execute(
            """
            UPDATE elections_canvassproperty cp
               SET next_attempt_due = CASE
                     WHEN p.draw >= 0.65 AND p.knock_on <= %(stands_on)s THEN NULL
                     WHEN p.draw >= 0.42 AND %(second)s <= %(stands_on)s
                       THEN %(second)s + %(interval)s
                     ELSE %(letters)s + %(interval)s END
              FROM demo_canvass_plan p
             WHERE p.id = cp.id AND cp.route = 2 AND cp.response = ''
            """,
            params,
        )
        cursor.execute("DROP TABLE demo_canvass_plan")
    audit.record(
        "elections.canvass.progress_recorded",
        canvass,
        by=by,
        changes={
            "communications": [None, issued],
            "second_attempts": [None, seconds],
            "personal_visits": [None, knocked],
            "responses": [None, responses],
        },
        note=f"The canvass as it stood on {stands_on:%-d %B %Y}.",
    )


# --- Rolling registration (issue 12, point 3) ----------------------------------------------------

REGISTRATION_SEED = 13

# The applications in flight on the day of loading: (days before today received, how the
# identity was verified, the decision, nationality, age, channel). Those decided are placed by
# ``load_registration`` around the monthly notices of alteration instead.
APPLICATIONS_IN_FLIGHT = [
    (1, None, "british", 34, "online"),  # not verified yet
    (2, None, "irish", 27, "online"),
    (3, "dwp_match", "british", 45, "online"),  # matched, in the objection period
    (4, "dwp_match", "commonwealth", 31, "paper"),
    (9, "unmatched", "british", 22, "online"),  # not matched: documentary evidence asked for
    (16, "unmatched", "eu", 29, "online"),
    (20, "documents", "british", 52, "paper"),  # verified by evidence, to be determined
    (24, "attestation", "british", 19, "online"),  # verified by attestation, to be determined
]
# Accepted and pending on the next monthly notice: (nationality, age); the first an attainer.
ADDITIONS_PENDING = [("british", 17), ("british", 41), ("eu", 36)]
# Accepted and published on the last monthly notice.
ADDITIONS_PUBLISHED = [("british", 24), ("irish", 63)]
REJECTED = [("other", 30)]


def _nino(rng) -> str:
    first, second = "ABCEGHJKLMNPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"
    digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
    return f"{rng.choice(first)}{rng.choice(second)}{digits}{rng.choice('ABCD')}"


def load_registration(*, today: date, by) -> list:
    """Rolling registration in flight on ``today``: a dozen applications from the online
    "Register to vote" service and paper forms, not verified yet, matched with DWP records and in
    their objection period, unmatched and waiting for documentary evidence, verified and waiting
    to be determined; one rejected; additions accepted and published on the last monthly notice
    of alteration (when it has been published: not a discretionary notice of the canvass), and
    others accepted since and pending on the next one, which is prepared. Every write through
    ``elections.registration``, each on the day it happened. Loaded once: if any application
    exists, nothing is done."""
    import random

    from democracy.council import election_calendar
    from elections import register_rules, registration
    from elections.models import Property, RegistrationApplication

    if RegistrationApplication.register.exists():
        return []
    occupied = list(
        Property.objects.filter(
            polling_district__code__in=_district_codes(), electors__isnull=False
        )
        .distinct()
        .order_by("reference")
        .values_list("pk", flat=True)
    )
    chosen = occupied[:: max(len(occupied) // 20, 1)][:20]
    homes = list(Property.objects.filter(pk__in=chosen).order_by("reference"))
    if len(homes) < 14:
        return []
    calendar = election_calendar()
    rng = random.Random(REGISTRATION_SEED)  # noqa: S311 - reproducible demo data, not security
    nxt = register_rules.next_monthly_notice_of_alteration(today, calendar=calendar)
    year, month = nxt.publication.year, nxt.publication.month
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    last = register_rules.monthly_notice_of_alteration(year, month, calendar=calendar)
    applications = []

    def receive(received_on: date, nationality: str, age: int, channel: str = "online"):
        home = homes[len(applications)]
        first = rng.choice(FIRST_NAMES)
        born = received_on - timedelta(days=round(age * 365.25) + rng.randint(20, 300))
        has_nino = rng.random() < 0.92
        application = registration.application_receive(
            received_on=received_on,
            first_names=first,
            surname=rng.choice(SURNAMES),
            address=home,
            date_of_birth=born,
            nationality=nationality,
            nino=_nino(rng) if has_nino else "",
            no_nino_reason=""
            if has_nino
            else "I have never been given a National Insurance number",
            channel=channel,
            open_register_opt_out=rng.random() < OPT_OUT_SHARE,
            by=by,
        )
        applications.append(application)
        return application

    def decide(application, *, accept: bool, on: date, reason: str = "") -> None:
        verify_on = application.received_on + timedelta(days=1)
        registration.application_verify(
            application=application, verification="dwp_match", by=by, today=verify_on
        )
        registration.application_determine(
            application=application, accept=accept, reason=reason, by=by, today=on
        )

    def received_for(determined: date) -> date:
        # Received so that its five working days for objections end before ``determined``.
        day = determined - timedelta(days=7)
        while not calendar.is_working_day(day) or register_rules.objection_period_end(
            day, anonymous=False, calendar=calendar
        ) >= determined - timedelta(days=1):
            day -= timedelta(days=1)
        return day

    # The last notice: additions determined by its deadline, published on its day.
    published = last.publication <= today and not last.discretionary
    if published:
        for nationality, age in ADDITIONS_PUBLISHED:
            on = last.determination_deadline - timedelta(days=rng.randint(1, 6))
            decide(receive(received_for(on), nationality, age), accept=True, on=on)
        notice = registration.monthly_notice_prepare(year=year, month=month, by=by)
        registration.notice_of_alteration_publish(notice=notice, by=by, today=last.publication)
    # Since: additions accepted for the next notice, and one application refused.
    latest = min(today - timedelta(days=1), nxt.determination_deadline)
    earliest = last.determination_deadline + timedelta(days=1)
    for index, (nationality, age) in enumerate([*ADDITIONS_PENDING, *REJECTED]):
        on = earliest + timedelta(days=round((latest - earliest).days * (index + 1) / 5))
        application = receive(received_for(on), nationality, age)
        if nationality == "other":
            decide(
                application,
                accept=False,
                on=on,
                reason="The applicant is not a British, Irish, qualifying Commonwealth or "
                "relevant EU citizen, so cannot be registered",
            )
        else:
            decide(application, accept=True, on=on)
    registration.monthly_notice_prepare(
        year=nxt.publication.year, month=nxt.publication.month, by=by
    )
    # In flight today.
    for days_ago, verification, nationality, age, channel in APPLICATIONS_IN_FLIGHT:
        received_on = today - timedelta(days=days_ago)
        application = receive(received_on, nationality, age, channel)
        if verification:
            registration.application_verify(
                application=application,
                verification=verification,
                by=by,
                today=min(received_on + timedelta(days=1), today),
            )
    return applications
