"""The interest check before a meeting: which agenda items name an organisation, body or address
that appears in a committee member's published register of interests.

* Officers (``/officers/meetings/<id>/interest-check/``): every member of the committee on the
  day of the meeting, against every item's title and description and the text of its report and
  appendices. A sensitive interest (Localism Act 2011 s32) is matched but shown to the clerk only
  as "a withheld interest matches this item": neither the interest nor the words that matched,
  which would give it away. The clerk then asks the monitoring officer, who holds the details.
* A councillor (``/members/portal/meetings/<id>/interest-check/``): their own published
  interests, sensitive ones included, against only what they may read: exempt or confidential
  papers are matched for those entitled to them (``can_see_restricted``), and never otherwise.

The matching itself is the pure ``members.rules.interests.matches``; this page only gathers text
and interests. A match is a prompt to consider declaring an interest, not a finding that one
exists. Fixed number of queries whatever the size of the agenda or committee.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from democracy.council import council
from democracy.permissions import role_required
from democracy.richtext import words_of
from democracy.roles import MEMBER_ROLES
from democracy.validity import in_force_on
from meetings.models import Appendix, CommitteeMembership, Meeting, Report
from meetings.permissions import OFFICERS, can_see_restricted, get_meeting_for_user, is_officer
from meetings.rules.numbering import numbered
from members.models import Councillor, Interest, InterestDeclaration
from members.rules.interests import (
    CATEGORY_LABELS,
    COMMON_WORDS,
    Category,
    interest_terms,
    matches,
)


def _readable(user, meeting: Meeting, entitled: bool):
    """Reports and appendices of the meeting ``user`` may read, as the portal shows them."""
    if is_officer(user):
        reports, appendices = Report.all_objects.all(), Appendix.all_objects.all()
    elif entitled:
        reports = Report.all_objects.visible_to(user).filter(status=Report.Status.READY)
        appendices = Appendix.all_objects.visible_to(user).filter(
            report__status=Report.Status.READY
        )
    else:
        reports, appendices = Report.all_objects.public(), Appendix.all_objects.public()
    reports = reports.filter(item__meeting=meeting).exclude(status=Report.Status.WITHDRAWN)
    return reports, appendices.filter(report__item__meeting=meeting)


def item_texts(user, meeting: Meeting) -> list[tuple[str, object, str]]:
    """(number, item, text) for every item: the title always (titles of exempt items are
    public), the description and papers only where ``user`` may read them."""
    entitled = can_see_restricted(user, meeting)
    items = list(meeting.items.with_privacy().order_by("position"))
    reports, appendices = _readable(user, meeting, entitled)
    by_item: dict[int, list[str]] = {}
    report_items: dict[int, int] = {}
    for report in reports.only("id", "item_id", "title", "body_html"):
        report_items[report.pk] = report.item_id
        by_item.setdefault(report.item_id, []).extend([report.title, words_of(report.body_html)])
    for appendix in appendices.only("id", "report_id", "title", "body_html"):
        item_id = report_items.get(appendix.report_id)
        if item_id is not None:
            by_item.setdefault(item_id, []).extend([appendix.title, words_of(appendix.body_html)])
    rows = []
    for number, item in numbered(items):
        parts = [item.title]
        if entitled or not item.is_private:  # ``meetings.rules.privacy``
            parts.append(item.description)
        parts.extend(by_item.get(item.pk, []))
        rows.append((number, item, "\n".join(p for p in parts if p)))
    return rows


def _interests(councillor_ids) -> list[Interest]:
    current = InterestDeclaration.all_objects.current().filter(councillor_id__in=councillor_ids)
    return list(
        Interest.private_objects.filter(declaration__in=current.values("pk")).select_related(
            "declaration__councillor"
        )
    )


def common_words() -> frozenset[str]:
    """Words that name nothing in particular here: the house list and the council's own name
    (an address "..., Kingsmere" must not match every Kingsmere agenda)."""
    here = council()
    return COMMON_WORDS | {word.lower() for word in f"{here.name} {here.short_name}".split()}


def check(texts, interests: list[Interest], *, reveal_sensitive: bool) -> list[dict]:
    """Every item with the interests its text names."""
    common = common_words()
    terms = {
        line.pk: interest_terms(organisation=line.organisation, address=line.address, common=common)
        for line in interests
    }
    rows = []
    for number, item, text in texts:
        found = []
        for line in interests:
            hits = matches(terms[line.pk], text, common=common) if terms[line.pk] else []
            if not hits:
                continue
            withheld = line.sensitive and not reveal_sensitive
            found.append(
                {
                    "councillor": line.declaration.councillor,
                    "category": CATEGORY_LABELS[Category(line.category)],
                    "withheld": withheld,
                    "interest": None if withheld else line,
                    "hits": [] if withheld else hits,
                }
            )
        rows.append({"number": number, "item": item, "matches": found})
    return rows


@role_required(*OFFICERS)
def interest_check(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    members = list(
        CommitteeMembership.objects.filter(
            in_force_on(meeting.date), committee=meeting.committee, councillor__isnull=False
        ).values_list("councillor_id", flat=True)
    )
    rows = check(item_texts(request.user, meeting), _interests(members), reveal_sensitive=False)
    return render(
        request,
        "meetings/interest_check.html",
        {
            "meeting": meeting,
            "rows": [r for r in rows if r["matches"]],
            "items": len(rows),
            "members": len(members),
            "portal": False,
        },
    )


@role_required(*MEMBER_ROLES)
def portal_interest_check(request: HttpRequest, pk: int) -> HttpResponse:
    """A councillor's own check. Until the agenda is published it is no member's to read, even a
    committee member's (as the portal's meeting page shows no agenda): 404, like a page that is
    not there yet."""
    meeting = get_meeting_for_user(request, pk)
    if not meeting.is_published:
        raise Http404("The agenda is not published yet")
    mine = list(Councillor.all_objects.filter(user=request.user).values_list("pk", flat=True))
    rows = check(item_texts(request.user, meeting), _interests(mine), reveal_sensitive=True)
    return render(
        request,
        "meetings/interest_check.html",
        {
            "meeting": meeting,
            "rows": [r for r in rows if r["matches"]],
            "items": len(rows),
            "portal": True,
        },
    )


urlpatterns = [
    path("meetings/<int:pk>/interest-check/", interest_check, name="meeting-interest-check"),
    path(
        "portal/meetings/<int:pk>/interest-check/",
        portal_interest_check,
        name="portal-meeting-interest-check",
    ),
]
