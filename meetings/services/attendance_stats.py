"""Attendance statistics: expected against present per councillor or per committee over a
period (a municipal year by default), from ``meetings.Attendance``. Three aggregate queries
whatever the number of meetings or councillors; the counting is ``meetings.rules.attendance_stats``.

Only meetings held count: cancelled and postponed meetings, and those not yet marked held, are
left out.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Concat, TruncDate

from meetings.models import Attendance, CommitteeMembership, Meeting
from meetings.rules.attendance_stats import Line, tally

# Seats whose holder is expected at every meeting: councillors' own seats (not substitutes) and
# the seats of co-opted members recorded as people, voting or not.
EXPECTED_ROLES = (
    CommitteeMembership.Role.CHAIR,
    CommitteeMembership.Role.VICE_CHAIR,
    CommitteeMembership.Role.MEMBER,
    CommitteeMembership.Role.COOPTED_VOTING,
    CommitteeMembership.Role.COOPTED_NON_VOTING,
)


def _held(start: date, end: date, prefix: str = ""):
    """Meetings held in [start, end)."""
    return Q(
        **{
            f"{prefix}status": Meeting.Status.HELD,
            f"{prefix}starts_at__date__gte": start,
            f"{prefix}starts_at__date__lt": end,
        }
    )


def _expected(start: date, end: date, by: str, councillor_ids=None):
    """(key, name, meetings) where the member held a seat (not as a substitute) on the
    meeting's date."""
    seat = "committee__memberships__"
    meetings = (
        Meeting.all_objects.filter(_held(start, end))
        .annotate(day=TruncDate("starts_at"))
        .filter(
            Q(**{f"{seat}role__in": EXPECTED_ROLES, f"{seat}councillor__isnull": False})
            & Q(**{f"{seat}start_date__lte": F("day")})
            & (Q(**{f"{seat}end_date__isnull": True}) | Q(**{f"{seat}end_date__gt": F("day")}))
            & (
                Q(**{f"{seat}councillor__in": councillor_ids})
                if councillor_ids is not None
                else Q()
            )
        )
    )
    if by == "councillor":
        key, name = (
            f"{seat}councillor_id",
            Concat(f"{seat}councillor__first_name", Value(" "), f"{seat}councillor__last_name"),
        )
    else:
        key, name = "committee_id", F("committee__name")
    return meetings.values(k=F(key), n=name).annotate(c=Count("pk")).values_list("k", "n", "c")


def _attended(start: date, end: date, by: str, councillor_ids=None):
    rows = Attendance.objects.filter(_held(start, end, "meeting__"), councillor__isnull=False)
    if councillor_ids is not None:
        rows = rows.filter(councillor__in=councillor_ids)
    if by == "councillor":
        key, name = (
            "councillor_id",
            Concat("councillor__first_name", Value(" "), "councillor__last_name"),
        )
    else:
        key, name = "meeting__committee_id", F("meeting__committee__name")
    present = Q(status=Attendance.Status.PRESENT)
    own_seat = Q(substitute_for__isnull=True)
    return (
        rows.values(k=F(key), n=name)
        .annotate(
            present=Count("pk", filter=present & own_seat & Q(remote=False)),
            remote=Count("pk", filter=present & own_seat & Q(remote=True)),
            as_substitute=Count("pk", filter=present & ~own_seat),
            apologies=Count("pk", filter=Q(status=Attendance.Status.APOLOGIES)),
        )
        .values_list("k", "n", "present", "remote", "as_substitute", "apologies")
    )


def _sent_substitute(start: date, end: date, by: str, councillor_ids=None):
    rows = Attendance.objects.filter(_held(start, end, "meeting__"), substitute_for__isnull=False)
    if councillor_ids is not None:
        rows = rows.filter(substitute_for__in=councillor_ids)
    if by == "councillor":
        key, name = (
            "substitute_for_id",
            Concat("substitute_for__first_name", Value(" "), "substitute_for__last_name"),
        )
    else:
        key, name = "meeting__committee_id", F("meeting__committee__name")
    return (
        rows.values(k=F(key), n=name)
        .annotate(c=Count("meeting", distinct=True))
        .values_list("k", "n", "c")
    )


def attendance_by(
    by: str, *, start: date, end: date, councillor_ids: list[int] | None = None
) -> list[Line]:
    """Lines per ``"councillor"`` or per ``"committee"`` for meetings held in [start, end).
    Three queries."""
    if by not in ("councillor", "committee"):
        raise ValueError(f"Unknown grouping {by!r}")
    return tally(
        expected=_expected(start, end, by, councillor_ids),
        attended=_attended(start, end, by, councillor_ids),
        sent_substitute=_sent_substitute(start, end, by, councillor_ids),
    )


def attendance_by_committee_for(councillor_id: int, *, start: date, end: date) -> list[Line]:
    """One councillor's lines per committee (their portal page). Three queries."""
    return tally(
        expected=_expected(start, end, "committee", [councillor_id]),
        attended=_attended(start, end, "committee", [councillor_id]),
        sent_substitute=_sent_substitute(start, end, "committee", [councillor_id]),
    )
