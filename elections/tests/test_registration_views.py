"""The rolling registration and notices of alteration pages (issue 12, points 3 and 4): for
electoral services only (404 to everyone else, anonymous visitors included); the National
Insurance number never in full; verify, determine and publish through GOV.UK forms, with
messages naming the field and nothing saved on bad input; bounded queries on the lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from democracy.models import AuditEvent
from elections import registration
from elections.models import Elector, NoticeOfAlteration, RegistrationApplication
from elections.tests.factories_register import ElectorFactory, PropertyFactory
from elections.tests.factories_registration import accepted, receive

pytestmark = pytest.mark.django_db


def test_every_new_page_is_404_to_everyone_but_electoral_services(
    client, officer, manager, councillor, clerk, electoral_officer
):
    application = receive(electoral_officer)
    invitation = registration.invitation_create(
        address=application.address, name="Someone Invited", by=electoral_officer
    )
    notice = registration.monthly_notice_prepare(year=2019, month=2, by=electoral_officer)
    district = application.address.polling_district
    elector = ElectorFactory(qualifying_address=application.address)
    urls = [
        "/elections/register/applications/",
        "/elections/register/applications/new/",
        f"/elections/register/electors/{elector.pk}/alter/",
        f"/elections/register/applications/{application.pk}/",
        "/elections/register/invitations/",
        f"/elections/register/invitations/{invitation.pk}/",
        "/elections/register/notices/",
        f"/elections/register/notices/{notice.pk}/",
        f"/elections/register/notices/{notice.pk}/districts/{district.pk}.csv",
        f"/elections/register/notices/{notice.pk}/districts/{district.pk}.pdf",
    ]
    for user in (None, officer, manager, councillor, clerk):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {"action": "determine", "decision": "accept"}).status_code == (
                404
            ), (user, url)
    client.force_login(electoral_officer)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_list_never_shows_the_national_insurance_number_and_its_queries_are_bounded(
    client, electoral_officer
):
    receive(electoral_officer, nino="JT 98 76 54 B", surname="Listed")
    client.force_login(electoral_officer)
    page = client.get("/elections/register/applications/").content.decode()
    assert "Listed, Imogen" in page
    assert "JT987654B" not in page and "98 76 54" not in page and "•• •• •• 54 B" in page

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/elections/register/applications/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(5):
        receive(electoral_officer, address=PropertyFactory(), surname=f"More{n}")
    assert queries() == few


def test_filters(client, electoral_officer):
    receive(electoral_officer, surname="Waiting")
    done = receive(electoral_officer, surname="Verified")
    registration.application_verify(
        application=done, verification="documents", by=electoral_officer
    )
    client.force_login(electoral_officer)
    page = client.get("/elections/register/applications/", {"verification": "documents"})
    assert "Verified, Imogen" in page.content.decode()
    assert "Waiting, Imogen" not in page.content.decode()


def test_an_officer_verifies_and_determines_on_the_application_page(client, electoral_officer):
    application = receive(electoral_officer, received_on=date(2019, 1, 10))
    url = f"/elections/register/applications/{application.pk}/"
    client.force_login(electoral_officer)
    page = client.get(url).content.decode()
    assert "Imogen Thistlewood" in page and "AB123456C" not in page
    assert AuditEvent.private_objects.filter(
        action="elections.application.view", object_id=str(application.pk)
    ).exists()

    response = client.post(url, {"action": "determine", "decision": "accept"})
    assert "Verify the applicant&#x27;s identity before accepting" in response.content.decode()
    response = client.post(url, {"action": "verify"})
    assert "Choose how the applicant&#x27;s identity was verified" in response.content.decode()
    response = client.post(url, {"action": "verify", "verification": "dwp_match"})
    assert response.status_code == 302
    response = client.post(url, {"action": "determine", "decision": "reject"})
    assert "Enter the reason for rejecting the application" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "received"
    response = client.post(url, {"action": "determine", "decision": "accept"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted" and application.determined_on == timezone.localdate()
    page = client.get(url).content.decode()
    assert "pending until the next notice of alteration is published" in page


def test_a_bad_invitation_saves_nothing(client, electoral_officer):
    client.force_login(electoral_officer)
    response = client.post(
        "/elections/register/invitations/",
        {
            "property_reference": "NOPE",
            "name": "Someone",
            "method": "post",
            "given_on_0": "1",
            "given_on_1": "9",
            "given_on_2": "2026",
        },
    )
    assert "There is no property with the reference NOPE" in response.content.decode()
    prop = PropertyFactory(reference="P55")
    response = client.post(
        "/elections/register/invitations/",
        {
            "property_reference": "P55",
            "name": "Someone",
            "method": "post",
            "given_on_0": "1",
            "given_on_1": "9",
            "given_on_2": "2026",
        },
    )
    assert response.status_code == 302
    invitation = prop.invitations.get()
    response = client.post(
        f"/elections/register/invitations/{invitation.pk}/",
        {
            "kind": "visit",
            "method": "post",
            "given_on_0": "2",
            "given_on_1": "10",
            "given_on_2": "2026",
        },
    )
    assert "A personal visit is made in person" in response.content.decode()
    assert invitation.contacts.count() == 1


def test_publishing_a_notice_from_its_page(client, electoral_officer):
    today = timezone.localdate()
    application = accepted(electoral_officer, today=today, received_on=today - timedelta(days=14))
    notice = NoticeOfAlteration.objects.create(
        kind="interim", publication_date=today, determination_deadline=today, poll_date=today
    )
    client.force_login(electoral_officer)
    page = client.get(f"/elections/register/notices/{notice.pk}/").content.decode()
    assert "Alterations it will carry" in page and application.address.polling_district.code in page
    response = client.post(f"/elections/register/notices/{notice.pk}/")
    assert response.status_code == 302
    assert Elector.register.get().surname == application.surname
    response = client.post(f"/elections/register/notices/{notice.pk}/")
    assert "already been published" in response.content.decode()


def test_the_register_home_page_shows_the_publication_dates(client, electoral_officer):
    client.force_login(electoral_officer)
    page = client.get("/elections/register/").content.decode()
    dates = registration.publication_dates(timezone.localdate())
    assert f"Publish by {dates.revised_register:%A} {dates.revised_register.day}" in page
    assert "Next notice of alteration" in page
    assert RegistrationApplication.register.count() == 0


def application_post(**values) -> dict:
    data = {
        "received_on_0": "5",
        "received_on_1": "1",
        "received_on_2": "2026",
        "channel": "paper",
        "first_names": "Winifred",
        "surname": "Apsley",
        "property_reference": "P77",
        "date_of_birth_0": "14",
        "date_of_birth_1": "6",
        "date_of_birth_2": "1988",
        "nino": "JT 98 76 54 B",
        "nationality": "irish",
    }
    data.update(values)
    return data


def test_recording_an_application_names_the_field_and_saves_nothing_on_bad_input(
    client, electoral_officer
):
    prop = PropertyFactory(reference="P77")
    client.force_login(electoral_officer)
    url = "/elections/register/applications/new/"
    page = client.post(url, application_post(nino="12 34")).content.decode()
    assert "Enter a National Insurance number in the right format" in page
    assert 'href="#id_nino"' in page
    page = client.post(url, application_post(property_reference="P78")).content.decode()
    assert "There is no property with the reference P78" in page
    page = client.post(url, application_post(date_of_birth_1="13")).content.decode()
    assert "Date of birth must be a real date" in page
    page = client.post(url, application_post(invitation="999")).content.decode()
    assert "There is no invitation to register 999 waiting for an application" in page
    assert not RegistrationApplication.register.exists()
    invitation = registration.invitation_create(address=prop, name="W Apsley", by=electoral_officer)
    response = client.post(url, application_post(invitation=str(invitation.pk)))
    application = RegistrationApplication.register.get()
    assert response["Location"] == f"/elections/register/applications/{application.pk}/"
    assert (application.address, application.nino, application.channel) == (
        prop,
        "JT987654B",
        "paper",
    )
    assert application.objection_period_ends == date(2026, 1, 12)
    invitation.refresh_from_db()
    assert invitation.application == application


def test_a_deletion_from_the_entry_page_waits_for_the_notice(client, electoral_officer):
    elector = ElectorFactory(added_on=date(2025, 12, 1))
    client.force_login(electoral_officer)
    url = f"/elections/register/electors/{elector.pk}/alter/"
    page = client.post(url, {"kind": "deletion"}).content.decode()
    assert "Enter the reason for the alteration" in page
    page = client.post(url, {"kind": "change", "reason": "Marriage"}).content.decode()
    assert "Enter what changes" in page
    response = client.post(url, {"kind": "deletion", "reason": "Moved away"})
    assert response.status_code == 302
    assert Elector.register.live().filter(pk=elector.pk).exists()
    page = client.get(url).content.decode()
    assert "Deletion determined" in page
    page = client.post(url, {"kind": "deletion", "reason": "Again"}).content.decode()
    assert "The entry is already to be deleted" in page


def test_the_invitations_and_notices_pages_run_a_bounded_number_of_queries(
    client, electoral_officer
):
    client.force_login(electoral_officer)

    def make(n: int) -> None:
        for i in range(n):
            invitation = registration.invitation_create(
                address=PropertyFactory(), name=f"Resident {i}", by=electoral_officer
            )
            registration.invitation_contact_record(
                invitation=invitation,
                kind="written",
                method="post",
                given_on=date(2026, 9, 1),
                by=electoral_officer,
            )
            accepted(electoral_officer, address=invitation.address)
            registration.monthly_notice_prepare(year=2019, month=2 + i, by=electoral_officer)

    def queries() -> list[int]:
        counts = []
        for url in ("/elections/register/invitations/", "/elections/register/notices/"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        notice = NoticeOfAlteration.objects.order_by("pk").first()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/elections/register/notices/{notice.pk}/").status_code == 200
        counts.append(len(captured))
        return counts

    make(1)
    few = queries()
    make(4)
    assert queries() == few
