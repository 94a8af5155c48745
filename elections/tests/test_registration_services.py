"""Rolling registration and notices of alteration (issue 12, points 3 and 4): the services.
Applications are received, verified (the National Insurance number then erased) and determined
once the objection period is over; an accepted one gets the next elector number and is in the
register only once the notice that carries it is published; nothing is half-saved."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from democracy.models import AuditEvent
from elections import notice_publication, publication, registration
from elections.models import (
    Elector,
    NoticeOfAlteration,
    RegisterAlteration,
    RegistrationApplication,
)
from elections.tests.factories_register import ElectorFactory, PropertyFactory
from elections.tests.factories_registration import accepted, receive

pytestmark = pytest.mark.django_db


def february_2019(by) -> NoticeOfAlteration:
    return registration.monthly_notice_prepare(year=2019, month=2, by=by)


def test_an_application_is_listed_with_its_objection_period(electoral_officer):
    application = receive(electoral_officer)
    assert application.objection_period_ends == date(2019, 1, 17)
    assert application.nino == "AB123456C"
    assert application.masked_nino == "•• •• •• 56 C"
    anonymous = receive(electoral_officer, anonymous=True)
    assert anonymous.objection_period_ends is None


def test_a_bad_national_insurance_number_saves_nothing(electoral_officer):
    with pytest.raises(ValidationError) as error:
        receive(electoral_officer, nino="12345")
    assert "National Insurance number in the right format" in error.value.message_dict["nino"][0]
    with pytest.raises(ValidationError) as error:
        receive(electoral_officer, nino="")
    assert (
        "or why the applicant does not have one" in (error.value.message_dict["no_nino_reason"][0])
    )
    assert not RegistrationApplication.register.exists()
    assert not AuditEvent.private_objects.filter(
        action__startswith="elections.application"
    ).exists()


def test_verifying_erases_the_national_insurance_number_and_audits_no_person(electoral_officer):
    application = receive(electoral_officer)
    application = registration.application_verify(
        application=application, verification="dwp_match", by=electoral_officer
    )
    application.refresh_from_db()
    assert application.nino == "" and application.nino_ending == "56C"
    assert application.verified
    for event in AuditEvent.private_objects.filter(action__startswith="elections.application"):
        row = f"{event.object_repr} {event.changes} {event.note}"
        assert "Thistlewood" not in row and "AB123456C" not in row and "1990" not in row


def test_no_determination_during_the_objection_period_nor_unverified(electoral_officer):
    application = receive(electoral_officer)
    with pytest.raises(ValidationError) as error:
        registration.application_determine(
            application=application, accept=True, by=electoral_officer, today=date(2019, 1, 17)
        )
    assert (
        "after the objection period ends on 17 January 2019"
        in (error.value.message_dict["decision"][0])
    )
    with pytest.raises(ValidationError) as error:
        registration.application_determine(
            application=application, accept=True, by=electoral_officer, today=date(2019, 1, 18)
        )
    assert "Verify the applicant's identity" in error.value.message_dict["decision"][0]
    with pytest.raises(ValidationError) as error:
        registration.application_determine(
            application=application, accept=False, by=electoral_officer, today=date(2019, 1, 18)
        )
    assert error.value.message_dict["reason"] == ["Enter the reason for rejecting the application"]
    application.refresh_from_db()
    assert application.status == "received"
    assert not RegisterAlteration.register.exists()


def test_a_rejection_is_recorded_with_its_reason_and_audited(electoral_officer):
    application = receive(electoral_officer, nationality="other")
    registration.application_determine(
        application=application,
        accept=False,
        reason="Not a qualifying national",
        by=electoral_officer,
        today=date(2019, 1, 18),
    )
    application.refresh_from_db()
    assert (application.status, application.determined_on) == ("rejected", date(2019, 1, 18))
    assert application.nino == ""  # rejected unverified: the number is not kept either
    event = AuditEvent.private_objects.get(action="elections.application.determine")
    assert event.changes["determination_reason"] == [None, "Not a qualifying national"] or (
        event.changes["determination_reason"] == ["", "Not a qualifying national"]
    )


def test_additions_take_the_next_number_or_a_suffix_within_the_property(electoral_officer):
    home = PropertyFactory()
    district = home.polling_district
    ElectorFactory(qualifying_address=home, number=122)
    ElectorFactory(qualifying_address=home, number=123)
    ElectorFactory(qualifying_address__polling_district=district, number=124)
    within = accepted(electoral_officer, address=home)
    again = accepted(electoral_officer, address=home)
    elsewhere = accepted(electoral_officer, address=PropertyFactory(polling_district=district))
    assert within.alteration.elector_number == "KA123/1"
    assert again.alteration.elector_number == "KA123/2"
    assert elsewhere.alteration.elector_number == "KA125"


def test_a_pending_addition_is_in_the_register_only_once_its_notice_is_published(
    electoral_officer,
):
    application = accepted(electoral_officer)
    district = application.address.polling_district
    assert not Elector.register.exists()
    assert [row[1] for row in publication.entries(district, "full", on=date(2019, 2, 1))] == []
    notice = february_2019(electoral_officer)
    registration.notice_of_alteration_publish(
        notice=notice, by=electoral_officer, today=date(2019, 2, 1)
    )
    [elector] = Elector.register.all()
    assert (elector.elector_number, elector.added_on) == ("KA1", date(2019, 2, 1))
    assert elector.surname == "Thistlewood" and elector.franchise == ""
    rows = list(publication.entries(district, "full", on=date(2019, 2, 1)))
    assert rows[0][1:4] == ["KA1", "", "Thistlewood, Imogen"]
    event = AuditEvent.private_objects.get(action="elections.notice_of_alteration.publish")
    assert event.changes["additions"] == [None, 1]


def test_deletions_and_changes_wait_for_the_notice(electoral_officer):
    gone = ElectorFactory(surname="Leaving", added_on=date(2018, 12, 1))
    renamed = ElectorFactory(surname="Oldname", added_on=date(2018, 12, 1))
    registration.alteration_delete(
        elector=gone, reason="Moved away", by=electoral_officer, today=date(2019, 1, 15)
    )
    registration.alteration_change(
        elector=renamed,
        changes={"surname": "Newname"},
        reason="Marriage",
        by=electoral_officer,
        today=date(2019, 1, 15),
    )
    assert set(Elector.register.live(date(2019, 1, 31)).values_list("surname", flat=True)) == {
        "Leaving",
        "Oldname",
    }
    registration.notice_of_alteration_publish(
        notice=february_2019(electoral_officer), by=electoral_officer, today=date(2019, 2, 1)
    )
    assert list(Elector.register.live(date(2019, 2, 1)).values_list("surname", flat=True)) == [
        "Newname"
    ]
    change = AuditEvent.private_objects.get(action="elections.elector.change")
    assert "Newname" not in str(change.changes) and "Oldname" not in str(change.changes)


def test_a_notice_carries_only_what_was_determined_by_its_deadline(electoral_officer):
    on_time = accepted(electoral_officer, today=date(2019, 1, 18))
    late = accepted(electoral_officer, today=date(2019, 1, 21))
    notice = february_2019(electoral_officer)
    assert notice.determination_deadline == date(2019, 1, 18)
    registration.notice_of_alteration_publish(
        notice=notice, by=electoral_officer, today=date(2019, 2, 1)
    )
    assert RegisterAlteration.register.get(application=on_time).notice == notice
    assert RegisterAlteration.register.get(application=late).notice is None


def test_a_notice_is_published_on_its_day_and_only_once(electoral_officer):
    notice = february_2019(electoral_officer)
    with pytest.raises(ValidationError) as error:
        registration.notice_of_alteration_publish(
            notice=notice, by=electoral_officer, today=date(2019, 1, 31)
        )
    assert error.value.message_dict["notice"] == [
        "This notice is published on 1 February 2019, not before"
    ]
    registration.notice_of_alteration_publish(
        notice=notice, by=electoral_officer, today=date(2019, 2, 1)
    )
    with pytest.raises(ValidationError):
        registration.notice_of_alteration_publish(
            notice=notice, by=electoral_officer, today=date(2019, 2, 1)
        )


def test_a_publication_that_fails_publishes_nothing(electoral_officer):
    application = accepted(electoral_officer)
    bad = ElectorFactory(added_on=date(2018, 12, 1))
    # A change no service would make (a franchise that does not exist), as if the data were
    # corrupted: the whole publication is refused, the good addition with it.
    RegisterAlteration.register.create(
        kind="change",
        polling_district=bad.polling_district,
        number=bad.number,
        elector=bad,
        changes={"franchise": "X"},
        determined_on=date(2019, 1, 15),
        determined_by=electoral_officer,
    )
    notice = february_2019(electoral_officer)
    with pytest.raises(ValidationError):
        registration.notice_of_alteration_publish(
            notice=notice, by=electoral_officer, today=date(2019, 2, 1)
        )
    notice.refresh_from_db()
    assert notice.published_at is None
    assert not Elector.register.filter(surname=application.surname).exists()
    assert RegisterAlteration.register.pending().count() == 2


def test_the_notice_shows_anonymous_electors_as_number_and_n_only(electoral_officer):
    district_home = PropertyFactory()
    accepted(electoral_officer, address=district_home, surname="Visible")
    accepted(
        electoral_officer,
        address=PropertyFactory(polling_district=district_home.polling_district),
        first_names="Quintessa",
        surname="Hiddenworth",
        anonymous=True,
    )
    notice = february_2019(electoral_officer)
    district = district_home.polling_district
    preview = list(notice_publication.entries(notice, district))
    assert [row[:4] for row in preview] == [
        ["Addition", "KA1", "", "Visible, Imogen"],
        ["Addition", "KA2", "N", ""],
    ]
    draft = PdfReader(io.BytesIO(notice_publication.render_pdf(notice, district)))
    assert "Draft: not published" in draft.pages[0].extract_text()
    registration.notice_of_alteration_publish(
        notice=notice, by=electoral_officer, today=date(2019, 2, 1)
    )
    csv_text = "".join(notice_publication.csv_lines(notice, district))
    assert "Visible, Imogen" in csv_text and "KA2,N,,,," in csv_text
    assert "Hiddenworth" not in csv_text and "Quintessa" not in csv_text
    reader = PdfReader(io.BytesIO(notice_publication.render_pdf(notice, district)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Monthly notice of alteration" in text and "Visible, Imogen" in text
    assert "Draft" not in text and "Published 1 February 2019" in text
    assert "KA2" in text and "Hiddenworth" not in text
    assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")  # tagged


def test_election_notices_for_a_poll(electoral_officer):
    first, final = registration.election_notices_prepare(
        poll_date=date(2026, 5, 7), by=electoral_officer
    )
    assert (first.kind, first.publication_date) == ("first_interim", date(2026, 4, 9))
    assert (final.kind, final.publication_date) == ("final", date(2026, 4, 29))
    assert final.application_deadline == date(2026, 4, 20)
    with pytest.raises(ValidationError) as error:
        registration.interim_notice_prepare(
            poll_date=date(2026, 5, 7), publication_date=date(2026, 5, 1), by=electoral_officer
        )
    assert (
        "before the final notice (29 April 2026)"
        in (error.value.message_dict["publication_date"][0])
    )


def test_invitations_three_written_and_a_visit_then_reminders(electoral_officer):
    invitation = registration.invitation_create(
        address=PropertyFactory(), name="Rowena Nettlefold", by=electoral_officer
    )
    with pytest.raises(ValidationError) as error:
        registration.invitation_contact_record(
            invitation=invitation,
            kind="visit",
            method="in_person",
            given_on=date(2026, 9, 1),
            by=electoral_officer,
        )
    assert "before the personal visit" in error.value.message_dict["kind"][0]
    registration.invitation_contact_record(
        invitation=invitation,
        kind="written",
        method="post",
        given_on=date(2026, 9, 1),
        by=electoral_officer,
    )
    assert list(registration.invitation_reminders(date(2026, 9, 28))) == []
    [reminder] = registration.invitation_reminders(date(2026, 9, 29))
    assert reminder.due_on == date(2026, 9, 29)
    assert reminder.recipients == [electoral_officer.email]
    assert "The second invitation to register" in reminder.email_body
    assert "Nettlefold" not in reminder.email_body + reminder.email_subject
    receive(electoral_officer, invitation=invitation)
    assert list(registration.invitation_reminders(date(2026, 9, 29))) == []


def test_the_invitation_reminders_are_a_source_of_the_outbox():
    from democracy import reminders

    assert registration.invitation_reminders in reminders.registered_sources()


def test_an_invitation_by_email_goes_through_the_outbox_once(electoral_officer, mailoutbox):
    from democracy import reminders
    from democracy.models import Reminder

    invitation = registration.invitation_create(
        address=PropertyFactory(address_1="3 Wren Court"),
        name="Tamsin Oakhurst",
        email="tamsin@example.org",
        by=electoral_officer,
    )
    no_email = registration.invitation_create(
        address=PropertyFactory(), name="No Email", by=electoral_officer
    )
    with pytest.raises(ValidationError) as error:
        registration.invitation_contact_record(
            invitation=no_email,
            kind="written",
            method="email",
            given_on=date(2026, 9, 1),
            by=electoral_officer,
        )
    assert "gave no email address" in error.value.message_dict["method"][0]
    registration.invitation_contact_record(
        invitation=invitation,
        kind="written",
        method="email",
        given_on=date(2026, 9, 1),
        by=electoral_officer,
    )
    row = Reminder.outbox.get(kind=registration.INVITATION_EMAIL_KIND)
    assert row.recipients == ["tamsin@example.org"] and row.email_body == ""
    assert reminders.send_one(row.pk)
    assert not reminders.send_one(row.pk)  # the outbox's claim: once
    [email] = mailoutbox
    assert "Dear Tamsin Oakhurst" in email.body and "3 Wren Court" in email.body
    assert "https://www.gov.uk/register-to-vote" in email.body


def test_an_invitation_email_is_cancelled_if_the_resident_applied_first(electoral_officer):
    from democracy import reminders
    from democracy.models import Reminder

    invitation = registration.invitation_create(
        address=PropertyFactory(),
        name="Quick Applicant",
        email="q@example.org",
        by=electoral_officer,
    )
    registration.invitation_contact_record(
        invitation=invitation,
        kind="written",
        method="email",
        given_on=date(2026, 9, 1),
        by=electoral_officer,
    )
    receive(electoral_officer, invitation=invitation, address=invitation.address)
    row = Reminder.outbox.get(kind=registration.INVITATION_EMAIL_KIND)
    assert not reminders.send_one(row.pk)
    row.refresh_from_db()
    assert row.cancelled_at is not None and row.sent_at is None
