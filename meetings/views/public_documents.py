"""The public document library, ``/documents/``: every published report, appendix and set of
minutes, newest first, filtered by type and committee, each with its meeting, date, file type
and size. Built on the same public QuerySets as the meeting pages, so a restricted document is
never listed (its meeting page shows the "Not for publication" notice instead)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from democracy.public_cache import public_conditional
from meetings import public as public_data
from meetings.models import Committee, Meeting

PAGE_SIZE = 50
TYPES = {
    "reports": "Reports",
    "appendices": "Appendices",
    "minutes": "Minutes",
}


@dataclass
class LibraryRow:
    title: str
    url: str
    meeting: Meeting
    published: date | None
    file_type: str
    size: int | None

    @property
    def size_text(self) -> str:
        return public_data.human_size(self.size)


def _documents(kind: str, committee: Committee | None):
    if kind == "appendices":
        rows = public_data.appendices().select_related("report__item__meeting__committee")
        meeting_path = "report__item__meeting"
    elif kind == "minutes":
        rows = public_data.minutes().select_related("meeting__committee")
        meeting_path = "meeting"
    else:
        rows = public_data.reports().select_related("item__meeting__committee")
        meeting_path = "item__meeting"
    if committee is not None:
        rows = rows.filter(**{f"{meeting_path}__committee": committee})
    return rows.order_by(f"-{meeting_path}__starts_at", "-pk")


def _row(kind: str, document) -> LibraryRow:
    if kind == "appendices":
        meeting = document.report.item.meeting
        return LibraryRow(
            title=document.title,
            url=reverse("meetings:public-appendix-pdf", args=[document.pk])
            if document.pdf
            else reverse("meetings:public-report", args=[document.report_id]),
            meeting=meeting,
            published=timezone.localdate(meeting.agenda_published_at),
            file_type="PDF" if document.pdf else "HTML",
            size=public_data.file_size(document.pdf) if document.pdf else None,
        )
    if kind == "minutes":
        meeting = document.meeting
        return LibraryRow(
            title=f"Minutes ({document.get_status_display().lower()})",
            url=reverse("meetings:public-minutes-pdf", args=[meeting.pk]),
            meeting=meeting,
            published=timezone.localdate(document.published_at),
            file_type="PDF",
            size=None,
        )
    meeting = document.item.meeting
    return LibraryRow(
        title=document.title,
        url=reverse("meetings:public-report", args=[document.pk]),
        meeting=meeting,
        published=timezone.localdate(document.ready_at or meeting.agenda_published_at),
        file_type="PDF" if document.pdf else "HTML",
        size=public_data.file_size(document.pdf) if document.pdf else None,
    )


@require_safe
def document_library(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("type") if request.GET.get("type") in TYPES else "reports"
    committees = list(public_data.committees().order_by("name"))
    chosen = next((c for c in committees if c.slug == request.GET.get("committee")), None)
    page = Paginator(_documents(kind, chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/public/documents.html",
        {
            "types": TYPES,
            "kind": kind,
            "kind_label": TYPES[kind],
            "committees": committees,
            "chosen": chosen,
            "page": page,
            "rows": [_row(kind, document) for document in page.object_list],
            "query": query.urlencode(),
        },
    )


urlpatterns = [
    path("documents/", public_conditional(document_library), name="public-documents"),
]
