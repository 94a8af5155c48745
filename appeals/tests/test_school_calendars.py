"""School-day calendars: the service that writes them (validated, atomic, audited) and the pure
calendar the appeal deadlines count with."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from appeals.models import SchoolCalendar, SchoolClosure, SchoolTerm
from appeals.services import school_calendar_create
from democracy import calendars
from democracy.models import AuditEvent
from democracy.tests.factories import UserFactory

# 2025/26 term dates of the pattern most English local authorities published: autumn term from
# Wed 3 Sep 2025, half term Mon 27 - Fri 31 Oct 2025, an INSET day on Mon 3 Nov 2025.
TERMS_2025_26 = [
    ("Autumn 1 2025", date(2025, 9, 3), date(2025, 10, 24)),
    ("Autumn 2 2025", date(2025, 11, 3), date(2025, 12, 19)),
    ("Spring 1 2026", date(2026, 1, 5), date(2026, 2, 13)),
    ("Spring 2 2026", date(2026, 2, 23), date(2026, 3, 27)),
    ("Summer 1 2026", date(2026, 4, 13), date(2026, 5, 22)),
    ("Summer 2 2026", date(2026, 6, 1), date(2026, 7, 22)),
]
CLOSURES_2025_26 = [
    (date(2025, 11, 3), "INSET day"),
    (date(2026, 1, 5), "INSET day"),
    # Schools used as polling stations close on polling day, Thu 7 May 2026.
    (date(2026, 5, 7), "Polling station"),
]


@pytest.fixture
def actor(db):
    return UserFactory(username="clerk", first_name="Sam", last_name="Patel")


@pytest.fixture
def community_schools(db):
    return school_calendar_create(
        name="Community schools 2025-26",
        nation="england",
        terms=TERMS_2025_26,
        closures=CLOSURES_2025_26,
        by=None,
    )


def nothing_saved():
    return not (
        SchoolCalendar.objects.exists()
        or SchoolTerm.objects.exists()
        or SchoolClosure.objects.exists()
        or AuditEvent.private_objects.exists()
    )


def test_school_calendar_create_writes_one_audit_row(actor):
    calendar = school_calendar_create(
        name="Community schools 2025-26",
        nation="england",
        terms=TERMS_2025_26,
        closures=CLOSURES_2025_26,
        by=actor,
    )
    [event] = AuditEvent.private_objects.all()
    assert (event.action, event.actor, event.actor_name) == (
        "appeals.school_calendar.create",
        actor,
        "Sam Patel",
    )
    assert event.object_id == str(calendar.pk)
    assert event.changes == {
        "name": [None, "Community schools 2025-26"],
        "nation": [None, "england"],
    }
    assert calendar.terms.count() == 6
    assert list(calendar.closures.values_list("date", flat=True)) == [
        date(2025, 11, 3),
        date(2026, 1, 5),
        date(2026, 5, 7),
    ]


def test_overlapping_terms_are_refused_and_nothing_is_saved(db):
    # The calendar and its audit row are written before the terms are checked, so this proves
    # the service's transaction rolls them back.
    with pytest.raises(ValidationError) as caught:
        school_calendar_create(
            name="Community schools 2025-26",
            nation="england",
            terms=[
                ("Autumn 1 2025", date(2025, 9, 3), date(2025, 10, 24)),
                ("Autumn 2 2025", date(2025, 10, 20), date(2025, 12, 19)),
            ],
            by=None,
        )
    assert caught.value.message_dict == {"terms": ["Autumn 2 2025 overlaps Autumn 1 2025."]}
    assert nothing_saved()


def test_a_term_starting_on_the_last_day_of_the_previous_one_overlaps(db):
    with pytest.raises(ValidationError) as caught:
        school_calendar_create(
            name="Community schools 2025-26",
            nation="england",
            terms=[
                ("Autumn 2 2025", date(2025, 10, 24), date(2025, 12, 19)),
                ("Autumn 1 2025", date(2025, 9, 3), date(2025, 10, 24)),
            ],
            by=None,
        )
    assert "terms" in caught.value.error_dict
    assert nothing_saved()


def test_a_closure_outside_every_term_is_refused_and_nothing_is_saved(db):
    # Wed 29 Oct 2025 is in the half term: the school is already closed that day.
    with pytest.raises(ValidationError) as caught:
        school_calendar_create(
            name="Community schools 2025-26",
            nation="england",
            terms=TERMS_2025_26,
            closures=[(date(2025, 11, 3), "INSET day"), (date(2025, 10, 29), "INSET day")],
            by=None,
        )
    assert caught.value.message_dict == {"closures": ["29 October 2025 is not in any term."]}
    assert nothing_saved()


def test_a_term_ending_before_it_starts_is_refused_naming_the_terms(db):
    with pytest.raises(ValidationError) as caught:
        school_calendar_create(
            name="Community schools 2025-26",
            nation="england",
            terms=[("Autumn 1 2025", date(2025, 10, 24), date(2025, 9, 3))],
            by=None,
        )
    assert "terms" in caught.value.error_dict
    assert nothing_saved()


def test_decision_letter_deadline_skips_the_half_term_and_the_inset_day(community_schools):
    # School Admission Appeals Code 2022: decision letters within five school days of the
    # hearing. A hearing on Wed 22 Oct 2025 counts Thu 23, Fri 24 Oct, skips the half term
    # (27-31 Oct) and the INSET day (Mon 3 Nov), then Tue 4, Wed 5, Thu 6 Nov 2025.
    school_days = community_schools.as_calendar()
    hearing = date(2025, 10, 22)
    assert calendars.working_days_after(hearing, 5, calendar=school_days) == date(2025, 11, 6)
    assert calendars.working_days_in_range(
        date(2025, 10, 20), date(2025, 11, 7), calendar=school_days
    ) == [
        date(2025, 10, 20),
        date(2025, 10, 21),
        date(2025, 10, 22),
        date(2025, 10, 23),
        date(2025, 10, 24),
        date(2025, 11, 4),
        date(2025, 11, 5),
        date(2025, 11, 6),
        date(2025, 11, 7),
    ]
    assert school_days.non_working_reason(date(2025, 10, 29)) == "Outside term time"
    assert school_days.non_working_reason(date(2025, 11, 3)) == "School closure day"


def test_school_days_skip_a_bank_holiday_and_a_polling_day_closure(community_schools):
    # Five school days after Thu 30 Apr 2026: Fri 1 May, [Mon 4 May Early May bank holiday],
    # Tue 5, Wed 6, [Thu 7 May polling station closure], Fri 8, Mon 11 May 2026.
    school_days = community_schools.as_calendar()
    assert school_days.nation.value == "england"
    assert calendars.working_days_after(date(2026, 4, 30), 5, calendar=school_days) == date(
        2026, 5, 11
    )


def test_counting_past_the_last_term_entered_fails_loudly(community_schools):
    with pytest.raises(calendars.CalendarExhausted):
        calendars.working_days_after(
            date(2026, 7, 20), 10, calendar=community_schools.as_calendar()
        )
