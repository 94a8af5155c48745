"""What the public may see of elections: the one place the public side (the composition root,
``website``) reads electoral geography from.

Public: wards (name, GSS code, number of councillors, dates in force), past and present, and
polling districts (code, name, ward): the council publishes both (wards by the Local Government
Boundary Commission's orders; polling districts under the Representation of the People Act 1983
s18A-18C, reviewed and published by the council). Nothing else of elections is public yet: the
register of electors (an anonymous elector, Representation of the People Act 1983 s9B, is never
shown) and poll records come with the elections issue, and each must add here only what the law
publishes.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch

from elections import count_rules
from elections.models import Contest, Election, PollingDistrict, Ward, WardQuerySet
from elections.result_models import CandidateResult, ContestResult


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
