"""The appeals services: reference data, panel members, lodging (with the acknowledgement
through the outbox and the evidence link), evidence, scheduling and notice. Real PostgreSQL,
real PDFs; every refusal names its field and leaves nothing saved."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from appeals.models import (
    Appeal,
    Child,
    Connection,
    Evidence,
    EvidenceLink,
    Hearing,
    HearingListing,
    PanelSeat,
    School,
    StatusChange,
)
from appeals.services import cases, panels, reference, scheduling
from appeals.tasks import send_email
from appeals.tests.factories import at, build_scene, lodge
from appeals.uploads import check
from democracy import pdf, reminders, venues
from democracy.constitution import constitution
from democracy.models import AuditEvent, Reminder, RoomBooking
from democracy.tests.factories_pdf import JAVASCRIPT_CASES, pdf_with

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/appeals/evidence/[^/\s]+/)")
AUDIT = AuditEvent._default_manager


@pytest.fixture
def scene(clerk, panel_member):
    return build_scene(by=clerk, panel_user=panel_member)


def audit_rows(action: str):
    return list(AUDIT.filter(action=action))


# --- Reference data --------------------------------------------------------------------------


def test_a_school_must_have_the_authority_its_category_calls_for(scene, clerk):
    with pytest.raises(ValidationError) as caught:
        reference.school_create(
            urn="140002",
            name="Quay Academy",
            phase=School.Phase.SECONDARY,
            category=School.Category.ACADEMY,
            admission_authority=scene.council,
            by=clerk,
        )
    assert caught.value.message_dict == {
        "admission_authority": [
            "A academy (academy trust) school's admission authority is its academy trust; "
            "Kingsmere District Council is a local authority"
        ]
    }
    assert not School.objects.filter(urn="140002").exists()


def test_a_urn_is_six_digits(scene, clerk):
    with pytest.raises(ValidationError) as caught:
        reference.school_create(
            urn="14A",
            name="Quay Academy",
            phase=School.Phase.SECONDARY,
            category=School.Category.ACADEMY,
            admission_authority=scene.trust,
            by=clerk,
        )
    assert caught.value.message_dict["urn"] == ["Enter the URN as 6 digits, like 136812"]


def test_service_agreements_never_overlap_and_the_council_has_none(scene, clerk):
    with pytest.raises(ValidationError) as caught:
        reference.service_agreement_create(
            admission_authority=scene.trust, reference="HLT-2", starts_on=date(2026, 4, 1), by=clerk
        )
    assert caught.value.message_dict == {
        "starts_on": [
            "Harbour Learning Trust already has agreement HLT-2025-01 for part of that period"
        ]
    }
    with pytest.raises(ValidationError) as caught:
        reference.service_agreement_create(
            admission_authority=scene.council, reference="X", starts_on=date(2026, 4, 1), by=clerk
        )
    assert "admission_authority" in caught.value.message_dict
    agreement = scene.trust.service_agreements.get()
    assert agreement.charge_per_appeal_heard == Decimal("150.00")
    [row] = audit_rows("appeals.service_agreement.create")
    assert row.changes["reference"] == [None, "HLT-2025-01"]


def test_a_round_whose_deadline_allows_less_than_twenty_school_days_is_refused(scene, clerk):
    with pytest.raises(ValidationError) as caught:
        reference.admission_round_create(
            admission_authority=scene.council,
            entry_year=2026,
            phase="secondary",
            offer_date=date(2026, 3, 2),
            lodging_deadline=date(2026, 3, 30),
            by=clerk,
        )
    # The Easter holiday (30 March - 10 April 2026) is not counted: 20 school days after
    # 2 March 2026 is Mon 13 April.
    assert caught.value.message_dict == {
        "lodging_deadline": [
            "The deadline for lodging appeals must allow at least 20 school days from 2 March "
            "2026: it can be no earlier than 13 April 2026"
        ]
    }
    assert scene.round_2026.lodging_deadline == date(2026, 4, 13)


def test_a_lay_member_cannot_also_be_an_education_member(clerk, db):
    with pytest.raises(ValidationError) as caught:
        panels.panel_member_create(name="Pat", categories=["lay", "education"], by=clerk)
    assert caught.value.message_dict == {
        "categories": [
            "A lay member cannot also be appointed for experience in education or as a head teacher"
        ]
    }


def test_a_panel_member_account_must_hold_the_panel_member_role(clerk, officer, db):
    with pytest.raises(ValidationError) as caught:
        panels.panel_member_create(name="Pat", categories=["lay"], user=officer, by=clerk)
    assert "user" in caught.value.message_dict


# --- Lodging -----------------------------------------------------------------------------------


def test_lodging_online_records_the_case_and_queues_one_acknowledgement(scene):
    appeal = lodge(scene.academy)
    assert appeal.reference == "ADM-2026-0001"
    assert (appeal.kind, appeal.status, appeal.lodged_late) == ("admission_normal", "lodged", False)
    assert appeal.admission_authority == scene.trust
    assert appeal.admission_round == scene.round_2026
    assert appeal.child.full_name == "Sam Rivers"
    assert [s.status for s in appeal.status_changes.all()] == ["lodged"]
    [row] = audit_rows("appeals.appeal.lodge")
    assert row.actor is None and row.object_repr == "ADM-2026-0001"
    assert "Sam" not in str(row.changes) and "Rivers" not in str(row.changes)
    [outbox] = Reminder.outbox.all()
    assert (outbox.kind, outbox.recipients, outbox.email_body) == (
        "appeals.acknowledgement",
        ["jo.rivers@example.com"],
        "",
    )
    assert lodge(scene.academy).reference == "ADM-2026-0002"


def test_the_acknowledgement_is_sent_once_with_a_working_link_that_is_stored_nowhere(scene, client):
    appeal = lodge(scene.academy)
    row = Reminder.outbox.get()
    assert [send_email(row.pk) for _ in range(3)] == [True, False, False]
    assert reminders.send_due() == 0
    [email] = mail.outbox
    assert email.to == ["jo.rivers@example.com"]
    assert email.subject == "Your appeal ADM-2026-0001 has been received"
    assert "Your reference is ADM-2026-0001" in email.body
    path = LINK.search(email.body).group(1)
    row.refresh_from_db()
    assert row.email_body == "" and row.sent_at is not None
    [link] = EvidenceLink.private_objects.filter(appeal=appeal)
    signed = path.split("/")[-2]
    link_id, token = signing.loads(signed, salt=cases.EVIDENCE_LINK_SALT)
    assert link_id == link.pk
    # Only the hash is stored; neither the token nor the link is anywhere in the database.
    assert link.token_hash != token and len(link.token_hash) == 64
    assert not Reminder.outbox.filter(email_body__contains=token).exists()
    assert token not in str(list(AUDIT.values_list("changes", "note")))
    assert cases.evidence_link_resolve(signed) == link
    assert client.get(path).status_code == 200


def test_a_normal_round_appeal_lodged_after_the_deadline_is_flagged_late(scene):
    appeal = lodge(scene.academy, lodged_on=date(2026, 4, 14))
    assert (appeal.kind, appeal.lodged_late) == ("admission_late", True)
    on_time = lodge(scene.academy, lodged_on=date(2026, 4, 13))
    assert (on_time.kind, on_time.lodged_late) == ("admission_normal", False)


def test_without_a_published_round_the_code_s_earliest_deadline_applies(scene):
    # Kingsmere School's authority (the council) published no round: the deadline is the
    # earliest the Code allows, 13 April 2026.
    assert lodge(scene.community_school, lodged_on=date(2026, 4, 13)).lodged_late is False
    late = lodge(scene.community_school, lodged_on=date(2026, 4, 15))
    assert (late.kind, late.lodged_late, late.admission_round) == ("admission_late", True, None)


def test_an_exclusion_review_applied_for_after_fifteen_school_days_is_rejected(scene):
    # Notice of the board's decision on Mon 2 Feb 2026; half term 16 - 20 Feb: the 15th school
    # day after is Mon 2 March 2026.
    in_time = lodge(
        scene.academy,
        kind="exclusion_review",
        year_group="9",
        decision_notified_on=date(2026, 2, 2),
        lodged_on=date(2026, 3, 2),
    )
    assert (in_time.status, in_time.reference) == ("lodged", "EXC-2026-0001")
    late = lodge(
        scene.academy,
        kind="exclusion_review",
        year_group="9",
        decision_notified_on=date(2026, 2, 2),
        lodged_on=date(2026, 3, 3),
    )
    assert (late.status, late.lodged_late) == ("rejected", True)
    assert "a late application must be rejected" in late.status_changes.last().note
    # No acknowledgement with an evidence link for a rejected application.
    assert Reminder.outbox.filter(subject_id=str(late.pk)).count() == 0


def test_bad_lodging_names_every_field_and_saves_nothing(scene):
    with pytest.raises(ValidationError) as caught:
        lodge(
            scene.academy,
            child=cases.ChildDetails(first_name="", last_name="Rivers", date_of_birth=None),
            appellants=[cases.AppellantDetails(name="Jo", relationship="parent")],
            grounds=" ",
            infant_class_size=True,
        )
    assert caught.value.message_dict == {
        "child_first_name": ["Enter the child's first name"],
        "child_date_of_birth": ["Enter the child's date of birth"],
        "appellant_email": ["Enter an email address or a postal address, so we can reply"],
        "grounds": ["Enter the reasons for the appeal"],
        "infant_class_size": [
            "Infant class size applies only to Reception, Year 1 and Year 2 places"
        ],
    }
    assert not Appeal.cases.exists() and not Child.private_objects.exists()
    assert not Reminder.outbox.exists()


def test_a_travel_appeal_is_arranged_by_the_council(scene):
    appeal = lodge(
        None,
        kind="transport_stage_1",
        decision_notified_on=date(2026, 3, 2),
        lodged_on=date(2026, 3, 9),
    )
    assert (appeal.reference, appeal.admission_authority) == ("TRV-2026-0001", scene.council)


# --- Evidence ----------------------------------------------------------------------------------


def png_bytes(size=(20, 10)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


def noisy_png_bytes() -> bytes:
    """A PNG whose pixel data does not compress away, so cutting it short loses pixels."""
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (64, 64), bytes(range(256)) * 48).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, format="JPEG")
    return out.getvalue()


def test_uploads_are_checked_by_their_content(settings):
    assert check("letter.pdf", pdf_with()).content_type == "application/pdf"
    assert check("photo.png", png_bytes()).content_type == "image/png"
    assert check("scan.jpg", jpeg_bytes()).content_type == "image/jpeg"
    refusals = {
        "notes.pdf": b"Just some text pretending to be a PDF",
        "empty.pdf": b"",
        "broken.png": noisy_png_bytes()[: len(noisy_png_bytes()) // 2],
        "broken.pdf": b"%PDF-1.7\nnot really",
    }
    messages = {}
    for name, data in refusals.items():
        with pytest.raises(ValidationError) as caught:
            check(name, data)
        messages[name] = caught.value.message_dict["evidence"][0]
    assert messages == {
        "notes.pdf": "notes.pdf must be a PDF, JPEG or PNG file",
        "empty.pdf": "empty.pdf is empty",
        "broken.png": "broken.png cannot be opened as an image",
        "broken.pdf": "broken.pdf cannot be opened as a PDF",
    }
    settings.APPEALS_UPLOAD_MAX_BYTES = 2048
    with pytest.raises(ValidationError, match=r"big\.png must be smaller than 0 MB"):
        check("big.png", png_bytes((600, 600)) + b"\0" * 4096)


def test_a_cut_short_image_is_refused_even_where_truncated_images_are_allowed(monkeypatch):
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES when it is imported, so in a web process
    that has built a PDF a half PNG or JPEG would decode, padded: the check must not rest on it."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    png, jpeg = noisy_png_bytes(), jpeg_bytes()
    for name, data in {
        "half.png": png[: len(png) // 2],
        "half.jpg": jpeg[: len(jpeg) // 2],
    }.items():
        with pytest.raises(ValidationError, match=f"{name} cannot be opened as an image"):
            check(name, data)
    assert check("whole.png", png).content_type == "image/png"
    assert check("whole.jpg", jpeg).content_type == "image/jpeg"


@pytest.mark.parametrize("case", sorted(JAVASCRIPT_CASES))
def test_pdfs_that_run_anything_are_refused(case):
    with pytest.raises(ValidationError) as caught:
        check("evidence.pdf", JAVASCRIPT_CASES[case])
    assert caught.value.message_dict["evidence"][0].startswith("evidence.pdf contains ")


def test_evidence_is_stored_privately_under_its_hash(scene):
    appeal = lodge(scene.academy)
    upload = check("Sam Rivers medical letter.png", png_bytes())
    evidence = cases.evidence_add(appeal=appeal, upload=upload, source="link", by=None)
    assert evidence.file.name == f"appeals/evidence/{appeal.pk}/{upload.sha256[:16]}.png"
    assert "Rivers" not in evidence.file.name
    assert evidence.file.storage.__class__.__name__ == "PrivateStorage"
    [row] = audit_rows("appeals.evidence.add")
    assert "Rivers" not in str(row.changes)


def test_evidence_links_expire_and_are_single_purpose(scene):
    appeal = lodge(scene.academy)
    link, signed = cases.evidence_link_issue(appeal=appeal, by=None)
    assert cases.evidence_link_resolve(signed) == link
    # A value signed for another purpose, or altered, opens nothing.
    _, token = signing.loads(signed, salt=cases.EVIDENCE_LINK_SALT)
    assert cases.evidence_link_resolve(signing.dumps([link.pk, token], salt="other")) is None
    assert cases.evidence_link_resolve(signed[:-2] + "xx") is None
    assert (
        cases.evidence_link_resolve(
            signing.dumps([link.pk, "guess"], salt=cases.EVIDENCE_LINK_SALT)
        )
        is None
    )
    # Past its expiry it opens nothing.
    EvidenceLink.private_objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert cases.evidence_link_resolve(signed) is None
    # A revoked link opens nothing either.
    link2, signed2 = cases.evidence_link_issue(appeal=appeal, by=None)
    cases.evidence_link_revoke(link=link2, by=None)
    assert cases.evidence_link_resolve(signed2) is None
    # Nor does a link to a withdrawn appeal.
    link3, signed3 = cases.evidence_link_issue(appeal=appeal, by=None)
    cases.appeal_withdraw(appeal=appeal, by=None)
    assert cases.evidence_link_resolve(signed3) is None
    assert constitution().appeals_evidence_link_days == 28
    assert link3.expires_at - link3.created_at == timedelta(days=28)


# --- Deadlines on a case ------------------------------------------------------------------------


def test_a_case_s_deadlines_come_from_its_authority_s_calendar(scene):
    appeal = lodge(scene.academy)
    found = {d.label: d.due for d in cases.deadlines(appeal)}
    # 40 school days after 13 April 2026, over the May Day bank holiday and the half term
    # (25 - 29 May 2026): Tue 16 June 2026; notice 10 school days before that, Tue 2 June.
    assert found == {
        "Deadline for lodging appeals": date(2026, 4, 13),
        "Send notice of the hearing by": date(2026, 6, 2),
        "Hear the appeal by": date(2026, 6, 16),
    }


# --- Scheduling ----------------------------------------------------------------------------------

TODAY = date(2026, 4, 20)
HEARING_DAY = date(2026, 5, 6)  # 12 school days after 20 April (4 May is a bank holiday)


def two_academy_appeals():
    return [lodge(_academy(), lodged_on=date(2026, 3, 20)) for _ in range(2)]


def _academy():
    return School.objects.get(urn="140001")


def schedule(scene, appeals, clerk, **overrides):
    values = {
        "appeals": appeals,
        "starts_at": at(HEARING_DAY, 10),
        "ends_at": at(HEARING_DAY, 16),
        "group_stage_ends_at": at(HEARING_DAY, 11) if len(appeals) > 1 else None,
        "clerk": clerk,
        "seats": scene.valid_admission_panel(),
        "room": scene.room,
        "today": TODAY,
        "by": clerk,
    }
    values.update(overrides)
    return scheduling.hearing_schedule(**values)


def test_the_planner_offers_school_days_that_meet_the_deadlines(scene, clerk):
    appeals = two_academy_appeals()
    offer = scheduling.plan(appeals, today=TODAY, clerk=clerk, limit=4)
    # Notice going on Mon 20 April allows a hearing from Tue 5 May (Mon 4 May is a bank
    # holiday); the appeals must be heard by Tue 16 June.
    assert (offer.earliest, offer.latest) == (date(2026, 5, 5), date(2026, 6, 16))
    assert offer.days == [date(2026, 5, 5), date(2026, 5, 6), date(2026, 5, 7), date(2026, 5, 8)]
    schedule(scene, appeals, clerk)
    third = lodge(_academy())
    again = scheduling.plan([third], today=TODAY, clerk=clerk, limit=2)
    assert again.days == [date(2026, 5, 5), date(2026, 5, 7)]  # the clerk is busy on 6 May


def test_a_grouped_hearing_with_a_valid_panel_is_scheduled(scene, clerk):
    appeals = two_academy_appeals()
    hearing = schedule(scene, appeals, clerk)
    assert (hearing.kind, hearing.school, hearing.is_grouped) == ("admission", scene.academy, True)
    assert (
        hearing.booking.room == scene.room and hearing.booking.title == "Appeal hearing (private)"
    )
    assert [listing.appeal for listing in hearing.listings.all()] == appeals
    assert [listing.position for listing in hearing.listings.all()] == [1, 2]
    assert sorted(s.member.name for s in hearing.seats.all()) == [
        "Alex Lay",
        "Chris Teacher",
        "Dana Parent",
    ]
    assert hearing.seats.get(is_chair=True).member.name == "Alex Lay"
    for appeal in appeals:
        appeal.refresh_from_db()
        assert appeal.status == "listed"
    [row] = audit_rows("appeals.hearing.schedule")
    assert row.changes["appeals"] == [None, ["ADM-2026-0001", "ADM-2026-0002"]]


def nothing_scheduled():
    return not (
        Hearing.hearings.exists()
        or HearingListing.private_objects.exists()
        or PanelSeat.private_objects.exists()
        or RoomBooking.objects.exists()
        or audit_rows("appeals.hearing.schedule")
    )


def test_an_invalid_panel_is_refused_with_its_reasons_and_nothing_is_saved(scene, clerk):
    appeals = two_academy_appeals()
    with pytest.raises(ValidationError) as caught:
        schedule(scene, appeals, clerk, seats=scene.seats("education", "education_2", "head"))
    assert caught.value.message_dict == {
        "panel": ["An admission appeal panel needs at least one lay member"]
    }
    assert nothing_scheduled()
    for appeal in appeals:
        appeal.refresh_from_db()
        assert appeal.status == "lodged"


def test_a_member_connected_with_the_school_is_refused_naming_the_connection(scene, clerk):
    panels.connection_declare(
        member=scene.members["education"],
        kind=Connection.Kind.SCHOOL,
        school=scene.academy,
        description="governor until 2025",
        by=clerk,
    )
    with pytest.raises(ValidationError) as caught:
        schedule(scene, two_academy_appeals(), clerk)
    assert caught.value.message_dict == {
        "panel": [
            "Chris Teacher cannot sit: they are connected with Harbour Academy (governor until 2025)"
        ]
    }
    assert nothing_scheduled()


def test_a_member_who_knows_a_child_is_refused(scene, clerk):
    appeals = two_academy_appeals()
    panels.connection_declare(
        member=scene.members["lay"], kind="child", appeal=appeals[1], description="", by=clerk
    )
    [row] = audit_rows("appeals.connection.declare")
    assert row.changes["appeal"] == [None, {"id": appeals[1].pk, "repr": "ADM-2026-0002"}]
    with pytest.raises(ValidationError) as caught:
        schedule(scene, appeals, clerk)
    assert caught.value.message_dict["panel"] == [
        "Alex Lay cannot sit: they know a child or family whose appeal is listed"
    ]


def test_a_room_taken_by_a_committee_meeting_is_a_clash_found_through_the_foundation(scene, clerk):
    # Committee meetings hold their room through democracy.venues.book_room, titled with the
    # committee (meetings.services.meetings.meeting_create): the same path.
    venues.book_room(
        room=scene.room,
        starts_at=at(HEARING_DAY, 14),
        ends_at=at(HEARING_DAY, 17),
        title="Planning Committee",
        by=clerk,
    )
    with pytest.raises(ValidationError) as caught:
        schedule(scene, two_academy_appeals(), clerk)
    assert caught.value.message_dict == {
        "room": [
            "Committee Room 1, Kingsmere Civic Centre is already booked for Planning Committee "
            "on 6 May 2026 from 2pm to 5pm"
        ]
    }
    assert not Hearing.hearings.exists() and RoomBooking.objects.count() == 1
    assert schedule(scene, Appeal.cases.order_by("pk"), clerk, room=scene.other_room).room == (
        scene.other_room
    )


def test_the_clerk_and_members_cannot_be_in_two_hearings_at_once(scene, clerk):
    schedule(scene, two_academy_appeals(), clerk)
    third = lodge(_academy())
    with pytest.raises(ValidationError) as caught:
        schedule(
            scene,
            [third],
            clerk,
            room=scene.other_room,
            starts_at=at(HEARING_DAY, 15),
            ends_at=at(HEARING_DAY, 17),
            seats=scene.seats("lay_2", "education", "education_2"),
        )
    assert caught.value.message_dict == {
        "clerk": [f"{clerk} is clerking another hearing at that time"],
        "panel": [
            "Chris Teacher sits on another hearing at that time",
            "Dana Parent sits on another hearing at that time",
        ],
    }


def test_dates_must_leave_ten_school_days_notice_and_meet_the_hearing_deadline(scene, clerk):
    appeals = two_academy_appeals()
    with pytest.raises(ValidationError) as caught:
        schedule(
            scene,
            appeals,
            clerk,
            starts_at=at(date(2026, 5, 1), 10),
            ends_at=at(date(2026, 5, 1), 16),
            group_stage_ends_at=at(date(2026, 5, 1), 11),
        )
    assert caught.value.message_dict["date"] == [
        "Appellants must have at least 10 school days' notice: the earliest hearing date is "
        "5 May 2026"
    ]
    late_day = date(2026, 6, 17)
    with pytest.raises(ValidationError) as caught:
        schedule(
            scene,
            appeals,
            clerk,
            starts_at=at(late_day, 10),
            ends_at=at(late_day, 16),
            group_stage_ends_at=at(late_day, 11),
        )
    assert caught.value.message_dict["date"] == [
        "ADM-2026-0001 must be heard by 16 June 2026",
        "ADM-2026-0002 must be heard by 16 June 2026",
    ]


def test_only_appeals_for_one_school_and_year_group_are_grouped(scene, clerk):
    appeals = [lodge(_academy()), lodge(scene.community_school)]
    with pytest.raises(ValidationError) as caught:
        schedule(scene, appeals, clerk, group_stage_ends_at=None)
    assert caught.value.message_dict == {
        "appeals": ["Only appeals for the same school can be heard together"],
        "group_stage_ends_at": ["Say when the group stage ends and individual cases start"],
    }


def test_an_exclusion_review_panel_of_three_categories(scene, clerk):
    review = lodge(
        _academy(),
        kind="exclusion_review",
        year_group="9",
        decision_notified_on=date(2026, 4, 14),
        lodged_on=date(2026, 4, 20),
    )
    with pytest.raises(ValidationError) as caught:
        schedule(scene, [review], clerk)
    assert caught.value.message_dict == {
        "panel": [
            "A 3-member exclusion review panel needs one head teacher, not 0",
            "A 3-member exclusion review panel needs one governor, not 0",
        ]
    }
    hearing = schedule(scene, [review], clerk, seats=scene.seats("lay", "head", "governor"))
    assert hearing.kind == "exclusion_review"


def test_a_panel_member_sees_only_the_appeals_of_their_own_hearings(scene, clerk, panel_member):
    appeals = two_academy_appeals()
    other = lodge(_academy())
    assert list(Appeal.cases.visible_to(panel_member)) == []
    schedule(scene, appeals, clerk)
    assert set(Appeal.cases.visible_to(panel_member)) == set(appeals)
    assert other not in Appeal.cases.visible_to(panel_member)
    assert set(Appeal.cases.visible_to(clerk)) == {*appeals, other}
    assert list(Appeal.cases.for_clerk(panel_member)) == []


def test_cancelling_a_hearing_releases_the_room_and_returns_the_appeals(scene, clerk):
    appeals = two_academy_appeals()
    hearing = schedule(scene, appeals, clerk)
    scheduling.hearing_cancel(hearing=hearing, reason="Panel member ill", by=clerk)
    hearing.booking.refresh_from_db()
    assert hearing.booking.cancelled_at is not None
    assert set(scheduling.unlisted()) == set(appeals)
    assert {a.status for a in Appeal.cases.all()} == {"lodged"}


# --- Notice of the hearing ----------------------------------------------------------------------


def test_notice_goes_once_by_email_and_the_letter_pdf_says_when_and_where(scene, clerk):
    appeals = two_academy_appeals()
    hearing = schedule(scene, appeals, clerk)
    Reminder.outbox.update(sent_at=timezone.now())  # the acknowledgements have gone
    rows = scheduling.hearing_send_notice(hearing=hearing, today=TODAY, by=clerk)
    assert len(rows) == 2
    again = scheduling.hearing_send_notice(hearing=hearing, today=TODAY, by=clerk)
    assert {r.pk for r in again} == {r.pk for r in rows}
    assert Reminder.outbox.filter(kind=scheduling.NOTICE_KIND).count() == 2
    assert reminders.send_due() == 2
    assert len(mail.outbox) == 2
    assert "6 May 2026 at 10am" in mail.outbox[0].body
    hearing.refresh_from_db()
    assert (hearing.status, hearing.notice_sent_on) == ("notified", TODAY)
    listing = hearing.listings.get(position=2)
    assert listing.notice_given_on == TODAY
    data = scheduling.render_notice_pdf(listing)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    assert "Notice of your appeal hearing" in text
    assert "ADM-2026-0002" in text and "6 May 2026" in text and "10am" in text
    assert "Committee Room 1, Kingsmere Civic Centre" in text
    assert "yours is number 2" in text and "Sam Rivers" in text
    assert "within 5 school days of the hearing wherever possible" in text
    assert pdf.tagging_problems(data) == []


def test_the_notice_of_an_exclusion_review_or_a_travel_panel_says_what_it_hears(scene, clerk):
    """Not "an appeal for a place": an exclusion review panel reviews the board's decision not
    to reinstate; a travel panel decides within 5 working days, not 5 school days."""
    review = lodge(
        _academy(),
        kind="exclusion_review",
        year_group="9",
        decision_notified_on=date(2026, 4, 14),
        lodged_on=date(2026, 4, 20),
    )
    hearing = schedule(scene, [review], clerk, seats=scene.seats("lay", "head", "governor"))
    data = scheduling.render_notice_pdf(hearing.listings.get())
    pages = PdfReader(io.BytesIO(data)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert (
        "The review of the governing board's decision not to reinstate Sam Rivers at Harbour "
        "Academy will be heard by an independent review panel on:" in text
    )
    assert "for a place at" not in text and "school days" not in text
    assert "Clerk to the review panel" in text
    travel = lodge(
        None,
        kind="transport_stage_2",
        decision_notified_on=date(2026, 4, 14),
        lodged_on=date(2026, 4, 20),
    )
    next_day = date(2026, 5, 7)
    hearing = schedule(
        scene,
        [travel],
        clerk,
        seats=scene.seats("lay", "lay_2", "education"),
        starts_at=at(next_day, 10),
        ends_at=at(next_day, 12),
    )
    rows = scheduling.hearing_send_notice(hearing=hearing, today=TODAY, by=clerk)
    body = rows[0].email_body
    assert "Your home to school travel appeal (stage 2) for Sam Rivers will be heard" in body
    assert "within 5 working days of the hearing" in body and "school days" not in body


def test_notice_is_refused_once_ten_school_days_cannot_be_given(scene, clerk):
    hearing = schedule(scene, two_academy_appeals(), clerk)
    with pytest.raises(ValidationError) as caught:
        scheduling.hearing_send_notice(hearing=hearing, today=date(2026, 4, 22), by=clerk)
    assert caught.value.messages == [
        "Notice of a hearing on 6 May 2026 had to be sent by 21 April 2026: move the hearing to "
        "give 10 school days' notice"
    ]
    assert not Reminder.outbox.filter(kind=scheduling.NOTICE_KIND).exists()


def test_status_history_records_each_step(scene, clerk):
    appeals = two_academy_appeals()
    schedule(scene, appeals, clerk)
    assert list(
        StatusChange.private_objects.filter(appeal=appeals[0]).values_list("status", flat=True)
    ) == ["lodged", "listed"]
    assert Evidence.private_objects.count() == 0
