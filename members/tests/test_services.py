"""Councillors, terms of office and political groups: the services that write them (validated,
atomic, audited), the database constraints behind them and the dated queries built on them.

Dates follow the pattern of an all-out ordinary election on Thu 4 May 2023: councillors take
office on Mon 8 May 2023 (a start date for the tests; at Kingsmere, whose fourth day after the
poll was the Coronation bank holiday, it was Tue 9 May 2023, LGA 1972 ss7 and 243(1)).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from democracy.models import AuditEvent
from democracy.tests.factories import (
    CouncillorFactory,
    PoliticalGroupFactory,
    TermFactory,
    UserFactory,
    WardFactory,
)
from members import services
from members.models import Councillor, GroupMembership, PrivateContact, Term

POLL = date(2023, 5, 4)
TAKE_OFFICE = date(2023, 5, 8)


@pytest.fixture
def actor(db):
    return UserFactory(username="dso", first_name="Priya", last_name="Shah")


@pytest.fixture
def ward(db):
    return WardFactory(name="Abbey Meads", slug="abbey-meads", seats=3, created_on=POLL)


def audit_rows(action: str | None = None):
    rows = AuditEvent.private_objects.order_by("id")
    return rows.filter(action=action) if action else rows


# --------------------------------------------------------------------------------------------
# councillor_create
# --------------------------------------------------------------------------------------------


def test_councillor_create_writes_one_audit_row_naming_the_actor(actor):
    councillor = services.councillor_create(
        first_name="Ada",
        last_name="Lovelace",
        council_email="cllr.ada.lovelace@example.org",
        home_address="1 Analytical Row",
        by=actor,
    )
    [event] = audit_rows()
    assert event.action == "members.councillor.create"
    assert event.actor == actor
    assert event.actor_name == "Priya Shah"
    assert event.object_id == str(councillor.pk)
    assert event.changes == {
        "council_email": [None, "cllr.ada.lovelace@example.org"],
        "council_phone": [None, ""],
        "first_name": [None, "Ada"],
        "kind": [None, "elected"],
        "last_name": [None, "Lovelace"],
        "title": [None, "Cllr"],
    }
    # The home address is personal data: stored privately, never copied into the audit log.
    assert "1 Analytical Row" not in str(event.changes)
    assert PrivateContact.private_objects.get(councillor=councillor).home_address == (
        "1 Analytical Row"
    )


def test_councillor_create_by_the_system_is_audited_as_system(db):
    services.councillor_create(first_name="Ada", last_name="Lovelace", by=None)
    [event] = audit_rows()
    assert event.actor is None
    assert event.actor_name == "system"


def test_councillors_with_the_same_name_get_distinct_slugs(db):
    first = services.councillor_create(first_name="John", last_name="Smith", by=None)
    second = services.councillor_create(first_name="John", last_name="Smith", by=None)
    assert (first.slug, second.slug) == ("john-smith", "john-smith-2")


def test_councillor_create_leaves_nothing_when_the_private_contact_is_invalid(db):
    # The councillor and its audit row are written before the private contact is validated, so
    # this proves the service's transaction rolls them back together.
    with pytest.raises(ValidationError) as caught:
        services.councillor_create(
            first_name="Ada", last_name="Lovelace", personal_email="not an email", by=None
        )
    assert "personal_email" in caught.value.error_dict
    assert not Councillor.all_objects.exists()
    assert not PrivateContact.private_objects.exists()
    assert not AuditEvent.private_objects.exists()


def test_councillor_create_names_the_invalid_field(db):
    with pytest.raises(ValidationError) as caught:
        services.councillor_create(
            first_name="Ada", last_name="Lovelace", council_email="nope", by=None
        )
    assert set(caught.value.error_dict) == {"council_email"}
    assert not Councillor.all_objects.exists()
    assert not AuditEvent.private_objects.exists()


# --------------------------------------------------------------------------------------------
# term_start
# --------------------------------------------------------------------------------------------


def test_term_start_writes_one_audit_row(actor, ward):
    councillor = CouncillorFactory(first_name="Ada", last_name="Lovelace")
    term = services.term_start(
        councillor=councillor,
        ward=ward,
        start_date=TAKE_OFFICE,
        start_reason=Term.StartReason.ORDINARY_ELECTION,
        by=actor,
    )
    [event] = audit_rows()
    assert event.action == "members.term.start"
    assert event.actor == actor
    assert event.object_id == str(term.pk)
    assert event.changes == {
        "councillor": [None, {"id": councillor.pk, "repr": "Councillor Ada Lovelace"}],
        "ward": [None, {"id": ward.pk, "repr": "Abbey Meads"}],
        "start_date": [None, "2023-05-08"],
        "start_reason": [None, "ordinary"],
    }


def test_term_start_refuses_a_fourth_councillor_in_a_three_seat_ward(ward):
    for _ in range(3):
        services.term_start(
            councillor=CouncillorFactory(),
            ward=ward,
            start_date=TAKE_OFFICE,
            start_reason="ordinary",
            by=None,
        )
    terms, events = Term.objects.count(), AuditEvent.private_objects.count()
    with pytest.raises(ValidationError) as caught:
        services.term_start(
            councillor=CouncillorFactory(),
            ward=ward,
            start_date=TAKE_OFFICE,
            start_reason="ordinary",
            by=None,
        )
    assert caught.value.message_dict == {
        "ward": ["Abbey Meads already has its 3 councillors on 8 May 2023."]
    }
    assert (Term.objects.count(), AuditEvent.private_objects.count()) == (terms, events)


def test_term_start_fills_a_seat_freed_by_a_resignation(ward):
    # A vacancy exists from the first day out of office; the by-election winner takes it.
    terms = [
        services.term_start(
            councillor=CouncillorFactory(),
            ward=ward,
            start_date=TAKE_OFFICE,
            start_reason="ordinary",
            by=None,
        )
        for _ in range(3)
    ]
    services.term_end(term=terms[0], end_date=date(2025, 1, 31), end_reason="resigned", by=None)
    successor = services.term_start(
        councillor=CouncillorFactory(),
        ward=ward,
        start_date=date(2025, 3, 14),
        start_reason=Term.StartReason.BY_ELECTION,
        by=None,
    )
    assert successor.pk is not None
    assert Term.objects.filter(ward=ward, end_date__isnull=True).count() == 3


def test_term_start_refuses_a_ward_not_in_force(db):
    abolished = WardFactory(
        name="Old Town", created_on=date(2015, 5, 7), abolished_on=date(2023, 5, 4)
    )
    with pytest.raises(ValidationError) as caught:
        services.term_start(
            councillor=CouncillorFactory(),
            ward=abolished,
            start_date=TAKE_OFFICE,
            start_reason="ordinary",
            by=None,
        )
    assert caught.value.message_dict == {"ward": ["Old Town is not in force on 8 May 2023."]}
    assert not Term.objects.exists()
    assert not AuditEvent.private_objects.exists()


def test_term_start_refuses_an_overlapping_term_for_the_same_councillor(ward):
    councillor = CouncillorFactory()
    services.term_start(
        councillor=councillor, ward=ward, start_date=TAKE_OFFICE, start_reason="ordinary", by=None
    )
    other_ward = WardFactory(created_on=POLL)
    with pytest.raises(ValidationError) as caught:
        services.term_start(
            councillor=councillor,
            ward=other_ward,
            start_date=date(2024, 5, 6),
            start_reason="by_election",
            by=None,
        )
    assert caught.value.message_dict == {
        NON_FIELD_ERRORS: ["This councillor already holds office for part of that period."]
    }
    assert Term.objects.count() == 1
    assert audit_rows("members.term.start").count() == 1


# --------------------------------------------------------------------------------------------
# Term constraints, in full_clean and in the database
# --------------------------------------------------------------------------------------------


def test_overlapping_terms_are_refused_with_a_friendly_message_by_full_clean(ward):
    first = TermFactory(ward=ward, start_date=TAKE_OFFICE, end_date=None)
    overlapping = Term(
        councillor=first.councillor,
        ward=WardFactory(created_on=POLL),
        start_date=date(2024, 1, 1),
        start_reason="by_election",
    )
    with pytest.raises(ValidationError) as caught:
        overlapping.full_clean()
    assert caught.value.messages == [
        "This councillor already holds office for part of that period."
    ]


def test_overlapping_terms_are_refused_by_the_database(ward):
    first = TermFactory(ward=ward, start_date=TAKE_OFFICE)
    with pytest.raises(IntegrityError, match="term_no_overlap"), transaction.atomic():
        Term.objects.create(
            councillor=first.councillor,
            ward=WardFactory(created_on=POLL),
            start_date=date(2024, 1, 1),
            start_reason="by_election",
        )


def test_a_term_may_begin_the_day_the_previous_one_ends(ward):
    # Periods are half-open: end_date is the first day out of office, so a councillor re-elected
    # for another ward from that same day does not overlap.
    first = TermFactory(
        ward=ward, start_date=TAKE_OFFICE, end_date=date(2027, 5, 10), end_reason="retired"
    )
    Term.objects.create(
        councillor=first.councillor,
        ward=WardFactory(created_on=POLL),
        start_date=date(2027, 5, 10),
        start_reason="ordinary",
    )
    assert Term.objects.filter(councillor=first.councillor).count() == 2


def test_a_term_ending_before_it_starts_is_refused_by_full_clean_naming_the_end_date(ward):
    # Bad input must come back as a message on the field (ARCHITECTURE 4.12), not a crash: the
    # officer typed an end date before the start.
    term = Term(
        councillor=CouncillorFactory(),
        ward=ward,
        start_date=TAKE_OFFICE,
        end_date=date(2023, 5, 1),
        end_reason="resigned",
        start_reason="ordinary",
    )
    with pytest.raises(ValidationError) as caught:
        term.full_clean()
    assert "end_date" in caught.value.error_dict


def test_a_term_ending_before_it_starts_is_refused_by_the_database(ward):
    term = Term(
        councillor=CouncillorFactory(),
        ward=ward,
        start_date=TAKE_OFFICE,
        end_date=date(2023, 5, 1),
        end_reason="resigned",
        start_reason="ordinary",
    )
    with pytest.raises(IntegrityError, match="term_ends_after_start"), transaction.atomic():
        term.save()


def test_a_term_cannot_end_without_a_reason(ward):
    with pytest.raises(IntegrityError, match="term_end_has_reason"), transaction.atomic():
        TermFactory(ward=ward, end_date=date(2025, 1, 31), end_reason="")


# --------------------------------------------------------------------------------------------
# term_end, group_join, group_leave
# --------------------------------------------------------------------------------------------


@pytest.fixture
def serving(ward):
    """A Labour councillor in office for Abbey Meads since 8 May 2023."""
    councillor = CouncillorFactory(first_name="Ada", last_name="Lovelace")
    term = services.term_start(
        councillor=councillor, ward=ward, start_date=TAKE_OFFICE, start_reason="ordinary", by=None
    )
    labour = PoliticalGroupFactory(name="Labour Group", short_name="Lab")
    services.group_join(councillor=councillor, group=labour, start_date=TAKE_OFFICE, by=None)
    return term


def test_term_end_audits_the_change_and_ends_the_group_membership_the_same_day(actor, serving):
    before = AuditEvent.private_objects.count()
    services.term_end(
        term=serving, end_date=date(2025, 1, 31), end_reason=Term.EndReason.RESIGNED, by=actor
    )
    term_event, group_event = audit_rows()[before:]
    assert term_event.action == "members.term.end"
    assert term_event.actor == actor
    assert term_event.changes == {
        "end_date": [None, "2025-01-31"],
        "end_reason": ["", "resigned"],
    }
    assert group_event.action == "members.group_membership.end"
    assert group_event.changes == {"end_date": [None, "2025-01-31"]}
    membership = GroupMembership.objects.get(councillor=serving.councillor)
    assert membership.end_date == date(2025, 1, 31)
    serving.refresh_from_db()
    assert (serving.end_date, serving.end_reason) == (date(2025, 1, 31), "resigned")


def test_term_end_before_the_start_is_refused_and_changes_nothing(serving):
    before = AuditEvent.private_objects.count()
    with pytest.raises(ValidationError) as caught:
        services.term_end(term=serving, end_date=date(2023, 5, 1), end_reason="resigned", by=None)
    assert "end_date" in caught.value.error_dict
    serving.refresh_from_db()
    assert serving.end_date is None
    assert GroupMembership.objects.get(councillor=serving.councillor).end_date is None
    assert AuditEvent.private_objects.count() == before


def test_an_update_that_changes_nothing_writes_no_audit_row(serving):
    membership = GroupMembership.objects.get(councillor=serving.councillor)
    services.group_leave(membership=membership, end_date=date(2024, 9, 2), by=None)
    before = AuditEvent.private_objects.count()
    services.group_leave(membership=membership, end_date=date(2024, 9, 2), by=None)
    assert AuditEvent.private_objects.count() == before


def test_group_join_ends_the_previous_membership_the_day_the_new_one_starts(actor, serving):
    councillor = serving.councillor
    greens = PoliticalGroupFactory(name="Green Group", short_name="Green")
    before = AuditEvent.private_objects.count()
    moved = services.group_join(
        councillor=councillor, group=greens, start_date=date(2024, 9, 2), by=actor
    )
    old = GroupMembership.objects.get(councillor=councillor, group__short_name="Lab")
    assert old.end_date == date(2024, 9, 2)
    assert (moved.group, moved.start_date, moved.end_date) == (greens, date(2024, 9, 2), None)
    ended, started = audit_rows()[before:]
    assert (ended.action, ended.object_id) == ("members.group_membership.end", str(old.pk))
    assert ended.changes == {"end_date": [None, "2024-09-02"]}
    assert (started.action, started.object_id) == ("members.group_membership.start", str(moved.pk))
    assert started.changes["group"] == [None, {"id": greens.pk, "repr": "Green Group"}]
    assert started.changes["start_date"] == [None, "2024-09-02"]


def test_group_join_is_a_no_op_when_already_in_that_group(serving):
    councillor = serving.councillor
    current = GroupMembership.objects.get(councillor=councillor)
    before = AuditEvent.private_objects.count()
    again = services.group_join(
        councillor=councillor, group=current.group, start_date=date(2024, 9, 2), by=None
    )
    assert again == current
    assert GroupMembership.objects.filter(councillor=councillor).count() == 1
    assert GroupMembership.objects.get(councillor=councillor).end_date is None
    assert AuditEvent.private_objects.count() == before


def test_overlapping_group_memberships_are_refused(serving):
    councillor = serving.councillor
    overlapping = GroupMembership(
        councillor=councillor,
        group=PoliticalGroupFactory(),
        start_date=date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        overlapping.full_clean()
    assert caught.value.messages == [
        "This councillor is already in a group for part of that period."
    ]
    with pytest.raises(IntegrityError, match="group_membership_no_overlap"), transaction.atomic():
        overlapping.save()


def test_a_group_membership_ending_before_it_starts_is_refused_by_the_database(serving):
    with (
        pytest.raises(IntegrityError, match="group_membership_ends_after_start"),
        transaction.atomic(),
    ):
        GroupMembership.objects.create(
            councillor=CouncillorFactory(),
            group=PoliticalGroupFactory(),
            start_date=TAKE_OFFICE,
            end_date=TAKE_OFFICE,
        )


def test_group_create_writes_one_audit_row(actor):
    group = services.group_create(
        name="Green Group",
        short_name="Green",
        colour="#00703c",
        constituted_on=TAKE_OFFICE,
        by=actor,
    )
    [event] = audit_rows()
    assert (event.action, event.object_id) == ("members.group.create", str(group.pk))
    assert event.changes == {
        "colour": [None, "#00703c"],
        "constituted_on": [None, "2023-05-08"],
        "name": [None, "Green Group"],
        "short_name": [None, "Green"],
    }


def test_group_create_names_the_invalid_colour(db):
    with pytest.raises(ValidationError) as caught:
        services.group_create(
            name="Green Group",
            short_name="Green",
            colour="green",
            constituted_on=TAKE_OFFICE,
            by=None,
        )
    assert set(caught.value.error_dict) == {"colour"}
    assert not AuditEvent.private_objects.exists()


# --------------------------------------------------------------------------------------------
# Dated queries: serving(on) and with_current_roles(on)
# --------------------------------------------------------------------------------------------


def test_serving_and_current_roles_follow_a_change_of_group_and_a_resignation(serving):
    # The demo council's story: the councillor leaves Labour for the Greens on Mon 2 Sep 2024
    # and resigns with effect from Fri 31 Jan 2025 (the first day out of office).
    councillor = serving.councillor
    greens = PoliticalGroupFactory(name="Green Group", short_name="Green", colour="#00703c")
    services.group_join(councillor=councillor, group=greens, start_date=date(2024, 9, 2), by=None)
    services.term_end(term=serving, end_date=date(2025, 1, 31), end_reason="resigned", by=None)

    def roles(on: date):
        row = Councillor.all_objects.with_current_roles(on).get(pk=councillor.pk)
        return row.current_ward_name, row.current_group_name, row.current_group_colour

    assert not Councillor.all_objects.serving(date(2023, 5, 7)).exists()
    assert roles(date(2023, 5, 7)) == (None, None, None)
    assert list(Councillor.all_objects.serving(TAKE_OFFICE)) == [councillor]
    assert roles(TAKE_OFFICE) == ("Abbey Meads", "Labour Group", "#1d70b8")
    assert roles(date(2024, 9, 1)) == ("Abbey Meads", "Labour Group", "#1d70b8")
    assert roles(date(2024, 9, 2)) == ("Abbey Meads", "Green Group", "#00703c")
    assert list(Councillor.all_objects.serving(date(2025, 1, 30))) == [councillor]
    assert roles(date(2025, 1, 30)) == ("Abbey Meads", "Green Group", "#00703c")
    assert not Councillor.all_objects.serving(date(2025, 1, 31)).exists()
    assert roles(date(2025, 1, 31)) == (None, None, None)


def test_with_current_roles_names_the_ward_of_the_term_in_force(db):
    # A councillor who moves ward at an ordinary election has two terms; only one is in force.
    old_ward = WardFactory(name="Old Town", created_on=date(2015, 5, 7))
    new_ward = WardFactory(name="New Town", created_on=date(2019, 5, 2))
    councillor = CouncillorFactory()
    TermFactory(
        councillor=councillor,
        ward=old_ward,
        start_date=date(2015, 5, 11),
        end_date=date(2019, 5, 6),
        end_reason="retired",
    )
    TermFactory(councillor=councillor, ward=new_ward, start_date=date(2019, 5, 6))
    row = Councillor.all_objects.with_current_roles(date(2019, 5, 5)).get()
    assert (row.current_ward_name, row.current_ward_id) == ("Old Town", old_ward.pk)
    row = Councillor.all_objects.with_current_roles(date(2019, 5, 6)).get()
    assert (row.current_ward_name, row.current_ward_id) == ("New Town", new_ward.pk)
    assert list(Councillor.all_objects.serving(date(2019, 5, 6))) == [councillor]
