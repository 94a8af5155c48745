"""The forward plan: entries, notices, the general exception and special urgency records, and
the warnings for key decisions on agendas without a valid notice (SI 2012/2089 regs 5, 9-11).

Dates follow Darlington's practice of publishing the plan on the first Wednesday of the month:
the plan of Wed 4 June 2025 gives 28 clear days' notice of decisions from Thu 3 July 2025, when
our Cabinet meets.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from democracy.models import AuditEvent
from democracy.tests.factories import set_constitution
from meetings.models import AgendaItem, ForwardPlanEntry, UrgencyAgreer
from meetings.rules.forward_plan import PrivateRoute, Route
from meetings.services import forward_plan as services
from meetings.services.agenda import item_add
from meetings.tests.factories_decisions import cabinet, schedule

CABINET_DAY = date(2025, 7, 3)
PLAN_DAY = date(2025, 6, 4)


@pytest.fixture
def executive(db):
    return cabinet()


def add_entry(executive, **overrides) -> ForwardPlanEntry:
    values = {
        "title": "Award of the highways maintenance contract 2025-2030",
        "expected_decision_date": CABINET_DAY,
        "contact": "Jo Bloggs, Head of Highways, highways@example.gov.uk",
        "decision_maker_committee": executive,
        "documents": "Report of the Director of Place",
    }
    return services.entry_create(**(values | overrides), by=None)


def test_an_entry_is_a_draft_until_its_notice_is_published(executive):
    entry = add_entry(executive)
    assert not ForwardPlanEntry.all_objects.public().exists()
    services.entry_publish_notice(entry=entry, by=None, today=PLAN_DAY)
    entry.refresh_from_db()
    assert entry.notice_published_on == PLAN_DAY
    assert list(ForwardPlanEntry.all_objects.public()) == [entry]
    assert [e.action for e in AuditEvent.private_objects.order_by("pk")] == [
        "meetings.forward_plan.create",
        "meetings.forward_plan.publish",
    ]
    with pytest.raises(ValidationError, match="already published on 4 June 2025"):
        services.entry_publish_notice(entry=entry, by=None, today=PLAN_DAY)


def test_what_reg_9_requires_is_named_when_missing(executive):
    with pytest.raises(ValidationError) as caught:
        services.entry_create(title="", expected_decision_date=CABINET_DAY, contact="", by=None)
    errors = caught.value.message_dict
    assert errors["title"] == ["Enter the matter to be decided."]
    assert errors["contact"] == [
        "Enter where copies of the documents can be obtained (reg 9(1)(f))."
    ]
    assert errors["decision_maker_name"][0].startswith("Choose the decision-making body")
    assert not ForwardPlanEntry.all_objects.exists()


def test_a_private_item_needs_its_paragraphs_and_reasons(executive):
    with pytest.raises(ValidationError) as caught:
        add_entry(executive, private=True, private_paragraphs=[9])
    assert caught.value.message_dict["private_paragraphs"][0].startswith(
        "Schedule 12A has no paragraph 9"
    )
    assert "private_reasons" in caught.value.message_dict
    entry = add_entry(
        executive,
        private=True,
        private_paragraphs=[3],
        private_reasons="Tender prices of the bidders.",
    )
    assert entry.private_paragraphs == [3]


def test_the_darlington_plan_gives_valid_notice_for_3_july(executive):
    entry = add_entry(executive)
    entry = services.entry_publish_notice(entry=entry, by=None, today=PLAN_DAY)
    check = services.entry_check(entry)
    assert check.route is Route.NOTICE and check.latest_notice_date == PLAN_DAY
    late = add_entry(executive, title="Late entry")
    late = services.entry_publish_notice(entry=late, by=None, today=date(2025, 6, 5))
    assert not services.entry_check(late).valid


def test_counting_the_28_days_as_working_days_is_configuration(executive, settings):
    set_constitution(long_notice_clear_days_are_working_days=1)
    entry = add_entry(executive)
    entry = services.entry_publish_notice(entry=entry, by=None, today=PLAN_DAY)
    check = services.entry_check(entry)
    assert not check.valid
    # The 28 clear working days before Thu 3 July 2025 are Fri 23 May - Wed 2 July (the Spring
    # bank holiday Mon 26 May excluded), so the notice had to be published by Thu 22 May 2025.
    assert check.latest_notice_date == date(2025, 5, 22)


def test_general_exception_record_and_route(executive):
    entry = add_entry(executive, expected_decision_date=date(2025, 6, 10))
    with pytest.raises(ValidationError) as caught:
        services.entry_record_general_exception(
            entry=entry,
            reasons="",
            scrutiny_chair_informed_on=None,
            notice_on=date(2025, 6, 3),
            by=None,
            today=date(2025, 6, 2),
        )
    assert set(caught.value.message_dict) == {
        "reasons",
        "scrutiny_chair_informed_on",
        "notice_on",
    }
    services.entry_record_general_exception(
        entry=entry,
        reasons="The grant conditions were received on 30 May 2025.",
        scrutiny_chair_informed_on=date(2025, 6, 2),
        notice_on=date(2025, 6, 2),
        by=None,
        today=date(2025, 6, 2),
    )
    entry.refresh_from_db()
    check = services.entry_check(entry)
    assert check.route is Route.GENERAL_EXCEPTION
    assert check.general_exception_earliest == date(2025, 6, 10)
    assert list(ForwardPlanEntry.all_objects.public()) == [entry]


def test_special_urgency_record_and_route(executive):
    entry = add_entry(executive, expected_decision_date=date(2025, 6, 10))
    with pytest.raises(ValidationError) as caught:
        services.entry_record_special_urgency(
            entry=entry,
            agreed_by_role="mayor",
            agreed_by="",
            agreed_on=None,
            reasons="",
            by=None,
            today=date(2025, 6, 9),
        )
    assert set(caught.value.message_dict) == {"agreed_by_role", "agreed_by", "agreed_on", "reasons"}
    services.entry_record_special_urgency(
        entry=entry,
        agreed_by_role=UrgencyAgreer.SCRUTINY_CHAIR,
        agreed_by="Cllr Ann Jones",
        agreed_on=date(2025, 6, 9),
        reasons="The contractor entered administration on 6 June 2025.",
        by=None,
        today=date(2025, 6, 9),
    )
    entry.refresh_from_db()
    assert services.entry_check(entry).route is Route.SPECIAL_URGENCY


def test_private_meeting_notices_and_urgency(executive):
    entry = add_entry(
        executive, private=True, private_paragraphs=[3], private_reasons="Tender prices."
    )
    with pytest.raises(ValidationError, match="notice of intention"):
        services.entry_publish_private_notice(entry=entry, by=None, today=date(2025, 6, 25))
    services.entry_publish_notice(entry=entry, by=None, today=PLAN_DAY)
    with pytest.raises(ValidationError) as caught:
        services.entry_publish_private_notice(
            entry=entry, representations="Open it up.", by=None, today=date(2025, 6, 25)
        )
    assert "response" in caught.value.message_dict
    services.entry_publish_private_notice(
        entry=entry,
        representations="The public interest favours openness.",
        response="Prices stay confidential until the contract is signed.",
        by=None,
        today=date(2025, 6, 25),
    )
    entry.refresh_from_db()
    check = services.entry_private_check(entry)
    assert check.route is PrivateRoute.NOTICES
    other = add_entry(executive, private=True, private_paragraphs=[1], private_reasons="Staffing.")
    services.entry_record_private_urgency(
        entry=other,
        agreed_by_role=UrgencyAgreer.AUTHORITY_CHAIR,
        agreed_by="Cllr Pat Lee",
        agreed_on=date(2025, 7, 1),
        reasons="Restructure must start on 4 July.",
        by=None,
        today=date(2025, 7, 1),
    )
    other.refresh_from_db()
    assert services.entry_private_check(other).route is PrivateRoute.URGENCY


def test_a_withdrawn_entry_cannot_change(executive):
    entry = add_entry(executive)
    services.entry_withdraw(entry=entry, by=None, today=PLAN_DAY, reason="No longer needed.")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.entry_publish_notice(entry=entry, by=None, today=PLAN_DAY)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.entry_update(entry=entry, title="x", by=None)


def test_updating_an_entry_is_audited(executive):
    entry = add_entry(executive)
    services.entry_update(entry=entry, title="Highways contract", by=None)
    entry.refresh_from_db()
    assert entry.title == "Highways contract"
    assert AuditEvent.private_objects.filter(action="meetings.forward_plan.update").count() == 1


# --- key decisions on agendas ---------------------------------------------------------------


@pytest.fixture
def meeting(executive):
    return schedule(executive, CABINET_DAY)


def test_key_decisions_without_a_valid_notice_are_listed(executive, meeting):
    valid = item_add(meeting=meeting, title="Highways contract", is_key_decision=True, by=None)
    unplanned = item_add(meeting=meeting, title="Leisure centre", is_key_decision=True, by=None)
    late = item_add(meeting=meeting, title="Car parking charges", is_key_decision=True, by=None)
    item_add(meeting=meeting, title="Minutes of the working group", by=None)
    entry = add_entry(executive)
    services.entry_publish_notice(entry=entry, by=None, today=PLAN_DAY)
    services.entry_link_item(entry=entry, agenda_item=valid, by=None)
    late_entry = add_entry(executive, title="Car parking charges")
    services.entry_publish_notice(entry=late_entry, by=None, today=date(2025, 6, 20))
    services.entry_link_item(entry=late_entry, agenda_item=late, by=None)

    problems = services.key_decision_problems(meeting)
    assert [p.item for p in problems] == [unplanned, late]
    assert problems[0].problems[0] == "This key decision is not on the forward plan."
    assert problems[0].latest_notice_date == PLAN_DAY
    assert problems[1].entry == late_entry
    assert problems[1].problems[0].startswith("The notice was published on Friday 20 June 2025")


def test_the_meeting_date_decides_once_the_entry_is_on_an_agenda(executive):
    early = schedule(executive, date(2025, 6, 26))
    item = item_add(meeting=early, title="Highways contract", is_key_decision=True, by=None)
    entry = add_entry(executive)  # expected 3 July; notice valid for that date only
    entry = services.entry_publish_notice(entry=entry, by=None, today=PLAN_DAY)
    assert services.entry_check(entry).valid
    services.entry_link_item(entry=entry, agenda_item=item, by=None)
    entry.refresh_from_db()
    assert entry.decision_date == date(2025, 6, 26)
    assert not services.entry_check(entry).valid
    assert [p.item for p in services.key_decision_problems(early)] == [item]


def test_an_item_can_be_linked_to_one_entry_only(executive, meeting):
    item = item_add(meeting=meeting, title="Highways contract", is_key_decision=True, by=None)
    first = add_entry(executive)
    services.entry_link_item(entry=first, agenda_item=item, by=None)
    second = add_entry(executive, title="Duplicate")
    with pytest.raises(ValidationError) as caught:
        services.entry_link_item(entry=second, agenda_item=item, by=None)
    assert caught.value.message_dict["agenda_item"] == [
        "That agenda item is already linked to 'Award of the highways maintenance contract "
        "2025-2030'."
    ]
    apologies = AgendaItem.all_objects.get(meeting=meeting, kind=AgendaItem.Kind.APOLOGIES)
    with pytest.raises(ValidationError, match="item of business"):
        services.entry_link_item(entry=second, agenda_item=apologies, by=None)


def test_a_private_entry_without_its_further_notice_is_a_problem(executive, meeting):
    item = item_add(meeting=meeting, title="Highways contract", is_key_decision=True, by=None)
    entry = add_entry(
        executive, private=True, private_paragraphs=[3], private_reasons="Tender prices."
    )
    services.entry_publish_notice(entry=entry, by=None, today=PLAN_DAY)
    services.entry_link_item(entry=entry, agenda_item=item, by=None)
    [problem] = services.key_decision_problems(meeting)
    assert problem.problems[0].startswith("The further notice has not been published (reg 5(4))")


def test_upcoming_problems_list_entries_only_once_their_latest_date_has_passed(executive):
    add_entry(executive, title="Not due yet")
    listed = add_entry(executive, title="Overdue", expected_decision_date=date(2025, 6, 30))
    problems = services.upcoming_key_decision_problems(date(2025, 6, 2))
    assert [p.entry for p in problems] == [listed]
    assert problems[0].latest_notice_date == date(2025, 6, 1)


def test_upcoming_problems_run_a_fixed_number_of_queries(executive):
    days = iter(range(3, 31))  # one Cabinet meeting a day: never two at the same time

    def grow(n):
        for i in range(n):
            meeting = schedule(executive, date(2025, 7, next(days)))
            item_add(meeting=meeting, title=f"Item {i}", is_key_decision=True, by=None)
            entry = add_entry(executive, title=f"Entry {i}")
            services.entry_publish_notice(entry=entry, by=None, today=date(2025, 6, 20))
            other = item_add(meeting=meeting, title=f"Linked {i}", is_key_decision=True, by=None)
            services.entry_link_item(entry=entry, agenda_item=other, by=None)
            add_entry(executive, title=f"Loose {i}", expected_decision_date=date(2025, 6, 30))

    def count():
        with CaptureQueriesContext(connection) as queries:
            problems = services.upcoming_key_decision_problems(date(2025, 6, 2))
        return len(queries), len(problems)

    grow(1)
    small, found_small = count()
    grow(3)
    large, found_large = count()
    assert found_large > found_small
    assert small == large
