"""Publishing the register of electors (issue 12, point 4; DOMAIN.md C3) as CSV, one polling
district at a time.

* The **full register**: every live entry in elector number order (numbers are allocated in
  street order), then "other electors": overseas electors (F) alphabetically without an
  address, and anonymous electors (N) as their number and N only, never a name or address
  (Representation of the People Act 1983 s9B).
* The **edited (open) register**: the full register without anonymous electors and without
  those who opted out of it (Representation of the People (England and Wales) Regulations 2001
  reg 93).

The date an attainer turns 18 is shown in the full register only; never a date of birth.
Every cell a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from democracy import pdf, spreadsheet
from elections.models import Elector, PollingDistrict

FULL = "full"
EDITED = "edited"
EDITIONS = {FULL: "Full register", EDITED: "Edited (open) register"}
COLUMNS = ["Section", "Elector number", "Markers", "Name", "Address", "Postcode", "Turns 18 on"]
OTHER = "Other electors"
MAIN = "Main"


def entries(district: PollingDistrict, edition: str, *, on: date | None = None) -> Iterator[list]:
    """The rows of ``edition`` for ``district``, as they are published."""
    live = (
        Elector.register.live(on)
        .filter(polling_district=district)
        .select_related("qualifying_address", "polling_district")
    )
    if edition == EDITED:
        live = live.filter(anonymous=False, open_register_opt_out=False)
    elif edition != FULL:
        raise ValueError(f"No such edition: {edition}")
    show_attainer = edition == FULL
    for elector in live.filter(anonymous=False, overseas=False).order_by("number", "suffix"):
        prop = elector.qualifying_address
        yield [
            MAIN,
            elector.elector_number,
            elector.markers,
            f"{elector.surname}, {elector.first_names}",
            ", ".join(prop.address_lines),
            prop.postcode,
            _turns_18(elector) if show_attainer else "",
        ]
    for elector in live.filter(anonymous=False, overseas=True).order_by(
        "surname", "first_names", "number"
    ):
        yield [
            OTHER,
            elector.elector_number,
            elector.markers,
            f"{elector.surname}, {elector.first_names}",
            "",
            "",
            _turns_18(elector) if show_attainer else "",
        ]
    if edition == FULL:
        for elector in live.filter(anonymous=True).order_by("number", "suffix"):
            yield [OTHER, elector.elector_number, "N", "", "", "", ""]


def _turns_18(elector: Elector) -> str:
    return f"{elector.attainer_18_on:%-d %B %Y}" if elector.attainer_18_on else ""


class _Line:
    def write(self, value: str) -> str:
        return value


def csv_lines(district: PollingDistrict, edition: str, *, on: date | None = None) -> Iterator[str]:
    writer = spreadsheet.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(COLUMNS)
    for row in entries(district, edition, on=on):
        yield writer.writerow(row)


def render_pdf(district: PollingDistrict, edition: str, *, on: date | None = None) -> bytes:
    """The register of ``district`` as a tagged PDF: the same rows as the CSV, in two sections
    (the main register, then other electors)."""
    main, other = [], []
    for row in entries(district, edition, on=on):
        (main if row[0] == MAIN else other).append(row)
    html = render_to_string(
        "elections/register/register_pdf.html",
        {
            "district": district,
            "edition_name": EDITIONS[edition],
            "full": edition == FULL,
            "sections": [("Electors", main), (OTHER, other)],
            "council_name": settings.COUNCIL_NAME,
            "today": on or timezone.localdate(),
        },
    )
    return pdf.render_pdf(html, title=f"{EDITIONS[edition]}: polling district {district.code}")
