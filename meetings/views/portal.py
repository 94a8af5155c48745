"""The member portal's meeting pages: a councillor's meetings, and each meeting's published
agenda with every paper they may read.

Public papers are for every councillor. Exempt and confidential papers are for the members of
the meeting's committee (``meetings.permissions.can_see_restricted``, the same rule as
``Report.all_objects.visible_to``); for everyone else they are withheld with the restriction
notice, and their files are a 404. Before publication there are no papers to read.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from democracy.permissions import role_required
from democracy.richtext import sanitise
from democracy.roles import MEMBER_ROLES
from democracy.validity import in_force_on
from meetings.models import Appendix, CommitteeMembership, Meeting, Report
from meetings.models.agenda import restriction_notice
from meetings.permissions import can_see_restricted, get_meeting_for_user
from meetings.report_html import body_for
from meetings.rules import privacy
from meetings.rules.numbering import numbered
from meetings.services import agenda as agenda_services
from meetings.views.meetings import MEETING_TAGS, pack_links, where
from meetings.views.reports import readable_appendices, readable_reports

RECENT_DAYS = 183


@role_required(*MEMBER_ROLES)
def portal_meetings(request: HttpRequest) -> HttpResponse:
    """Upcoming and recent meetings of the committees the councillor sits on (on the day of
    each meeting)."""
    today = timezone.localdate()
    seat = CommitteeMembership.objects.filter(
        in_force_on(OuterRef("starts_at__date")),
        committee=OuterRef("committee"),
        councillor__user=request.user,
    )
    mine = Meeting.all_objects.filter(Exists(seat)).select_related("committee", "room__venue")
    upcoming = list(mine.filter(starts_at__date__gte=today).order_by("starts_at")[:100])
    recent = list(
        mine.filter(
            starts_at__date__lt=today, starts_at__date__gte=today - timedelta(days=RECENT_DAYS)
        ).order_by("-starts_at")[:50]
    )
    for meeting in [*upcoming, *recent]:
        meeting.tag_class = MEETING_TAGS.get(meeting.status, "")
    seats = CommitteeMembership.objects.filter(
        in_force_on(today), councillor__user=request.user
    ).select_related("committee")
    committees = [
        seat.committee.name
        if seat.role == CommitteeMembership.Role.MEMBER
        else f"{seat.committee.name} ({seat.get_role_display().lower()})"
        for seat in seats.order_by("committee__name")
    ]
    return render(
        request,
        "meetings/portal/meetings.html",
        {
            "upcoming": upcoming,
            "recent": recent,
            "committees": agenda_services.and_list(committees) if committees else "",
        },
    )


@role_required(*MEMBER_ROLES)
def portal_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's published agenda with the papers this councillor may read."""
    meeting = get_meeting_for_user(request, pk)
    context = {
        "meeting": meeting,
        "where": where(meeting),
        "tag_class": MEETING_TAGS.get(meeting.status, ""),
        "rows": [],
    }
    if meeting.is_published:
        context["restricted_visible"] = can_see_restricted(request.user, meeting)
        context["rows"] = _agenda(request.user, meeting)
        context["packs"] = pack_links(meeting, request.user)
    return render(request, "meetings/portal/meeting.html", context)


def _notice(marked) -> str:
    """The s100B(5) words for an item, report or appendix (or its marking alone)."""
    if isinstance(marked, dict):
        return restriction_notice(
            marked["exempt_paragraphs"],
            confidential=marked["confidential"],
            nation=settings.COUNCIL_NATION,
        )
    return marked.restriction_notice()


def _agenda(user, meeting: Meeting) -> list[dict]:
    """The numbered agenda. Documents ``user`` may read are loaded with their content; of the
    others only the marking is read, to print the notice that takes each one's place (LGA 1972
    s100B(5))."""
    items = list(meeting.items.order_by("position"))
    readable = {
        report.item_id: report
        for report in readable_reports(user)
        .filter(item__meeting=meeting)
        .exclude(status=Report.Status.WITHDRAWN)
    }
    markings = {
        row["item_id"]: row
        for row in Report.all_objects.filter(
            item__meeting=meeting, status=Report.Status.READY
        ).values("id", "item_id", "exempt_paragraphs", "confidential")
    }
    readable_appendix_ids = set()
    appendices: dict[int, list] = {}
    for appendix in readable_appendices(user).filter(report__item__meeting=meeting):
        readable_appendix_ids.add(appendix.pk)
        appendices.setdefault(appendix.report_id, []).append(appendix)
    for appendix in Appendix.all_objects.filter(report__item__meeting=meeting).values(
        "id", "report_id", "position", "exempt_paragraphs", "confidential"
    ):
        if appendix["id"] not in readable_appendix_ids:
            appendix["withheld"] = True
            appendices.setdefault(appendix["report_id"], []).append(appendix)
    # Whether each item is taken in private, and on what grounds (``meetings.rules.privacy``),
    # from the markings of every report, whatever its stage.
    restrictions = privacy.agenda_privacy(
        items,
        {
            row["item_id"]: SimpleNamespace(**row)
            for row in Report.all_objects.filter(item__meeting=meeting).values(
                "item_id", "exempt_paragraphs", "confidential"
            )
        },
    )
    entitled = can_see_restricted(user, meeting)
    rows = []
    for number, item in numbered(items):
        grounds = restrictions[item.pk]
        # The description of an item taken in private is for those entitled to its papers: a
        # councillor not on the committee sees the heading and the notice only.
        private_item = grounds.is_restricted
        report, marking = readable.get(item.pk), markings.get(item.pk)
        documents = []
        if report is not None:
            for appendix in sorted(
                appendices.get(report.pk, []),
                key=lambda a: a["position"] if isinstance(a, dict) else a.position,
            ):
                if isinstance(appendix, dict):
                    documents.append(
                        {"label": f"Appendix {appendix['position']}", "notice": _notice(appendix)}
                    )
                else:
                    documents.append(
                        {
                            "label": appendix.label,
                            "appendix": appendix,
                            "body": sanitise(appendix.body_html),
                            "notice": _notice(appendix) if appendix.is_restricted else "",
                        }
                    )
        rows.append(
            {
                "number": number,
                "item": item,
                "sub_item": item.parent_id is not None,
                "description": "" if private_item and not entitled else item.description,
                "report": report,
                "body": body_for(report) if report else "",
                # Shown above a restricted paper its reader is entitled to, or in its place.
                "notice": _notice(asdict(grounds)) if private_item else "",
                "withheld": report is None and marking is not None,
                "appendices": documents,
            }
        )
    return rows


urlpatterns = [
    path("portal/meetings/", portal_meetings, name="portal-meetings"),
    path("portal/meetings/<int:pk>/", portal_meeting, name="portal-meeting"),
]
