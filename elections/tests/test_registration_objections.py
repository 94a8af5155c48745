"""Objections to applications to register (RPR 2001 regs 27-29; DOMAIN.md C4): anyone on the
register may object in the five-working-day objection period; a late objection is refused with
the date the period ended; while an objection is open the application waits; it is heard or
determined with reasons; the objector and the applicant are told through the outbox. The
officer pages are electoral services' alone and audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy import reminders
from democracy.models import AuditEvent, Reminder
from elections import register_rules as rules
from elections import registration
from elections.models import ApplicationObjection, RegistrationApplication
from elections.tests.factories_register import ElectorFactory
from elections.tests.factories_registration import receive

pytestmark = pytest.mark.django_db

GROUNDS = "The applicant Quennell Abernathy-Vance does not live at the address"


@pytest.fixture
def objector():
    return ElectorFactory()


def verified(by, **values) -> RegistrationApplication:
    application = receive(by, email="imogen@example.org", **values)
    return registration.application_verify(
        application=application, verification="dwp_match", by=by, today=date(2019, 1, 11)
    )


def object_to(application, objector, by, **values):
    data = {
        "objector_number": objector.elector_number,
        "objector_name": "Ottoline Farrant",
        "objector_email": "ottoline@example.org",
        "grounds": GROUNDS,
        "received_on": date(2019, 1, 14),
    }
    data.update(values)
    return registration.objection_record(application=application, **data, by=by)


def test_the_rules_refuse_a_late_objection_with_the_date_and_hold_up_determination():
    ok = {
        "received_on": date(2019, 1, 17),
        "application_received_on": date(2019, 1, 10),
        "objection_period_ends": date(2019, 1, 17),
        "anonymous": False,
        "determined": False,
    }
    assert rules.objection_problem(**ok) == ""
    late = rules.objection_problem(**{**ok, "received_on": date(2019, 1, 18)})
    assert "ended on 17 January 2019" in late and "received on 18 January 2019" in late
    assert "anonymous" in rules.objection_problem(
        **{**ok, "anonymous": True, "objection_period_ends": None}
    )
    assert "determined" in rules.objection_problem(**{**ok, "determined": True})
    assert "before the application" in rules.objection_problem(
        **{**ok, "received_on": date(2019, 1, 9)}
    )
    assert rules.open_objections_problem(0) == ""
    assert "once the objection" in rules.open_objections_problem(1)
    assert "the 2 objections" in rules.open_objections_problem(2)


def test_an_objection_holds_up_the_application_until_it_is_dismissed(
    electoral_officer, objector, mailoutbox
):
    application = verified(electoral_officer)
    objection = object_to(application, objector, electoral_officer)
    assert objection.status == ApplicationObjection.Status.OPEN
    assert objection.objector == objector
    # After the objection period the application still waits for the objection.
    with pytest.raises(ValidationError, match="once the objection to it is determined"):
        registration.application_determine(
            application=application, accept=True, by=electoral_officer, today=date(2019, 1, 18)
        )
    # The objector's acknowledgement, through the outbox; the row holds no body.
    [row] = Reminder.outbox.filter(kind="elections.objection.received.objector")
    assert row.recipients == ["ottoline@example.org"] and row.email_body == ""
    assert reminders.send_one(row.pk)
    assert objection.reference in mailoutbox[0].body

    registration.objection_hearing_set(
        objection=objection,
        hearing_on=date(2019, 1, 22),
        by=electoral_officer,
        today=date(2019, 1, 18),
    )
    hearing = Reminder.outbox.filter(kind__startswith="elections.objection.hearing.")
    assert sorted(r.recipients[0] for r in hearing) == [
        "imogen@example.org",
        "ottoline@example.org",
    ]
    applicant_row = hearing.get(kind="elections.objection.hearing.applicant")
    assert reminders.send_one(applicant_row.pk)
    assert "22 January 2019" in mailoutbox[1].body and GROUNDS in mailoutbox[1].body

    with pytest.raises(ValidationError, match="reasons"):
        registration.objection_determine(
            objection=objection, upheld=False, reasons=" ", by=electoral_officer
        )
    registration.objection_determine(
        objection=objection,
        upheld=False,
        reasons="The applicant showed a tenancy agreement at the hearing",
        by=electoral_officer,
        today=date(2019, 1, 22),
    )
    objection.refresh_from_db()
    assert (objection.status, objection.determined_on) == ("dismissed", date(2019, 1, 22))
    assert Reminder.outbox.filter(kind__startswith="elections.objection.determined.").count() == 2
    application = registration.application_determine(
        application=application, accept=True, by=electoral_officer, today=date(2019, 1, 22)
    )
    assert application.status == RegistrationApplication.Status.ACCEPTED
    with pytest.raises(ValidationError, match="already been determined"):
        registration.objection_determine(
            objection=objection, upheld=True, reasons="Again", by=electoral_officer
        )
    # The audit names the objection and the application by reference, never a person.
    for event in AuditEvent.private_objects.filter(action__startswith="elections.objection"):
        row = f"{event.object_repr} {event.changes} {event.note}"
        assert "Farrant" not in row and "Abernathy" not in row and "ottoline@" not in row


def test_an_upheld_objection_rejects_the_application_and_tells_the_applicant(
    electoral_officer, objector, mailoutbox
):
    application = verified(electoral_officer)
    objection = object_to(application, objector, electoral_officer)
    registration.objection_determine(
        objection=objection,
        upheld=True,
        reasons="The council tax record shows another household at the address",
        by=electoral_officer,
        today=date(2019, 1, 21),
    )
    application.refresh_from_db()
    assert application.status == RegistrationApplication.Status.REJECTED
    assert application.determination_reason == f"Objection {objection.reference} upheld"
    row = Reminder.outbox.get(kind="elections.objection.determined.applicant")
    assert reminders.send_one(row.pk)
    body = mailoutbox[0].body
    assert "Upheld" in body and "another household" in body and "rejected" in body


def test_a_late_objection_is_refused_with_the_date_and_nothing_is_saved(
    electoral_officer, objector
):
    application = verified(electoral_officer)
    with pytest.raises(ValidationError) as error:
        object_to(application, objector, electoral_officer, received_on=date(2019, 1, 18))
    assert "ended on 17 January 2019" in error.value.message_dict["received_on"][0]
    with pytest.raises(ValidationError) as error:
        object_to(application, objector, electoral_officer, objector_number="ZZ999")
    assert "only an elector may object" in error.value.message_dict["objector_number"][0]
    deleted = ElectorFactory(added_on=date(2018, 1, 1), deleted_on=date(2018, 12, 1))
    with pytest.raises(ValidationError):
        object_to(application, deleted, electoral_officer)
    with pytest.raises(ValidationError) as error:
        object_to(application, objector, electoral_officer, grounds=" ", objector_name="")
    assert set(error.value.message_dict) == {"grounds", "objector_name"}
    anonymous = receive(electoral_officer, anonymous=True)
    with pytest.raises(ValidationError, match="anonymous application"):
        object_to(anonymous, objector, electoral_officer)
    assert not ApplicationObjection.register.exists()
    assert not Reminder.outbox.filter(kind__startswith="elections.objection").exists()
    assert not AuditEvent.private_objects.filter(action__startswith="elections.objection").exists()


def test_no_email_address_means_no_outbox_row(electoral_officer, objector):
    application = receive(electoral_officer)
    object_to(application, objector, electoral_officer, objector_email="")
    assert not Reminder.outbox.filter(kind__startswith="elections.objection").exists()


# --- The officer pages ---------------------------------------------------------------------


def test_an_officer_records_hears_and_determines_an_objection_through_the_pages(
    client, electoral_officer, objector, django_assert_max_num_queries
):
    application = verified(electoral_officer)
    client.force_login(electoral_officer)
    page = client.get(f"/elections/register/applications/{application.pk}/").content.decode()
    assert "Record an objection" in page
    url = f"/elections/register/applications/{application.pk}/objections/new/"
    late = client.post(
        url,
        {
            "received_on_0": "18",
            "received_on_1": "1",
            "received_on_2": "2019",
            "objector_name": "Ottoline Farrant",
            "objector_number": objector.elector_number,
            "grounds": GROUNDS,
        },
    )
    assert late.status_code == 200
    assert "ended on 17 January 2019" in late.content.decode()
    assert not ApplicationObjection.register.exists()
    response = client.post(
        url,
        {
            "received_on_0": "14",
            "received_on_1": "1",
            "received_on_2": "2019",
            "objector_name": "Ottoline Farrant",
            "objector_number": objector.elector_number,
            "grounds": GROUNDS,
        },
    )
    objection = ApplicationObjection.register.get()
    assert response["Location"] == f"/elections/register/objections/{objection.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert GROUNDS in page and objector.elector_number in page
    [view] = AuditEvent.private_objects.filter(action="elections.objection.view")
    assert view.object_id == str(objection.pk) and "Farrant" not in str(view.changes)
    page = client.get(f"/elections/register/applications/{application.pk}/").content.decode()
    assert "waits until the objection" in page
    response = client.post(
        f"/elections/register/objections/{objection.pk}/",
        {"action": "determine", "decision": "dismiss", "reasons": ""},
    )
    assert "Enter the reasons for the decision" in response.content.decode()
    response = client.post(
        f"/elections/register/objections/{objection.pk}/",
        {"action": "determine", "decision": "dismiss", "reasons": "Evidence of residence seen"},
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "dismissed"
    for _ in range(3):
        object_to(
            receive(electoral_officer, email=""),
            ElectorFactory(),
            electoral_officer,
            objector_email="",
        )
    with django_assert_max_num_queries(12):
        page = client.get("/elections/register/objections/").content.decode()
    assert page.count("/elections/register/objections/") >= 4


def test_the_objection_pages_are_404_to_anyone_but_electoral_services(
    client, electoral_officer, objector, officer
):
    application = verified(electoral_officer)
    objection = object_to(application, objector, electoral_officer)
    client.force_login(officer)
    for url in (
        "/elections/register/objections/",
        f"/elections/register/objections/{objection.pk}/",
        f"/elections/register/applications/{application.pk}/objections/new/",
    ):
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get("/elections/register/objections/").status_code in (302, 404)
