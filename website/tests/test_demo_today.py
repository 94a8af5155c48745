"""The demo council lives on the day it is loaded (issue 11 item 23): loaded on days months
apart, and near the May boundary between municipal years, it shows the municipal year around
that day, with the meetings before it held and minuted, the next ones published on time, the
forward plan giving notice of the key decisions to come and every "Published" date a real day
before its meeting; a second load on the same day changes nothing, and a load on a later day
carries the year on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from democracy.models import AuditEvent
from meetings.models import (
    AgendaItem,
    Attendance,
    CallIn,
    Committee,
    Decision,
    ForwardPlanEntry,
    Meeting,
    MeetingSeries,
    Minutes,
    Report,
    Resolution,
    SignOff,
)
from meetings.services.meetings import deadline_for
from website import demo


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """The demo accounts' passwords hashed cheaply: the loads here are about dates."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def counts() -> dict[str, int]:
    return {
        "series": MeetingSeries.objects.count(),
        "meetings": Meeting.all_objects.count(),
        "items": AgendaItem.all_objects.count(),
        "reports": Report.all_objects.count(),
        "sign-offs": SignOff.all_objects.count(),
        "attendances": Attendance.objects.count(),
        "resolutions": Resolution.all_objects.count(),
        "minutes": Minutes.all_objects.count(),
        "decisions": Decision.all_objects.count(),
        "call-ins": CallIn.all_objects.count(),
        "forward plan": ForwardPlanEntry.all_objects.count(),
        "audit events": AuditEvent.private_objects.count(),
    }


def assert_lives_on(today: date, *, municipal_year: int) -> None:
    meetings = list(Meeting.all_objects.select_related("committee", "series").order_by("starts_at"))
    # The municipal year around today: from its annual meeting in May to the next.
    council = [m for m in meetings if m.committee.kind == Committee.Kind.COUNCIL]
    annual = next(m for m in council if m.series.municipal_year == municipal_year)
    assert annual.date.month == 5 and annual.date <= today, annual
    following = [m for m in council if m.series.municipal_year == municipal_year + 1]
    assert not following or today < following[0].date
    assert {m.series.municipal_year for m in meetings} <= {municipal_year, municipal_year + 1}

    for meeting in meetings:
        deadline = deadline_for(meeting)
        if deadline.latest_publication <= today:
            # Due: published, on time, on a real day before the meeting (not the load day).
            assert meeting.is_published, meeting
            published = timezone.localdate(meeting.agenda_published_at)
            assert published <= deadline.latest_publication < meeting.date, meeting
            assert meeting.late_publication_reasons == "", meeting
            for report in Report.all_objects.filter(item__meeting=meeting):
                assert report.status == Report.Status.READY, report
                assert report.ready_at <= meeting.agenda_published_at, report
        else:
            assert not meeting.is_published, meeting
        if meeting.date < today:
            # Held, with attendance, resolutions and minutes (published after the meeting once
            # the third working day after it has passed).
            assert meeting.status == Meeting.Status.HELD, meeting
            assert meeting.attendances.filter(presiding=True).count() == 1, meeting
            business = meeting.items.filter(kind=AgendaItem.Kind.BUSINESS)
            assert business.exists(), meeting
            for item in business:
                assert Resolution.all_objects.filter(item=item).exists(), item
            minutes = Minutes.all_objects.get(meeting=meeting)
            assert not minutes.entries.filter(text="").exclude(item__kind="exclusion").exists()
            if meeting.date < today - timedelta(days=7):
                assert minutes.published_at is not None, meeting
            if minutes.published_at is not None:
                assert meeting.date < timezone.localdate(minutes.published_at) < today, meeting
        else:
            assert meeting.status in (
                Meeting.Status.SCHEDULED,
                Meeting.Status.AGENDA_PUBLISHED,
            ), meeting
            assert not meeting.attendances.exists(), meeting
            assert not Minutes.all_objects.filter(meeting=meeting).exists(), meeting

    # The next Cabinet: never past its publication deadline unpublished.
    cabinet = next(
        m for m in meetings if m.committee.kind == Committee.Kind.EXECUTIVE and m.date >= today
    )
    if deadline_for(cabinet).latest_publication <= today:
        assert cabinet.is_published
    else:
        assert today < deadline_for(cabinet).latest_publication
    # Cabinet's decisions are published after they were taken, by today; a key decision had
    # its notice in the forward plan 28 clear days before.
    for decision in Decision.all_objects.select_related("meeting"):
        assert decision.decided_on < decision.published_on <= today, decision
        if decision.is_key_decision:
            notice = decision.forward_plan_entry.notice_published_on
            assert notice + timedelta(days=29) <= decision.decided_on, decision
    # The forward plan gives notice of key decisions to come, published by today.
    notices = ForwardPlanEntry.all_objects.exclude(notice_published_on=None)
    assert notices.filter(expected_decision_date__gt=today).exists()
    assert not ForwardPlanEntry.all_objects.filter(notice_published_on__gt=today).exists()
    for entry in notices:
        assert entry.notice_published_on + timedelta(days=29) <= entry.expected_decision_date


@pytest.mark.slow
@pytest.mark.parametrize(
    ("today", "municipal_year"),
    [
        (date(2027, 1, 15), 2026),  # winter: the 2026/27 year half played
        (date(2027, 7, 20), 2027),  # summer: the 2027/28 year begun
        # Near the May boundary: 2026/27 almost over, 2027/28 scheduled (its calendar was
        # approved in April), the next Cabinet in June.
        (date(2027, 5, 12), 2026),
    ],
)
def test_the_demo_lives_on_the_day_it_is_loaded_and_a_second_load_changes_nothing(
    db, today, municipal_year
):
    demo.load(today=today)
    assert_lives_on(today, municipal_year=municipal_year)
    first = counts()
    demo.load(today=today)
    assert counts() == first


@pytest.mark.slow
def test_a_load_on_a_later_day_carries_the_year_on(db):
    # On 22 November 2026 the 9 December Cabinet's reports are still in clearance.
    demo.load(today=date(2026, 11, 22))
    cabinet = Meeting.all_objects.get(
        committee__kind="executive", starts_at__date=date(2026, 12, 9)
    )
    assert Report.all_objects.filter(item__meeting=cabinet).exclude(status="ready").count() == 3
    first = counts()
    # Twelve days on, through the management command: its reports were cleared and its agenda
    # published on the latest lawful date, and what happened meanwhile has happened.
    call_command("load_demo", "--today", "2026-12-04", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_lives_on(date(2026, 12, 4), municipal_year=2026)
    cabinet.refresh_from_db()
    assert cabinet.is_published
    assert timezone.localdate(cabinet.agenda_published_at) == date(2026, 12, 1)
    assert not Report.all_objects.filter(item__meeting=cabinet).exclude(status="ready").exists()
    assert counts()["meetings"] == first["meetings"]  # the same year, carried on


def test_the_command_refuses_a_day_before_the_demo_year_or_not_a_date(db):
    with pytest.raises(CommandError, match="first municipal year begins on 19 May 2026"):
        call_command("load_demo", "--today", "2026-05-18")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("load_demo", "--today", "18/05/2026")
    assert Meeting.all_objects.count() == 0
