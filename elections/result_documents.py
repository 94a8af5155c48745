"""The returning officer's notices of a contest's result (issue 13, point 5) as tagged PDFs:

* the declaration of result (SI 2006/3304 Sch 2 r 50(1); parishes SI 2006/3305 Sch 2 r 50(1)):
  each candidate's votes and description in ballot-paper order (alphabetical by surname), those
  elected marked, the number of ballot papers rejected under each head of the statement of
  rejected ballot papers, the electorate, the ballot papers counted and the turnout by the
  Electoral Commission's ballot-box definition, dated, over the returning officer's title;
* the statement of rejected ballot papers (r 47(4)): the number rejected under each head.

The provisions cited come from ``count_rules.notice_sources``. Renderers are pure
(``render_<document>_pdf(result) -> bytes``); a result not yet declared is marked as a draft.
Nothing here names the officer who entered or declared it.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from democracy import pdf
from elections import count_rules
from elections.result_models import ContestResult


def _context(result: ContestResult) -> dict:
    contest = result.contest
    election = contest.election
    candidates = sorted(
        result.candidates.select_related("candidate"),
        key=lambda c: (c.surname.casefold(), c.first_names.casefold(), c.pk),
    )
    rows = []
    for row in candidates:
        nominated = row.candidate
        full_name = ""
        if nominated is not None:
            full = f"{nominated.other_names} {nominated.surname}"
            if full != row.name:
                full_name = full
        rows.append({"row": row, "full_name": full_name})
    return {
        "result": result,
        "contest": contest,
        "election": election,
        "rows": rows,
        "elected": [c for c in candidates if c.elected],
        "rejected": result.rejected,
        "turnout": count_rules.turnout(
            electorate=result.electorate,
            valid_ballot_papers=result.valid_ballot_papers,
            rejected_at_count=result.rejected.total,
        ),
        "sources": count_rules.notice_sources(election.election_type, election.nation),
        "declared_on": timezone.localtime(result.declared_at) if result.declared_at else None,
        "council_name": settings.COUNCIL_NAME,
    }


def render_declaration_pdf(result: ContestResult) -> bytes:
    html = render_to_string("elections/results/declaration_pdf.html", _context(result))
    return pdf.render_pdf(html, title=f"Declaration of result: {result.contest}")


def render_rejected_statement_pdf(result: ContestResult) -> bytes:
    html = render_to_string("elections/results/rejected_statement_pdf.html", _context(result))
    return pdf.render_pdf(html, title=f"Statement of rejected ballot papers: {result.contest}")


#: The documents by their address slug.
DOCUMENTS = {
    "declaration-of-result": render_declaration_pdf,
    "statement-of-rejected-ballot-papers": render_rejected_statement_pdf,
}
