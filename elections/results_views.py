"""The public results pages (issue 13, point 5): an election's results, live on the night with
each ward's declaration status, a contest's declared result, and the results as CSV in the shape
Democracy Club's results importer reads. Read only through ``elections.public``; anonymous pages
are cached by ``democracy.public_cache`` and replaced when a result is declared."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from democracy import spreadsheet
from democracy.public_cache import public_conditional
from elections import public, result_documents

DEMOCRACY_CLUB_COLUMNS = [
    "election_id",
    "ballot_paper_id",
    "person_name",
    "party_name",
    "ballots_cast",
    "is_winner",
    "turnout_percentage",
    "spoilt_ballots",
    "electorate",
]


def _election(pk: int):
    election = public.results_election(pk)
    if election is None:
        raise Http404("No such results")
    return election


def _rows(election):
    rows = []
    for contest in public.results_contests(election):
        result = public.declared_result_of(contest)
        rows.append(
            {
                "contest": contest,
                "result": result,
                "turnout": public.result_turnout(result) if result else None,
            }
        )
    return rows


@require_safe
def results_index(request: HttpRequest) -> HttpResponse:
    elections = list(public.results_elections()[:50])
    return render(request, "elections/results/index.html", {"elections": elections})


@require_safe
def election_results(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    rows = _rows(election)
    declared = sum(1 for row in rows if row["result"])
    return render(
        request,
        "elections/results/election.html",
        {"election": election, "rows": rows, "declared": declared},
    )


@require_safe
def contest_results(request: HttpRequest, pk: int, contest_pk: int) -> HttpResponse:
    election = _election(pk)
    contest = public.results_contests(election).filter(pk=contest_pk).first()
    if contest is None:
        raise Http404("No such contest")
    result = public.declared_result_of(contest)
    return render(
        request,
        "elections/results/contest.html",
        {
            "election": election,
            "contest": contest,
            "result": result,
            "turnout": public.result_turnout(result) if result else None,
        },
    )


@require_safe
def contest_document(request: HttpRequest, pk: int, contest_pk: int, document: str):
    """The declaration of result or the statement of rejected ballot papers of a declared
    contest, as a tagged PDF (``elections.result_documents``); a 404 before the declaration."""
    render_document = result_documents.DOCUMENTS.get(document)
    if render_document is None:
        raise Http404("No such document")
    election = _election(pk)
    contest = public.results_contests(election).filter(pk=contest_pk).first()
    result = public.declared_result_of(contest) if contest is not None else None
    if result is None:
        raise Http404("No declared result")
    response = HttpResponse(render_document(result), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document}-{contest.ballot_id}.pdf"'
    return response


@require_safe
def democracy_club_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per candidate of each declared contest, with the ballot's turnout and spoilt
    (rejected) ballot papers, keyed by Democracy Club's election and ballot paper identifiers."""
    election = _election(pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{election.election_id}-results.csv"'
    writer = spreadsheet.writer(response)
    writer.writerow(DEMOCRACY_CLUB_COLUMNS)
    for row in _rows(election):
        result = row["result"]
        if result is None:
            continue
        for candidate in result.candidates.all():
            writer.writerow(
                [
                    election.election_id,
                    row["contest"].ballot_id,
                    candidate.name,
                    candidate.party,
                    candidate.votes,
                    "t" if candidate.elected else "f",
                    row["turnout"].ballot_box if row["turnout"].ballot_box is not None else "",
                    result.rejected.total,
                    result.electorate,
                ]
            )
    return response


results_index_page = public_conditional(results_index)
election_results_page = public_conditional(election_results)
contest_results_page = public_conditional(contest_results)
contest_document_page = public_conditional(contest_document)
democracy_club_csv_page = public_conditional(democracy_club_csv)
