"""Agenda pack downloads: /officers/meetings/<meeting>/packs/<kind>/.

``kind`` is ``public``, ``full``, ``supplement-<n>`` (public) or ``supplement-<n>-full``. Public
packs are open to anyone, signed in or not, once the agenda is published; full packs only to the
people ``meetings.permissions.can_see_restricted`` allows (officers, and councillors holding a
seat on the committee on the day). Everyone else gets the same 404 as for a pack that does not
exist, so a full pack's existence tells nobody anything. A public pack that prints a document
marked exempt since it was built is not served while its replacement is built.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.urls import path
from django.views.decorators.http import require_safe

from meetings import packs
from meetings.models import AgendaPack, Meeting
from meetings.permissions import can_see_restricted, get_meeting_for_user


def get_pack_for_user(request: HttpRequest, meeting: Meeting, kind: str) -> AgendaPack:
    """The current pack of ``kind`` if this user may read it; 404 otherwise."""
    parsed = packs.parse_kind(kind)
    if parsed is None or not meeting.is_published:
        raise Http404("No such pack")
    pack_kind, supplement = parsed
    if pack_kind == AgendaPack.Kind.FULL and not can_see_restricted(request.user, meeting):
        raise Http404("No such pack")
    pack = (
        AgendaPack.all_objects.current()
        .filter(meeting=meeting, kind=pack_kind, supplement=supplement)
        .first()
    )
    if pack is None:
        raise Http404("No such pack")
    if pack_kind == AgendaPack.Kind.PUBLIC and not packs.is_still_public(pack):
        raise Http404("No such pack")
    pack.meeting = meeting
    return pack


@require_safe
def pack_download(request: HttpRequest, meeting_id: int, kind: str) -> FileResponse:
    meeting = get_meeting_for_user(request, meeting_id)
    pack = get_pack_for_user(request, meeting, kind)
    try:
        handle = pack.file.open("rb")
    except FileNotFoundError:
        raise Http404("No such pack") from None
    response = FileResponse(
        handle, content_type="application/pdf", filename=packs.filename(pack), as_attachment=False
    )
    # Exempt papers must not sit in shared caches; public ones are checked again on each request.
    response["Cache-Control"] = "private, no-store" if pack.kind == pack.Kind.FULL else "no-cache"
    return response


urlpatterns = [
    path("meetings/<int:meeting_id>/packs/<str:kind>/", pack_download, name="pack"),
]
