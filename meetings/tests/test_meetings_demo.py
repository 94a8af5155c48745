"""The demo council's 2026/27 municipal year of meetings (``meetings.demo.load_municipal_year``,
loaded by ``website.demo.load``) as it stands on 22 November 2026: what one load produces, that
agendas were published on time and exempt papers stay private, the call-in, the packs, and that
a second load changes nothing, even after an officer has edited something. The demo on other
days is tested in ``website/tests/test_demo_today.py``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from democracy.council import period
from democracy.models import AuditEvent, Room, RoomBooking, Venue
from democracy.tests.factories_demo import demo_council_for_the_module
from democracy.validity import in_force_on
from meetings import demo as meetings_demo
from meetings.models import (
    AgendaItem,
    Appendix,
    Attendance,
    CallIn,
    Committee,
    Decision,
    Declaration,
    ForwardPlanEntry,
    Meeting,
    MeetingSeries,
    Minutes,
    MinutesEntry,
    PackBuild,
    Report,
    Resolution,
    SignOff,
    Vote,
)
from meetings.services.forward_plan import key_decision_problems
from meetings.services.meetings import deadline_for
from meetings.services.minutes import minutes_document
from website import demo

# The day these tests load the demo on (a Sunday).
ANCHOR = date(2026, 11, 22)
CALL_IN_DECISION = "Award of the waste collection and street cleansing contract"
LONDON = ZoneInfo("Europe/London")
MEETINGS_PER_COMMITTEE = {
    "Council": 6,
    "Cabinet": 10,
    "Planning Committee": 12,
    "Licensing Committee": 4,
    "Overview and Scrutiny Committee": 6,
    "Audit and Governance Committee": 4,
    "Standards Committee": 3,
}
HELD_PER_COMMITTEE = {
    "Council": 3,
    "Cabinet": 5,
    "Planning Committee": 7,
    "Licensing Committee": 2,
    "Overview and Scrutiny Committee": 4,
    "Audit and Governance Committee": 2,
    "Standards Committee": 2,
}


def counts() -> dict[str, int]:
    return {
        "venues": Venue.objects.count(),
        "rooms": Room.objects.count(),
        "bookings": RoomBooking.objects.count(),
        "series": MeetingSeries.objects.count(),
        "meetings": Meeting.all_objects.count(),
        "items": AgendaItem.all_objects.count(),
        "reports": Report.all_objects.count(),
        "appendices": Appendix.all_objects.count(),
        "sign-offs": SignOff.all_objects.count(),
        "attendances": Attendance.objects.count(),
        "declarations": Declaration.all_objects.count(),
        "votes": Vote.all_objects.count(),
        "resolutions": Resolution.all_objects.count(),
        "minutes": Minutes.all_objects.count(),
        "minutes entries": MinutesEntry.all_objects.count(),
        "decisions": Decision.all_objects.count(),
        "call-ins": CallIn.all_objects.count(),
        "forward plan": ForwardPlanEntry.all_objects.count(),
        "pack builds": PackBuild.all_objects.count(),
        "audit events": AuditEvent.private_objects.count(),
    }


@pytest.fixture(scope="module")
def kingsmere(django_db_setup, django_db_blocker):
    """One load for the module, rolled back at its end; each test runs in a savepoint."""
    with django_db_blocker.unblock(), demo_council_for_the_module(today=ANCHOR):
        yield


@pytest.fixture
def loaded(kingsmere, db):
    return None


def held() -> list[Meeting]:
    return list(
        Meeting.all_objects.filter(starts_at__date__lt=ANCHOR)
        .select_related("committee")
        .order_by("starts_at")
    )


def test_the_meetings_demo_is_refused_in_production_and_writes_nothing(db, settings):
    # Runs before the module's shared load, so the database is empty.
    settings.PRODUCTION = True
    before = counts()
    with pytest.raises(demo.DemoRefusedInProduction):
        demo.load()
    with pytest.raises(RuntimeError, match="never loaded in production"):
        meetings_demo.load_municipal_year(today=ANCHOR)
    assert counts() == before


def test_every_committee_has_its_2026_27_cycle_in_the_civic_centre(loaded):
    venue = Venue.objects.get(name="Kingsmere Civic Centre")
    assert set(venue.rooms.values_list("name", flat=True)) == {
        "Council Chamber",
        "Committee Room 1",
        "Committee Room 2",
    }
    for name, expected in MEETINGS_PER_COMMITTEE.items():
        committee = Committee.objects.get(name=name)
        meetings = Meeting.all_objects.filter(committee=committee)
        assert meetings.count() == expected, name
        assert meetings.filter(series__municipal_year=2026).count() == expected, name
        assert meetings.filter(starts_at__date__lt=ANCHOR).count() == HELD_PER_COMMITTEE[name]
        assert not meetings.filter(room=None).exists()
        for meeting in meetings:
            local = meeting.starts_at.astimezone(LONDON)
            assert local.weekday() < 5 and local.hour >= 14, meeting  # weekday afternoons/evenings
    council = Meeting.all_objects.filter(committee__name="Council")
    assert council.filter(starts_at=datetime(2026, 5, 19, 19, tzinfo=LONDON)).exists()
    assert council.filter(starts_at__date=date(2027, 2, 23)).exists()  # the budget meeting
    # Every meeting holds its room, and no room is double-booked (the database refuses it too).
    assert RoomBooking.objects.filter(meeting__isnull=False, cancelled_at=None).count() == 45


def test_held_meetings_have_agendas_attendance_records_and_approved_minutes(loaded):
    meetings = held()
    assert len(meetings) == sum(HELD_PER_COMMITTEE.values()) == 25
    last_held = {}
    for meeting in meetings:
        last_held[meeting.committee_id] = meeting
    for meeting in meetings:
        assert meeting.status == Meeting.Status.HELD, meeting
        business = meeting.items.filter(kind=AgendaItem.Kind.BUSINESS)
        assert 2 <= business.count() <= 4, meeting
        assert meeting.items.filter(kind=AgendaItem.Kind.APOLOGIES).exists()
        # Published on time: on the latest lawful date, so no reasons of urgency were needed.
        assert meeting.is_published and meeting.late_publication_reasons == "", meeting
        assert not meeting.items.filter(added_late=True).exists(), meeting
        reports = Report.all_objects.filter(item__meeting=meeting)
        assert reports.exists() and not reports.exclude(status=Report.Status.READY).exists()
        for report in reports:
            assert "<h2>Recommendations</h2>" in report.body_html
            assert report.sign_offs.filter(decision=SignOff.Decision.APPROVED).count() == 3
        attendances = meeting.attendances.all()
        assert attendances.filter(presiding=True).count() == 1, meeting
        apologies = attendances.filter(status=Attendance.Status.APOLOGIES).count()
        present = attendances.filter(status=Attendance.Status.PRESENT).count()
        assert 1 <= apologies <= 3 and present > apologies, meeting
        if meeting.committee.political_balance_applies:
            assert attendances.exclude(substitute_for=None).count() == 1, meeting
        for item in business:
            assert Resolution.all_objects.filter(item=item).exists(), item
        minutes = Minutes.all_objects.get(meeting=meeting)
        if meeting == last_held[meeting.committee_id]:
            assert minutes.status == Minutes.Status.PUBLISHED, meeting
        else:
            assert minutes.status == Minutes.Status.APPROVED, meeting
            approving = minutes.approved_at_meeting
            following = (
                Meeting.all_objects.filter(
                    committee=meeting.committee, starts_at__gt=meeting.starts_at
                )
                .order_by("starts_at")
                .first()
            )
            assert approving == following
            assert minutes.approved_by_name.startswith("Councillor ")
        assert not minutes.entries.filter(text="").exclude(item__kind="exclusion").exists()
    assert Declaration.all_objects.count() >= 3
    assert Declaration.all_objects.filter(left_room=True).exists()


def test_upcoming_meetings_are_scheduled_with_one_agenda_published_and_one_in_draft(loaded):
    upcoming = Meeting.all_objects.filter(starts_at__date__gt=ANCHOR)
    published = upcoming.exclude(agenda_published_at=None)
    [audit] = published
    assert (audit.committee.name, audit.date) == (
        "Audit and Governance Committee",
        date(2026, 11, 26),
    )
    assert audit.status == Meeting.Status.AGENDA_PUBLISHED
    assert deadline_for(audit).latest_publication <= ANCHOR
    assert upcoming.exclude(pk=audit.pk).filter(status=Meeting.Status.SCHEDULED).count() == 19
    cabinet = upcoming.get(committee__name="Cabinet", starts_at__date=date(2026, 12, 9))
    stages = set(Report.all_objects.filter(item__meeting=cabinet).values_list("status", flat=True))
    assert stages == {"draft", "awaiting_sign_off", "changes_requested", "ready"}
    # Nothing recorded for meetings still to come.
    assert not Attendance.objects.filter(meeting__starts_at__date__gt=ANCHOR).exists()
    assert not Minutes.all_objects.filter(meeting__starts_at__date__gt=ANCHOR).exists()


def test_exempt_papers_never_reach_the_public(loaded):
    restricted = Report.all_objects.exclude(exempt_paragraphs=[])
    assert restricted.exists()
    complaint = restricted.get(title__startswith="Code of conduct complaint")
    assert complaint.exempt_paragraphs == [1, 2] and complaint.public_interest_statement
    assert complaint.item.is_restricted
    secret = "Ashby Green ward surgery"
    assert secret in complaint.body_html
    public = Report.all_objects.public()
    assert public.exists()
    assert not public.filter(pk=complaint.pk).exists()
    assert not any(secret in body for body in public.values_list("body_html", flat=True))
    # The land disposal: the report is public, its appendix of offers is exempt (paragraph 3).
    appendix = Appendix.all_objects.get(title="Offers received and independent valuation")
    assert appendix.exempt_paragraphs == [3] and appendix.public_interest_statement
    assert public.filter(pk=appendix.report_id).exists()
    assert not Appendix.all_objects.public().filter(pk=appendix.pk).exists()
    assert not any(
        "£2,150,000" in body
        for body in Appendix.all_objects.public().values_list("body_html", flat=True)
    )
    # The exclusion resolution is on the agenda and the public minutes withhold the item.
    meeting = complaint.item.meeting
    assert meeting.items.filter(kind=AgendaItem.Kind.EXCLUSION).exists()
    document = minutes_document(meeting.minutes, public=True)
    withheld = [m for m in document if m.title == complaint.item.title]
    assert withheld and withheld[0].text is None and withheld[0].restricted


def test_cabinet_decisions_are_published_with_their_statements(loaded):
    decisions = Decision.all_objects.all()
    held_cabinets = Meeting.all_objects.filter(
        committee__kind=Committee.Kind.EXECUTIVE, starts_at__date__lt=ANCHOR
    )
    assert set(decisions.values_list("meeting", flat=True)) == set(
        held_cabinets.values_list("pk", flat=True)
    )
    for decision in decisions:
        assert decision.kind == Decision.Kind.EXECUTIVE
        assert decision.reasons and decision.alternatives_considered and decision.decision
        assert decision.published_on > decision.decided_on
        assert decision.status == Decision.Status.IMPLEMENTABLE, decision
    assert decisions.exclude(conflicts_declared="").count() == 1
    keys = decisions.filter(is_key_decision=True).order_by("decided_on")
    assert [k.title for k in keys] == [
        "Kingsmere Leisure Centre decarbonisation: award of the heat pump contract",
        "Market Square masterplan: consultation outcome and adoption",
        "Award of the waste collection and street cleansing contract",
        "Disposal of land at the former Station Road depot, Kingsmere",
    ]
    for key in keys:
        entry = key.forward_plan_entry
        assert entry is not None and entry.agenda_item == key.agenda_item
        assert entry.notice_published_on + timedelta(days=29) <= key.decided_on  # 28 clear days
        assert key_decision_problems(key.meeting) == []


def test_one_decision_was_called_in_by_enough_councillors_and_scrutiny_took_no_action(loaded):
    [call_in] = CallIn.all_objects.all()
    decision = call_in.decision
    assert decision.title == CALL_IN_DECISION
    assert call_in.signatures.count() == period("call_in_signatories") == 5
    assert call_in.validity["signatories"] == call_in.validity["threshold"] == 5
    submitted = date.fromisoformat(call_in.validity["submitted_on"])
    assert decision.published_on <= submitted <= decision.call_in_deadline
    assert call_in.lead not in [
        s.councillor for s in decision.meeting.committee.memberships.all()
    ]  # the opposition calls in, not the Cabinet
    scrutiny = call_in.scrutiny_item.meeting
    assert scrutiny.committee.kind == Committee.Kind.OVERVIEW_AND_SCRUTINY
    # By default call-in is for members of overview and scrutiny: every signatory sits on it.
    seated = set(
        scrutiny.committee.memberships.filter(in_force_on(submitted)).values_list(
            "councillor_id", flat=True
        )
    )
    assert {s.councillor_id for s in call_in.signatures.all()} <= seated
    assert scrutiny == (
        Meeting.all_objects.filter(committee=scrutiny.committee, starts_at__date__gte=submitted)
        .order_by("starts_at")
        .first()
    )
    assert not call_in.scrutiny_item.added_late  # it reached the agenda before publication
    assert call_in.status == CallIn.Status.DECIDED
    assert call_in.outcome == CallIn.Outcome.NO_FURTHER_ACTION
    assert call_in.outcome_meeting == scrutiny and call_in.outcome_on == scrutiny.date
    assert decision.status == Decision.Status.IMPLEMENTABLE
    assert decision.implementable_on == scrutiny.date


def test_packs_are_requested_for_every_published_agenda_and_built_later(loaded):
    published = Meeting.all_objects.exclude(agenda_published_at=None)
    assert published.count() == 26
    requested = set(PackBuild.all_objects.values_list("meeting", flat=True))
    assert requested == set(published.values_list("pk", flat=True))
    # Nothing was built while loading: a worker builds them from the queue.
    assert not PackBuild.all_objects.exclude(done_at=None).exists()


def test_a_second_load_creates_nothing(loaded):
    first = counts()
    demo.load(today=ANCHOR)
    assert counts() == first


def test_a_second_load_after_officers_edited_items_creates_nothing(loaded):
    held_item = AgendaItem.all_objects.filter(
        meeting__starts_at__date__lt=ANCHOR, kind=AgendaItem.Kind.BUSINESS
    ).first()
    draft_item = AgendaItem.all_objects.get(title__startswith="Fees and charges 2027/28")
    published_item = AgendaItem.all_objects.get(title="Strategic risk register: quarterly review")
    for item in (held_item, draft_item, published_item):
        AgendaItem.all_objects.filter(pk=item.pk).update(title=f"{item.title} (renamed)")
    Committee.objects.filter(name="Planning Committee").update(
        name="Planning Applications Committee"
    )
    first = counts()
    demo.load(today=ANCHOR)
    assert counts() == first
    assert not AgendaItem.all_objects.filter(title=draft_item.title).exists()


def test_a_second_load_leaves_a_cancelled_meeting_cancelled(loaded):
    from meetings.services.meetings import meeting_cancel

    meeting = Meeting.all_objects.get(committee__name="Cabinet", starts_at__date=date(2027, 1, 13))
    meeting_cancel(meeting=meeting, reason="Moved to a special meeting", by=None)
    first = counts()
    demo.load(today=ANCHOR)
    assert counts() == first
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


def test_the_demo_year_is_deterministic(loaded):
    # Observed on the first run (attendance seeded by committee and date; councillors from the
    # members demo's seeded Faker); a change means the demo, and anything based on it, changed.
    planning = Meeting.all_objects.get(
        committee__name="Planning Committee", starts_at__date=date(2026, 7, 30)
    )
    apologies = planning.attendances.filter(status=Attendance.Status.APOLOGIES)
    assert sorted(a.councillor.full_name for a in apologies) == ["Brian Davidson", "Wendy Faulkner"]
    refusal = Resolution.all_objects.get(
        item__meeting=planning, text__startswith="That planning permission be refused"
    )
    assert refusal.reference == "6/26-27"
    [call_in] = CallIn.all_objects.all()
    assert [s.councillor.full_name for s in call_in.signatures.order_by("pk")] == [
        "Debra Hodgson",
        "Catherine Hutchinson",
        "Glen Cartwright",
        "Kenneth Jackson",
        "Beverley Morris",
    ]
    waste = ForwardPlanEntry.all_objects.get(title=CALL_IN_DECISION)
    assert waste.notice_published_on == date(2026, 6, 30)
