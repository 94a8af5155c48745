"""The register and the elections in the managers' console (issue 12): listed under plain
labels in the Elections section, read-only (every write goes through the services, linked from
each record), and the register's personal data only for a manager who is also in electoral
services: to any other manager the electors are not listed and their pages answer 403. A
record shown in the console is audited by its id, as on the officer screens."""

from __future__ import annotations

import pytest

from democracy.models import AuditEvent
from democracy.roles import Role
from democracy.tests.factories import UserFactory
from elections.tests.factories_register import ElectorFactory, PropertyFactory
from elections.tests.factories_registration import receive

pytestmark = pytest.mark.django_db

PLAIN_LABELS = {
    "Electors (the register)": "/manage/elections/elector/",
    "Properties (the register)": "/manage/elections/property/",
    "Applications to register": "/manage/elections/registrationapplication/",
    "Objections to applications": "/manage/elections/applicationobjection/",
    "Annual canvasses": "/manage/elections/canvass/",
    "Canvass properties": "/manage/elections/canvassproperty/",
    "Elections": "/manage/elections/election/",
    "Contests": "/manage/elections/contest/",
    "Candidates": "/manage/elections/candidate/",
    "Results": "/manage/elections/contestresult/",
}
REGISTER_ONLY = {
    "Electors (the register)",
    "Properties (the register)",
    "Applications to register",
    "Objections to applications",
    "Canvass properties",
    "Candidates",
}


@pytest.fixture
def electoral_manager():
    return UserFactory(
        username="electoral-manager",
        roles=[Role.DEMOCRATIC_SERVICES_MANAGER, Role.ELECTORAL_SERVICES_OFFICER],
    )


@pytest.fixture
def plain_manager():
    return UserFactory(username="plain-manager", roles=[Role.DEMOCRATIC_SERVICES_MANAGER])


def elections_section(client) -> list[tuple[str, str]]:
    app_list = client.get("/manage/").context["app_list"]
    [section] = [app for app in app_list if app["name"] == "Elections"]
    return [(model["name"], model["admin_url"]) for model in section["models"]]


def test_each_model_is_listed_under_its_plain_label_in_the_elections_section(
    client, electoral_manager
):
    client.force_login(electoral_manager)
    listed = dict(elections_section(client))
    for label, url in PLAIN_LABELS.items():
        assert listed.get(label) == url, label
        assert client.get(url).status_code == 200, url


def test_a_manager_outside_electoral_services_cannot_read_the_register(client, plain_manager):
    elector = ElectorFactory(first_names="Perpetua", surname="Sandringham")
    client.force_login(plain_manager)
    listed = dict(elections_section(client))
    for label in PLAIN_LABELS:
        assert (label in listed) is (label not in REGISTER_ONLY), label
    assert client.get("/manage/elections/elector/").status_code == 403
    page = client.get(f"/manage/elections/elector/{elector.pk}/change/")
    assert page.status_code == 403 and b"Sandringham" not in page.content
    assert client.get("/manage/elections/").status_code in (200, 403)
    assert b"Sandringham" not in client.get("/manage/elections/").content
    assert not AuditEvent.private_objects.filter(action="elections.elector.view").exists()


def test_an_electoral_manager_reads_an_entry_audited_and_cannot_change_it(
    client, electoral_manager, django_assert_max_num_queries
):
    home = PropertyFactory()
    electors = [ElectorFactory(qualifying_address=home) for _ in range(3)]
    elector = electors[0]
    elector.first_names, elector.surname = "Perpetua", "Sandringham"
    elector.save()
    client.force_login(electoral_manager)
    with django_assert_max_num_queries(20):
        listing = client.get("/manage/elections/elector/")
    assert listing.status_code == 200
    assert b"Sandringham" not in listing.content  # the list names nobody
    page = client.get(f"/manage/elections/elector/{elector.pk}/change/")
    assert page.status_code == 200 and b"Sandringham" in page.content
    assert f"/elections/register/electors/{elector.pk}/".encode() in page.content
    assert b'name="_save"' not in page.content
    [event] = AuditEvent.private_objects.filter(action="elections.elector.view")
    assert event.object_id == str(elector.pk) and "Sandringham" not in event.object_repr
    assert event.note == "Console"
    refused = client.post(f"/manage/elections/elector/{elector.pk}/change/", {"surname": "Changed"})
    assert refused.status_code == 403
    assert client.get("/manage/elections/elector/add/").status_code == 403
    assert (
        client.post(f"/manage/elections/elector/{elector.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    elector.refresh_from_db()
    assert elector.surname == "Sandringham"


def test_an_application_in_the_console_never_shows_the_national_insurance_number(
    client, electoral_manager
):
    application = receive(electoral_manager, nino="AB 12 34 56 C")
    client.force_login(electoral_manager)
    page = client.get(f"/manage/elections/registrationapplication/{application.pk}/change/")
    assert page.status_code == 200
    assert b"AB123456C" not in page.content and b"Thistlewood" in page.content
