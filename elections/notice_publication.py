"""Publishing a notice of alteration (issue 12, point 4; DOMAIN.md C3) as CSV and as a tagged
PDF, one polling district at a time, in the patterns of ``publication.py``.

Each row is an alteration the notice carries: an addition (the new entry), a deletion (the entry
leaving) or a change (the entry as changed). An anonymous elector is their number and "N" only,
never a name or an address (Representation of the People Act 1983 s9B); an attainer shows the
date they turn 18, never a date of birth. Every cell a spreadsheet would run as a formula is
neutralised by the one CSV writer.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.template.loader import render_to_string

from democracy import pdf, spreadsheet
from elections import register_rules as rules
from elections import registration
from elections.models import NoticeOfAlteration, PollingDistrict, RegisterAlteration

COLUMNS = ["Alteration", "Elector number", "Markers", "Name", "Address", "Postcode", "Turns 18 on"]
SECTIONS = [
    (RegisterAlteration.Kind.ADDITION, "Additions"),
    (RegisterAlteration.Kind.DELETION, "Deletions"),
    (RegisterAlteration.Kind.CHANGE, "Changes"),
]


def entries(notice: NoticeOfAlteration, district: PollingDistrict) -> Iterator[list]:
    """The rows of ``notice`` for ``district``: additions, deletions, then changes, each in
    elector number order."""
    carried = list(
        registration.carried_by(notice)
        .filter(polling_district=district)
        .order_by("number", "suffix", "pk")
    )
    for kind, _ in SECTIONS:
        for alteration in carried:
            if alteration.kind == kind:
                yield _row(alteration, notice)


def _row(alteration: RegisterAlteration, notice: NoticeOfAlteration) -> list:
    label = alteration.get_kind_display()
    number = alteration.elector_number
    elector = alteration.elector
    if elector is not None:
        if elector.anonymous:
            return [label, number, "N", "", "", "", ""]
        values = dict(alteration.changes) if alteration.kind == "change" else {}
        first = values.get("first_names", elector.first_names)
        surname = values.get("surname", elector.surname)
        franchise = values.get("franchise", elector.franchise)
        markers = franchise + ("F" if elector.overseas else "")
        prop = elector.qualifying_address
        turns_18 = elector.attainer_18_on
    else:  # an addition not yet published: the application is the entry to be
        application = alteration.application
        if application.anonymous:
            return [label, number, "N", "", "", "", ""]
        first, surname = application.first_names, application.surname
        markers = rules.franchise_for_nationality(application.nationality) or ""
        prop = application.address
        turns_18 = rules.attainer_18_on_for(application.date_of_birth, notice.publication_date)
    return [
        label,
        number,
        markers,
        f"{surname}, {first}",
        ", ".join(prop.address_lines) if prop else "",
        prop.postcode if prop else "",
        f"{turns_18.day} {turns_18:%B %Y}" if turns_18 else "",
    ]


class _Line:
    def write(self, value: str) -> str:
        return value


def csv_lines(notice: NoticeOfAlteration, district: PollingDistrict) -> Iterator[str]:
    writer = spreadsheet.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(COLUMNS)
    for row in entries(notice, district):
        yield writer.writerow(row)


def render_pdf(notice: NoticeOfAlteration, district: PollingDistrict) -> bytes:
    """The notice for ``district`` as a tagged PDF: the same rows as the CSV, by section."""
    rows = list(entries(notice, district))
    sections = [(name, [row for row in rows if row[0] == kind.label]) for kind, name in SECTIONS]
    title = f"{notice.get_kind_display()}: polling district {district.code}"
    html = render_to_string(
        "elections/register/notice_pdf.html",
        {
            "notice": notice,
            "district": district,
            "sections": sections,
            "council_name": settings.COUNCIL_NAME,
            "title": title,
        },
    )
    return pdf.render_pdf(html, title=title)
