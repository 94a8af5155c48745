"""Every view of a person's record and every export of the register is audited (issue 12,
point 4): for each route, the audit row exists, names the record it shows by its id, and
carries nothing of the person (no name, address, date of birth, National Insurance number,
email address or grounds)."""

from __future__ import annotations

from datetime import date

import pytest

from democracy.models import AuditEvent
from elections import canvass as canvass_services
from elections import registration
from elections.models import CanvassProperty
from elections.tests.factories_canvass import district, give_results, household, open_canvass
from elections.tests.factories_register import ElectorFactory, PropertyFactory

pytestmark = pytest.mark.django_db

# Everything personal the records below hold: none of it may reach an audit row.
PERSONAL = (
    "Wilhelmina",
    "Quarterfield",
    "Rosalind",
    "Ashdown-Pike",
    "Tobias",
    "Fennimore",
    "7 Larkspur Close",
    "KM9 4ZZ",
    "1984",
    "AB123456C",
    "rosalind@example.org",
    "never lived at",
    "Ottilie Grange",
)


@pytest.fixture
def records(electoral_officer):
    ka = district("KA")
    home = PropertyFactory(polling_district=ka, address_1="7 Larkspur Close", postcode="KM9 4ZZ")
    elector = ElectorFactory(
        qualifying_address=home, first_names="Wilhelmina", surname="Quarterfield"
    )
    objector = ElectorFactory(qualifying_address=home)
    application = registration.application_receive(
        received_on=date(2019, 1, 10),
        first_names="Rosalind",
        surname="Ashdown-Pike",
        address=home,
        date_of_birth=date(1984, 2, 29),
        nationality="british",
        nino="AB 12 34 56 C",
        email="rosalind@example.org",
        by=electoral_officer,
    )
    objection = registration.objection_record(
        application=application,
        objector_number=objector.elector_number,
        objector_name="Ottilie Grange",
        grounds="She never lived at the address",
        received_on=date(2019, 1, 11),
        by=electoral_officer,
    )
    invitation = registration.invitation_create(
        address=home, name="Tobias Fennimore", by=electoral_officer
    )
    notice = registration.monthly_notice_prepare(year=2019, month=2, by=electoral_officer)
    canvass = open_canvass(election_in_period=True)
    _, people = household(ka, "red")
    give_results(canvass, people, ["red"])
    canvass_services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    item = CanvassProperty.register.get(canvass=canvass, property=home)
    return {
        "district": ka,
        "property": home,
        "elector": elector,
        "application": application,
        "objection": objection,
        "invitation": invitation,
        "notice": notice,
        "canvass_property": item,
    }


def routes(r):
    """(url, audit action, the record's id) for every page of a person's record and export."""
    ka = r["district"].pk
    notice = r["notice"].pk
    return [
        (
            f"/elections/register/electors/{r['elector'].pk}/",
            "elections.elector.view",
            r["elector"].pk,
        ),
        (
            f"/elections/register/electors/{r['elector'].pk}/alter/",
            "elections.elector.view",
            r["elector"].pk,
        ),
        (
            f"/elections/register/applications/{r['application'].pk}/",
            "elections.application.view",
            r["application"].pk,
        ),
        (
            f"/elections/register/objections/{r['objection'].pk}/",
            "elections.objection.view",
            r["objection"].pk,
        ),
        (
            f"/elections/register/invitations/{r['invitation'].pk}/",
            "elections.invitation.view",
            r["invitation"].pk,
        ),
        (
            f"/elections/register/properties/{r['property'].pk}/",
            "elections.property.view",
            r["property"].pk,
        ),
        (
            f"/elections/register/canvass/2026/properties/{r['canvass_property'].pk}/",
            "elections.canvass_property.view",
            r["canvass_property"].pk,
        ),
        (
            f"/elections/register/districts/{ka}/full-register.csv",
            "elections.register.export_full",
            ka,
        ),
        (
            f"/elections/register/districts/{ka}/edited-register.csv",
            "elections.register.export_edited",
            ka,
        ),
        (
            f"/elections/register/districts/{ka}/full-register.pdf",
            "elections.register.export_full",
            ka,
        ),
        (
            f"/elections/register/districts/{ka}/edited-register.pdf",
            "elections.register.export_edited",
            ka,
        ),
        (
            f"/elections/register/notices/{notice}/districts/{ka}.csv",
            "elections.notice_of_alteration.export",
            notice,
        ),
        (
            f"/elections/register/notices/{notice}/districts/{ka}.pdf",
            "elections.notice_of_alteration.export",
            notice,
        ),
        ("/elections/register/statistics.csv", "elections.register.statistics_export", None),
        (
            "/elections/register/export/democracy-club.csv",
            "elections.register.export_democracy_club",
            None,
        ),
    ]


def _content(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("index", range(15))
def test_each_view_of_a_record_and_each_export_is_audited_by_id_only(
    client, electoral_officer, records, index
):
    url, action, record_id = routes(records)[index]
    client.force_login(electoral_officer)
    before = set(AuditEvent.private_objects.filter(action=action).values_list("pk", flat=True))
    response = client.get(url)
    assert response.status_code == 200, url
    _content(response)
    [event] = AuditEvent.private_objects.filter(action=action).exclude(pk__in=before)
    assert event.actor == electoral_officer
    if record_id is not None:
        assert event.object_id == str(record_id)
    else:  # an export of figures or addresses, by the officer: the row names the officer
        assert event.object_id == str(electoral_officer.pk)
    row = f"{event.object_repr} {event.changes} {event.note}"
    for word in PERSONAL:
        assert word not in row, (url, word)


def test_every_route_is_in_the_list(records):
    assert len(routes(records)) == 15


def test_a_form_returned_with_errors_is_a_view_too(client, electoral_officer, records):
    """The application page shown again with a form error shows the person: audited too."""
    client.force_login(electoral_officer)
    application = records["application"]
    response = client.post(
        f"/elections/register/applications/{application.pk}/", {"action": "verify"}
    )
    assert response.status_code == 200 and b"Rosalind" in response.content
    assert AuditEvent.private_objects.filter(
        action="elections.application.view", object_id=str(application.pk)
    ).exists()
