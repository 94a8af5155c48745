"""Who may see and change what in meetings.

``can_see_restricted`` is the one answer to "may this person read the exempt and confidential
papers of this meeting?", used by pages, packs and the member portal alike.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from democracy.permissions import has_role
from democracy.roles import MEMBER_ROLES, Role
from democracy.validity import in_force_on
from meetings.models import CommitteeMembership, Meeting

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)


def is_officer(user) -> bool:
    return has_role(user, *OFFICERS)


def sits_on(user, meeting: Meeting) -> bool:
    """The user is a councillor holding a seat (any role, substitutes included) on the meeting's
    committee on the day of the meeting."""
    if not has_role(user, *MEMBER_ROLES):
        return False
    return CommitteeMembership.objects.filter(
        in_force_on(meeting.date), committee_id=meeting.committee_id, councillor__user=user
    ).exists()


def can_see_restricted(user, meeting: Meeting) -> bool:
    """Officers always; councillors who sit on the committee, once the agenda is published.
    Every other councillor, like the public, gets the public papers only."""
    if is_officer(user):
        return True
    return meeting.is_published and sits_on(user, meeting)


def can_edit_agenda(user, meeting: Meeting) -> bool:
    return is_officer(user)


def get_meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    """Meetings are public once scheduled, except to nobody; kept as the single fetch point so
    that a future rule (e.g. working groups not published) lands in one place."""
    try:
        return Meeting.all_objects.select_related("committee", "room__venue").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None
