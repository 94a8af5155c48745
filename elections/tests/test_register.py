"""The register of electors (issue 12, point 1): the model's rules and validation messages, the
``register`` manager (no plain ``objects``), and the officer pages: electoral services only (a
404 to everyone else, anonymous visitors included), every view of an entry audited by id and
number, never by the person's name."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from democracy.models import AuditEvent
from elections import register_rules as rules
from elections import services
from elections.models import Elector
from elections.tests.factories_register import (
    ElectorFactory,
    PollingDistrictFactory,
    PropertyFactory,
)

pytestmark = pytest.mark.django_db


# --- Rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("km12ab", "KM1 2AB"), (" KM1  2AB", None), ("SW1A 1AA", "SW1A 1AA"), ("KM1", None)],
)
def test_postcodes_are_normalised_or_refused(raw, expected):
    assert rules.normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("AB123", ("AB", 123, 0)), ("ab-123/1", ("AB", 123, 1)), ("KA1 7.2", ("KA1", 7, 2))],
)
def test_elector_numbers_in_every_written_form(raw, expected):
    assert rules.parse_elector_number(raw) == expected
    assert rules.format_elector_number(*expected) == raw.upper().replace("-", "").replace(
        " ", ""
    ).replace(".", "/")


def test_dates_in_iso_and_british_forms():
    assert rules.parse_date("2026-05-07") == date(2026, 5, 7)
    assert rules.parse_date("07/05/2026") == date(2026, 5, 7)
    assert rules.parse_date("31/02/2026") is None
    assert rules.parse_date("May 7") is None


# --- The model ---------------------------------------------------------------------------------


def test_electors_have_no_plain_objects_manager():
    assert not hasattr(Elector, "objects")
    assert Elector._default_manager.name == "register"


def test_register_gives_nothing_to_anyone_but_electoral_services(
    electoral_officer, officer, councillor
):
    elector = ElectorFactory()
    assert list(Elector.register.for_officer(electoral_officer)) == [elector]
    assert not Elector.register.for_officer(officer).exists()
    assert not Elector.register.for_officer(councillor).exists()


def test_elector_number_and_markers():
    district = PollingDistrictFactory(code="KB1")
    elector = ElectorFactory(
        qualifying_address__polling_district=district,
        number=42,
        suffix=1,
        franchise="G",
        anonymous=True,
    )
    assert elector.elector_number == "KB142/1"
    assert elector.markers == "GN"
    assert str(elector) == "Elector KB142/1"  # what audit rows show: never the name


def test_a_bad_postcode_is_refused_with_a_message(electoral_officer):
    with pytest.raises(ValidationError) as error:
        services.property_create(
            reference="X1",
            address_1="1 High Street",
            postcode="KM1",
            polling_district=PollingDistrictFactory(),
            by=electoral_officer,
        )
    assert error.value.message_dict["postcode"] == ["Enter a real postcode, like KM1 2AB"]


def test_attainer_dates_must_be_those_of_16_and_17_year_olds(electoral_officer):
    prop = PropertyFactory()
    values = {
        "polling_district": prop.polling_district,
        "qualifying_address": prop,
        "number": 5,
        "first_names": "Sam",
        "surname": "Young",
        "added_on": date(2026, 3, 1),
        "by": electoral_officer,
    }
    with pytest.raises(ValidationError) as error:
        services.elector_create(attainer_18_on=date(2028, 3, 2), **values)
    assert "within two years" in error.value.message_dict["attainer_18_on"][0]
    with pytest.raises(ValidationError) as error:
        services.elector_create(attainer_18_on=date(2026, 2, 1), **values)
    assert "adults have no attainer date" in error.value.message_dict["attainer_18_on"][0]
    elector = services.elector_create(attainer_18_on=date(2027, 9, 1), **values)
    assert elector.attainer_18_on == date(2027, 9, 1)


def test_an_elector_lives_in_the_district_of_their_property(electoral_officer):
    prop = PropertyFactory()
    other = PollingDistrictFactory(code="ZZ", ward=prop.polling_district.ward)
    with pytest.raises(ValidationError) as error:
        services.elector_create(
            polling_district=other,
            qualifying_address=prop,
            number=1,
            first_names="A",
            surname="B",
            added_on=date(2026, 1, 1),
            by=electoral_officer,
        )
    assert error.value.message_dict["qualifying_address"] == [
        "The property is in another polling district"
    ]


def test_only_overseas_electors_have_no_address(electoral_officer):
    district = PollingDistrictFactory()
    values = {
        "polling_district": district,
        "first_names": "A",
        "surname": "B",
        "added_on": date(2026, 1, 1),
    }
    with pytest.raises(ValidationError) as error:
        services.elector_create(number=1, by=electoral_officer, **values)
    assert "only overseas electors have none" in error.value.message_dict["qualifying_address"][0]
    elector = services.elector_create(number=1, overseas=True, by=electoral_officer, **values)
    assert elector.markers == "F"


def test_a_live_elector_number_is_unique_but_a_deleted_one_may_be_reused():
    elector = ElectorFactory(number=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        ElectorFactory(number=7, qualifying_address=elector.qualifying_address)
    Elector.register.filter(pk=elector.pk).update(deleted_on=date(2026, 1, 1))
    ElectorFactory(number=7, qualifying_address=elector.qualifying_address)


def test_creating_an_elector_audits_the_entry_not_the_name(electoral_officer):
    prop = PropertyFactory()
    elector = services.elector_create(
        polling_district=prop.polling_district,
        qualifying_address=prop,
        number=3,
        first_names="Perpetua",
        surname="Ravensworth",
        added_on=date(2026, 1, 1),
        by=electoral_officer,
    )
    event = AuditEvent.private_objects.get(action="elections.elector.create")
    assert event.object_id == str(elector.pk)
    row = f"{event.object_repr} {event.changes} {event.note}"
    assert "Perpetua" not in row and "Ravensworth" not in row


# --- The pages ---------------------------------------------------------------------------------


def test_every_register_page_is_404_to_everyone_but_electoral_services(
    client, officer, manager, councillor, clerk
):
    elector = ElectorFactory()
    urls = [
        "/elections/register/",
        "/elections/register/?q=KM1+2AB",
        f"/elections/register/properties/{elector.qualifying_address.pk}/",
        f"/elections/register/electors/{elector.pk}/",
    ]
    for user in (None, officer, manager, councillor, clerk):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    assert not AuditEvent.private_objects.filter(action__endswith=".view").exists()


def test_search_by_postcode_in_any_spacing_and_by_address(client, electoral_officer):
    mill = PropertyFactory(address_1="12 Mill Lane", postcode="KM1 2AB")
    PropertyFactory(address_1="3 Quarry Road", postcode="KM9 9ZZ")
    client.force_login(electoral_officer)
    page = client.get("/elections/register/", {"q": "km12ab"}).content.decode()
    assert "12 Mill Lane" in page and "Quarry Road" not in page
    page = client.get("/elections/register/", {"q": "mill 12"}).content.decode()
    assert f"/elections/register/properties/{mill.pk}/" in page
    assert "Quarry Road" not in page
    page = client.get("/elections/register/", {"q": "Nowhere Street"}).content.decode()
    assert "No properties found" in page


def test_an_empty_search_says_what_to_enter(client, electoral_officer):
    client.force_login(electoral_officer)
    page = client.get("/elections/register/", {"q": " "}).content.decode()
    assert "Enter a postcode or part of an address" in page


def test_viewing_an_entry_is_audited_by_id_and_number_only(client, electoral_officer):
    elector = ElectorFactory(
        first_names="Perpetua", surname="Ravensworth", anonymous=True, number=9
    )
    client.force_login(electoral_officer)
    page = client.get(f"/elections/register/electors/{elector.pk}/").content.decode()
    assert "Perpetua Ravensworth" in page
    assert "Anonymous elector" in page
    [event] = AuditEvent.private_objects.filter(action="elections.elector.view")
    assert (event.actor, event.object_id) == (electoral_officer, str(elector.pk))
    assert event.object_repr == f"Elector {elector.elector_number}"
    row = f"{event.object_repr} {event.changes} {event.note}"
    assert "Perpetua" not in row and "Ravensworth" not in row


def test_viewing_a_property_lists_its_live_electors_and_is_audited(client, electoral_officer):
    elector = ElectorFactory(surname="Hollowell")
    gone = ElectorFactory(
        surname="Departed",
        qualifying_address=elector.qualifying_address,
        deleted_on=date(2026, 1, 2),
    )
    client.force_login(electoral_officer)
    page = client.get(
        f"/elections/register/properties/{elector.qualifying_address.pk}/"
    ).content.decode()
    assert "Hollowell" in page and gone.surname not in page
    assert AuditEvent.private_objects.filter(
        action="elections.property.view", object_id=str(elector.qualifying_address.pk)
    ).exists()
