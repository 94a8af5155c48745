"""The statutory notices after the close of nominations (issue 13, point 3) as tagged PDFs:

* the statement of persons nominated (SI 2006/3304 Sch 2 r 11): per contest, those standing in
  alphabetical order of surname with their address (or its area) and description; then those
  no longer standing, with the reason (an invalid paper) or "Withdrawn";
* the notice of poll (r 14): the candidates standing in each contested contest, the number of
  seats, and polling day's hours;
* the situation of polling stations (r 28(3)): each station, the polling district it serves and
  the range of elector numbers allotted to it.

Renderers are pure (``render_<document>_pdf(election) -> bytes``), reading through the
services' read functions; none shows anything of an elector but a number.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from democracy import pdf
from elections import nominations, poll_cards
from elections.models import Election, PollingDistrict


def _contests(election: Election):
    return list(election.contests.select_related("ward").order_by("division_name", "pk"))


def statement_rows(election: Election) -> list[dict]:
    rows = []
    for contest in _contests(election):
        standing, others = nominations.candidates_for_statement(contest)
        rows.append({"contest": contest, "standing": standing, "others": others})
    return rows


def render_sopn_pdf(election: Election) -> bytes:
    html = render_to_string(
        "elections/nominations/sopn_pdf.html",
        {
            "election": election,
            "contests": statement_rows(election),
            "council_name": settings.COUNCIL_NAME,
        },
    )
    return pdf.render_pdf(html, title=f"Statement of persons nominated: {election.title}")


def render_notice_of_poll_pdf(election: Election) -> bytes:
    contests = []
    for row in statement_rows(election):
        contest = row["contest"]
        row["contested"] = len(row["standing"]) > contest.seats
        contests.append(row)
    html = render_to_string(
        "elections/nominations/notice_of_poll_pdf.html",
        {"election": election, "contests": contests, "council_name": settings.COUNCIL_NAME},
    )
    return pdf.render_pdf(html, title=f"Notice of poll: {election.title}")


def station_ranges(election: Election) -> list[dict]:
    """Each polling station of the election's wards with the range of elector numbers allotted
    to it: the same allocation the poll cards and station registers use
    (``elections.station_allocation``: an even split of the district's live register, or the
    ranges the officer set)."""
    wards = [c.ward_id for c in election.contests.all() if c.ward_id]
    districts = list(
        PollingDistrict.objects.filter(ward__in=wards, stations__isnull=False)
        .distinct()
        .order_by("code")
    )
    allotted = poll_cards.allocations([d.pk for d in districts], election.poll_date)
    rows = []
    for district in districts:
        for row in sorted(allotted[district.pk], key=lambda r: r.station.number):
            rows.append(
                {
                    "station": row.station,
                    "district": district,
                    "first": f"{district.code}{row.first}" if row.first else "",
                    "last": f"{district.code}{row.last}" if row.last else "",
                }
            )
    return rows


def render_situation_pdf(election: Election) -> bytes:
    html = render_to_string(
        "elections/nominations/situation_pdf.html",
        {
            "election": election,
            "rows": station_ranges(election),
            "council_name": settings.COUNCIL_NAME,
        },
    )
    return pdf.render_pdf(html, title=f"Situation of polling stations: {election.title}")
