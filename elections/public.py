"""What the public may see of elections: the one place the public side (the composition root,
``website``) reads electoral geography from.

Public: wards (name, GSS code, number of councillors, dates in force), past and present, and
polling districts (code, name, ward): the council publishes both (wards by the Local Government
Boundary Commission's orders; polling districts under the Representation of the People Act 1983
s18A-18C, reviewed and published by the council).

Upcoming polls (issue 13, point 6): each election polling today or later, its key dates (the
statutory timetable the council publishes with the notice of election), its contests, and once
the statement of persons nominated is published (the "sopn" step recorded as done) the
candidates standing, as the statement shows them: ballot name, the address or "address in
<area>" the candidate chose, and description. Never anything of the register of electors (an
anonymous elector, Representation of the People Act 1983 s9B, is never shown), and never a
candidate before the statement is published, nor one invalidly nominated or withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from elections import count_rules, election_timetable
from elections.models import Candidate, Contest, Election, PollingDistrict, Ward, WardQuerySet
from elections.result_models import CandidateResult, ContestResult

#: The dates a voter needs, in the order of the timetable.
KEY_STEPS = (
    "notice_of_election",
    "nominations_close",
    "sopn",
    "registration_deadline",
    "postal_vote_deadline",
    "proxy_deadline",
    "voter_authority_certificate_deadline",
    "notice_of_poll",
)
UPCOMING_LIMIT = 20


def wards() -> WardQuerySet:
    """Every ward, past and present (terms of office refer to wards since abolished)."""
    return Ward.objects.all()


def current_wards(on: date | None = None) -> WardQuerySet:
    """The wards in force on ``on`` (today by default)."""
    return Ward.objects.current(on)


def polling_districts():
    """Every polling district, with its ward."""
    return PollingDistrict.objects.select_related("ward")


# --- Results of the count (issue 13, point 5) ---------------------------------------------------
#
# Public: an election whose results the returning officer has put live (``ResultsLive``), each
# contest's declaration status, and a declared contest's result (the statement of the result and
# of rejected ballot papers, and turnout, all published by the returning officer, SI 2006/3304
# Sch 2 r 50 and r 47(4)). An entered but undeclared count is never public.


def results_elections():
    """The elections with their results live, newest first."""
    return Election.objects.filter(results_live__isnull=False).select_related("combined_poll")


def _declared_results():
    return ContestResult.all_objects.declared().prefetch_related(
        Prefetch("candidates", queryset=CandidateResult.all_objects.order_by("-votes", "surname"))
    )


def results_contests(election: Election):
    """An election's contests, each with its declared result (``declared_result_of``; None while
    it awaits declaration), in a fixed number of queries."""
    return (
        Contest.objects.filter(election=election)
        .select_related("ward")
        .prefetch_related(Prefetch("result", queryset=_declared_results(), to_attr="_declared"))
        .order_by("division_name")
    )


def results_election(pk: int) -> Election | None:
    """The election ``pk`` if its results are live, else None (the same answer as no election)."""
    return results_elections().filter(pk=pk).first()


def declared_result(contest: Contest) -> ContestResult | None:
    """A contest's declared result (None while it awaits declaration)."""
    return _declared_results().filter(contest=contest).first()


def declared_result_of(contest: Contest) -> ContestResult | None:
    """The declared result of a contest from ``results_contests`` (no query)."""
    try:
        return contest._declared
    except AttributeError:
        return declared_result(contest)


def result_turnout(result: ContestResult) -> count_rules.Turnout:
    """The Electoral Commission's turnout of a declared result (ballot box and valid vote)."""
    return count_rules.turnout(
        electorate=result.electorate,
        valid_ballot_papers=result.valid_ballot_papers,
        rejected_at_count=result.rejected.total,
    )


@dataclass(frozen=True)
class PublicContest:
    name: str
    seats: int
    candidates: list  # the published candidates, in the statement's order; [] before it
    published: bool


@dataclass(frozen=True)
class UpcomingPoll:
    title: str
    election_type: str
    poll_date: date
    key_dates: list  # timetable steps (label, date, time_label)
    contests: list[PublicContest]


def _published(candidate: Candidate) -> dict:
    return {
        "name": candidate.ballot_name,
        "address": candidate.published_address,
        "description": candidate.description,
    }


def upcoming_polls(on: date | None = None) -> list[UpcomingPoll]:
    """Elections polling on or after ``on`` (today by default), soonest first, with their key
    dates and, where the statement of persons nominated is published, their candidates. A
    bounded number of queries whatever the number of elections and candidates."""
    on = on or timezone.localdate()
    standing = Candidate.nominations.standing().select_related("party")
    elections = election_timetable.with_records(
        Election.objects.filter(poll_date__gte=on).order_by("poll_date", "title")
    ).prefetch_related(
        Prefetch(
            "contests",
            queryset=Contest.objects.order_by("division_name", "pk").prefetch_related(
                Prefetch("candidates", queryset=standing, to_attr="standing")
            ),
        )
    )[:UPCOMING_LIMIT]
    mourning = election_timetable.mourning_days()
    polls = []
    for election in elections:
        rows, _ = election_timetable.rows_or_problem(election, mourning=mourning)
        steps = {row.step.key: row.step for row in rows}
        published = "sopn" in {done.step for done in election.steps_done.all()}
        contests = []
        for contest in election.contests.all():
            ordered = sorted(
                contest.standing,
                key=lambda c: (c.ballot_surname.casefold(), c.ballot_forenames.casefold(), c.pk),
            )
            contests.append(
                PublicContest(
                    name=str(contest),
                    seats=contest.seats,
                    candidates=[_published(c) for c in ordered] if published else [],
                    published=published,
                )
            )
        polls.append(
            UpcomingPoll(
                title=election.title,
                election_type=election.get_election_type_display(),
                poll_date=election.poll_date,
                key_dates=[steps[key] for key in KEY_STEPS if key in steps],
                contests=contests,
            )
        )
    return polls
