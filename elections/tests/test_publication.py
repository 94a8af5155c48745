"""Publishing the register as CSV (issue 12, point 4): the text of the full and edited
registers proves that an anonymous elector appears only as number and N in the full register
and never in the edited one, and that an elector who opted out is never in the edited register.
Every download is audited."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from democracy.models import AuditEvent
from elections.tests.factories_register import (
    ElectorFactory,
    PollingDistrictFactory,
    PropertyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    district = PollingDistrictFactory(code="KA")
    home = PropertyFactory(address_1="1 Mill Lane", polling_district=district)
    hidden = PropertyFactory(address_1="99 Secret Row", polling_district=district)
    return {
        "district": district,
        "plain": ElectorFactory(
            qualifying_address=home,
            number=1,
            first_names="Alice",
            surname="Plain",
            attainer_18_on=date(2026, 9, 1),
        ),
        "opted_out": ElectorFactory(
            qualifying_address=home,
            number=2,
            first_names="Otto",
            surname="Optout",
            open_register_opt_out=True,
        ),
        "anonymous": ElectorFactory(
            qualifying_address=hidden,
            number=3,
            first_names="Nina",
            surname="Nameless",
            anonymous=True,
        ),
        "overseas": ElectorFactory(
            qualifying_address=None,
            polling_district=district,
            number=4,
            first_names="Fred",
            surname="=Faraway",
            overseas=True,
        ),
        "deleted": ElectorFactory(
            qualifying_address=home,
            number=5,
            first_names="Gone",
            surname="Away",
            deleted_on=date(2026, 1, 1),
        ),
    }


def download(client, district, edition) -> tuple[str, list[list[str]]]:
    response = client.get(f"/elections/register/districts/{district.pk}/{edition}-register.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return text, list(csv.reader(io.StringIO(text)))[1:]


def test_the_full_register_shows_anonymous_electors_as_number_and_n_only(
    client, electoral_officer, register
):
    client.force_login(electoral_officer)
    text, rows = download(client, register["district"], "full")
    assert rows == [
        [
            "Main",
            "KA1",
            "",
            "Plain, Alice",
            "1 Mill Lane, Kingsmere",
            "KM1 2AB",
            "1 September 2026",
        ],
        ["Main", "KA2", "", "Optout, Otto", "1 Mill Lane, Kingsmere", "KM1 2AB", ""],
        ["Other electors", "KA4", "F", "'=Faraway, Fred", "", "", ""],
        ["Other electors", "KA3", "N", "", "", "", ""],
    ]
    assert "Nina" not in text and "Nameless" not in text and "Secret Row" not in text
    assert "Gone" not in text  # deleted
    assert AuditEvent.private_objects.filter(
        action="elections.register.export_full", object_id=str(register["district"].pk)
    ).exists()


def test_the_edited_register_leaves_out_anonymous_electors_and_opt_outs(
    client, electoral_officer, register
):
    client.force_login(electoral_officer)
    text, rows = download(client, register["district"], "edited")
    assert [row[1] for row in rows] == ["KA1", "KA4"]
    for word in ("Nina", "Nameless", "Secret Row", "Otto", "Optout", "KA3", "KA2"):
        assert word not in text
    assert "1 September 2026" not in text  # the attainer's date is in the full register only


def test_register_downloads_are_404_to_everyone_else(client, officer, councillor, register):
    for user in (None, officer, councillor):
        client.logout()
        if user:
            client.force_login(user)
        for edition in ("full", "edited"):
            url = f"/elections/register/districts/{register['district'].pk}/{edition}-register.csv"
            assert client.get(url).status_code == 404


def pdf_text(client, district, edition) -> str:
    from pypdf import PdfReader

    response = client.get(f"/elections/register/districts/{district.pk}/{edition}-register.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_registers_keep_anonymous_electors_and_opt_outs_where_the_law_puts_them(
    client, electoral_officer, register
):
    client.force_login(electoral_officer)
    full = pdf_text(client, register["district"], "full")
    assert "Plain, Alice" in full and "Optout, Otto" in full and "Faraway, Fred" in full
    assert "KA3 N" in full  # the anonymous elector: number and N only
    assert "1 September 2026" in full
    for word in ("Nina", "Nameless", "Secret Row", "Gone"):
        assert word not in full
    edited = pdf_text(client, register["district"], "edited")
    assert "Plain, Alice" in edited
    for word in ("Nina", "Nameless", "Secret Row", "Otto", "Optout", "KA3", "KA2"):
        assert word not in edited
    assert AuditEvent.private_objects.filter(
        action="elections.register.export_edited", note="Edited (open) register (PDF)"
    ).exists()


def test_a_supply_of_the_full_register_is_recorded_with_its_recipient_and_legal_basis(
    client, electoral_officer, register
):
    district = register["district"]
    client.force_login(electoral_officer)
    page = client.post("/elections/register/supplies/", {}).content.decode()
    for message in (
        "Enter who received the register",
        "Choose the kind of recipient",
        "Enter the legal basis for the supply",
        "Choose at least one polling district",
    ):
        assert message in page
    response = client.post(
        "/elections/register/supplies/",
        {
            "recipient": "Kingsmere Independents",
            "recipient_kind": "party",
            "legal_basis": "RPR 2001 reg 106",
            "polling_districts": [district.pk],
            "supplied_on_0": "7",
            "supplied_on_1": "5",
            "supplied_on_2": "2026",
        },
    )
    assert response.status_code == 302
    page = client.get("/elections/register/supplies/").content.decode()
    assert "Kingsmere Independents (registered political party)" in page
    assert "7 May 2026" in page and "RPR 2001 reg 106" in page
    event = AuditEvent.private_objects.get(action="elections.register_supply.create")
    assert event.changes["polling_districts"] == [None, ["KA"]]


def test_supplies_are_404_to_everyone_else(client, officer, councillor, register):
    for user in (None, officer, councillor):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get("/elections/register/supplies/").status_code == 404
