"""The decisions register: recording the written statement (SI 2012/2089 regs 12-13),
publishing with the call-in window, urgency, implementation when the window closes, and what
the public may read of a restricted decision.

Dates follow the Gloucestershire worked example (DOMAIN A4): a Cabinet decision made Mon 14 Apr
2025 and published Tue 15 Apr 2025 can be called in until the end of Thu 24 Apr 2025.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent
from democracy.tests.factories import CommitteeFactory, UserFactory, set_constitution
from meetings.models import CallIn, Decision
from meetings.services import decisions as services
from meetings.services.agenda import item_add
from meetings.services.forward_plan import entry_create, entry_link_item
from meetings.tests.factories_decisions import (
    DECIDED,
    PUBLISHED,
    cabinet,
    published_decision,
    record_decision,
    schedule,
    scrutiny_members,
    serving_councillors,
)

# --- recording ---------------------------------------------------------------------------------


@pytest.fixture
def actor(db):
    return UserFactory(username="dso", first_name="Priya", last_name="Shah")


def test_recording_a_decision_keeps_the_written_statement_and_audits_it(actor):
    decision = record_decision(by=actor, conflicts_declared="Cllr Smith: a member of the charity.")
    assert decision.status == Decision.Status.RECORDED
    assert decision.recorded_by == actor
    assert not decision.is_published and decision.published_on is None
    [event] = AuditEvent.private_objects.all()
    assert (event.action, event.actor_name) == ("meetings.decision.record", "Priya Shah")
    assert event.changes["reasons"] == [None, decision.reasons]


def test_every_missing_part_of_the_statement_is_named_and_nothing_is_saved(db):
    with pytest.raises(ValidationError) as caught:
        record_decision(title=" ", decision="", reasons="", alternatives_considered="")
    errors = caught.value.message_dict
    assert errors["title"] == ["Enter the title."]
    assert errors["decision"] == ["Enter the decision."]
    assert errors["reasons"] == ["Enter the reasons for the decision (reg 12(b))."]
    assert errors["alternatives_considered"][0].startswith(
        "Enter the alternative options considered and rejected (reg 12(c))"
    )
    assert not Decision.all_objects.exists() and not AuditEvent.private_objects.exists()


def test_a_dispensation_needs_the_conflict_it_relates_to(db):
    with pytest.raises(ValidationError) as caught:
        record_decision(dispensations="Granted by the Chief Executive on 1 April 2025.")
    assert "conflicts_declared" in caught.value.message_dict


def test_only_executive_decisions_are_key_decisions(db):
    with pytest.raises(ValidationError) as caught:
        record_decision(kind=Decision.Kind.COMMITTEE_RESOLUTION, is_key_decision=True)
    assert caught.value.message_dict["is_key_decision"][0].startswith(
        "Only executive decisions are key decisions (SI 2012/2089 reg 8)"
    )


def test_an_officer_key_decision_names_the_post_and_is_always_key(db):
    with pytest.raises(ValidationError) as caught:
        record_decision(kind=Decision.Kind.OFFICER_KEY_DECISION)
    assert caught.value.message_dict["decision_maker_name"] == [
        "Enter the post of the officer who made the decision."
    ]
    decision = record_decision(
        kind=Decision.Kind.OFFICER_KEY_DECISION, decision_maker_name="Director of Place"
    )
    assert decision.is_key_decision and decision.decision_maker == "Director of Place"


def test_an_individual_member_decision_names_the_member(db):
    with pytest.raises(ValidationError) as caught:
        record_decision(kind=Decision.Kind.EXECUTIVE_MEMBER)
    assert "decision_maker_councillor" in caught.value.message_dict
    [member] = serving_councillors(1)
    decision = record_decision(
        kind=Decision.Kind.EXECUTIVE_MEMBER,
        decision_maker_councillor=member,
        decision_maker_name="Cabinet Member for Transport",
    )
    assert decision.decision_maker == f"Cabinet Member for Transport ({member.full_name})"


def test_a_cabinet_decision_must_be_made_by_the_executive(db):
    planning = CommitteeFactory(name="Licensing Committee", slug="licensing")
    with pytest.raises(ValidationError) as caught:
        record_decision(decision_maker_committee=planning)
    assert caught.value.message_dict["decision_maker_committee"] == [
        "Licensing Committee is not the executive or a committee of it."
    ]


def test_a_decision_at_a_meeting_takes_the_meeting_and_the_forward_plan_entry(db):
    executive = cabinet()
    meeting = schedule(executive, DECIDED)
    item = item_add(meeting=meeting, title="LCWIP", is_key_decision=True, by=None)
    entry = entry_create(
        title="LCWIP",
        expected_decision_date=DECIDED,
        contact="democratic.services@example.gov.uk",
        decision_maker_committee=executive,
        by=None,
    )
    entry_link_item(entry=entry, agenda_item=item, by=None)
    decision = record_decision(decision_maker_committee=executive, agenda_item=item)
    assert decision.meeting == meeting
    assert decision.forward_plan_entry == entry


def test_a_recorded_decision_can_be_corrected_until_it_is_published(db):
    decision = record_decision()
    services.decision_update(decision=decision, changes={"reasons": "Corrected reasons."}, by=None)
    decision.refresh_from_db()
    assert decision.reasons == "Corrected reasons."
    services.decision_publish(decision=decision, by=None, today=PUBLISHED)
    with pytest.raises(ValidationError, match="A published decision cannot be changed"):
        services.decision_update(decision=decision, changes={"reasons": "Again."}, by=None)


# --- publishing and call-in -----------------------------------------------------------------


def test_publishing_an_executive_decision_opens_the_gloucestershire_window(db):
    decision = published_decision()
    assert decision.status == Decision.Status.OPEN
    assert decision.subject_to_call_in
    assert decision.published_on == PUBLISHED
    assert decision.call_in_deadline == date(2025, 4, 24)
    assert decision.implementable_on == date(2025, 4, 25)
    assert AuditEvent.private_objects.filter(action="meetings.decision.publish").count() == 1


def test_the_window_length_is_the_councils_configuration(db, settings):
    set_constitution(call_in_working_days=3)
    decision = published_decision()
    assert decision.call_in_deadline == date(2025, 4, 22)


def test_a_committee_resolution_is_not_subject_to_call_in(db):
    decision = published_decision(kind=Decision.Kind.COMMITTEE_RESOLUTION)
    assert decision.status == Decision.Status.PUBLISHED
    assert not decision.subject_to_call_in and decision.call_in_deadline is None
    assert decision.implementable_on == DECIDED


def test_publishing_twice_or_before_the_decision_is_refused(db):
    decision = record_decision()
    with pytest.raises(ValidationError, match="cannot be published before then"):
        services.decision_publish(decision=decision, by=None, today=date(2025, 4, 13))
    services.decision_publish(decision=decision, by=None, today=PUBLISHED)
    with pytest.raises(ValidationError, match="already been published"):
        services.decision_publish(decision=decision, by=None, today=PUBLISHED)


def test_urgency_consent_before_publication_makes_the_decision_implementable_at_once(db):
    decision = record_decision()
    services.decision_mark_urgent(
        decision=decision,
        agreed_by="Cllr Lee (Chair of the Council); Cllr Khan (Chair of Overview and Scrutiny)",
        agreed_on=DECIDED,
        reasons="The grant offer lapses on 16 April 2025.",
        by=None,
        today=DECIDED,
    )
    decision = services.decision_publish(decision=decision, by=None, today=PUBLISHED)
    assert decision.status == Decision.Status.URGENT
    assert not decision.subject_to_call_in
    assert decision.implementable_on == PUBLISHED


def test_urgency_while_open_lapses_call_ins_collecting_signatures(db):
    from meetings.services.call_in import call_in_start

    decision = published_decision()
    [lead] = scrutiny_members(1)
    call_in = call_in_start(
        decision=decision, lead=lead, grounds="Not consulted.", by=None, today=PUBLISHED
    )
    services.decision_mark_urgent(
        decision=decision,
        agreed_by="Cllr Lee, Chair of the Council",
        agreed_on=date(2025, 4, 16),
        reasons="Contract must be signed by 17 April.",
        by=None,
        today=date(2025, 4, 16),
    )
    decision.refresh_from_db()
    call_in.refresh_from_db()
    assert decision.status == Decision.Status.URGENT
    assert decision.implementable_on == date(2025, 4, 16)
    assert call_in.status == CallIn.Status.LAPSED


def test_urgency_needs_who_when_and_why_and_only_for_executive_decisions(db):
    decision = record_decision()
    with pytest.raises(ValidationError) as caught:
        services.decision_mark_urgent(
            decision=decision,
            agreed_by="",
            agreed_on=date(2025, 4, 20),
            reasons="",
            by=None,
            today=DECIDED,
        )
    assert set(caught.value.message_dict) == {"agreed_by", "agreed_on", "reasons"}
    resolution = record_decision(kind=Decision.Kind.COMMITTEE_RESOLUTION)
    with pytest.raises(ValidationError, match="Only executive decisions"):
        services.decision_mark_urgent(
            decision=resolution, agreed_by="x", agreed_on=DECIDED, reasons="y", by=None
        )


def test_the_window_closing_makes_decisions_implementable_once(db):
    from meetings.services.call_in import call_in_start

    decision = published_decision()
    [lead] = scrutiny_members(1)
    draft = call_in_start(decision=decision, lead=lead, grounds="x", by=None, today=PUBLISHED)
    assert services.make_implementable(today=date(2025, 4, 24)) == []
    assert services.make_implementable(today=date(2025, 4, 25)) == [decision]
    assert services.make_implementable(today=date(2025, 4, 25)) == []
    decision.refresh_from_db()
    draft.refresh_from_db()
    assert decision.status == Decision.Status.IMPLEMENTABLE
    assert decision.implementable_on == date(2025, 4, 25)
    assert draft.status == CallIn.Status.LAPSED
    assert AuditEvent.private_objects.filter(action="meetings.decision.implementable").count() == 1


def test_a_decision_referred_back_and_confirmed_becomes_implementable(db):
    decision = published_decision()
    Decision.all_objects.filter(pk=decision.pk).update(status=Decision.Status.REFERRED_BACK)
    with pytest.raises(ValidationError):
        services.decision_reconsidered(decision=decision, notes="", by=None)
    services.decision_reconsidered(
        decision=decision,
        notes="Cabinet reconsidered on 12 May 2025.",
        by=None,
        today=date(2025, 5, 12),
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.IMPLEMENTABLE
    assert decision.implementable_on == date(2025, 5, 12)


# --- what the public may read -----------------------------------------------------------------


def test_the_public_register_withholds_restricted_details(db, officer, councillor):
    open_decision = published_decision(title="Open decision")
    exempt = published_decision(
        title="Disposal of land at Mill Lane",
        decision="Sell to Acme Ltd for £1.2m.",
        exempt_paragraphs=[3],
        public_interest_statement="Commercial negotiations are continuing.",
    )
    record_decision(title="Not yet published")
    public = {d.title: d for d in Decision.all_objects.public()}
    assert set(public) == {"Open decision", "Disposal of land at Mill Lane"}
    assert public["Open decision"].decision == "To adopt the plan."
    withheld = public["Disposal of land at Mill Lane"]
    assert withheld.details_withheld
    assert withheld.decision == withheld.reasons == withheld.alternatives_considered == ""
    assert "paragraph 3 of Part 1 of Schedule 12A" in withheld.restriction_notice()
    # Chained filters keep the protection, and so does get().
    assert Decision.all_objects.public().filter(pk=exempt.pk).get().decision == ""
    assert Decision.all_objects.visible_to(councillor).get(pk=exempt.pk).decision == ""
    assert Decision.all_objects.visible_to(officer).get(pk=exempt.pk).decision.startswith("Sell")
    assert Decision.all_objects.visible_to(officer).count() == 3
    with pytest.raises(PermissionError):
        list(Decision.all_objects.public().values("decision"))
    with pytest.raises(PermissionError):
        list(Decision.all_objects.public().values_list("reasons", flat=True))
    assert list(
        Decision.all_objects.public().values_list("title", flat=True).order_by("title")
    ) == [
        "Disposal of land at Mill Lane",
        "Open decision",
    ]
    assert open_decision.pk in Decision.all_objects.public().values_list("pk", flat=True)
