"""Public councillor pages (no sign-in): the index of councillors (by name, ward or political
group; former councillors separately) and each councillor's profile at its permanent address
``/councillors/<slug>/``, with the Modern.Gov page addresses clients follow (mgUserInfo.aspx,
mgRofI.aspx, mgMemberIndex.aspx; the contract is /work/shared/MODERNGOV_API.md).

These pages belong to the composition root because they gather what several apps publish:
members (records, positions, outside bodies, registers of interests, gifts) and meetings
(committee seats, attendance). They read members only through ``members.public``, which says who
is a public member and what of them is public: a councillor's ``PrivateContact`` is never loaded,
and interest lines come only through ``Interest.private_objects.public()``, where a sensitive
interest (Localism Act 2011 s32) is already reduced to the s32(2) words in SQL.

A councillor is public once they have a term of office; one who was only ever recorded, never
in office, is "not found" here and at every other public address. A co-opted member
(``Councillor.Kind.COOPTED``, not a councillor: Localism Act 2011 s27(4)) is public once a
co-option is recorded; they are listed under "Co-opted members", never among the councillors, in
a ward or in a political group, and their profile at the same address shows their appointment,
co-options and committee seats.
Every page runs a fixed number of queries whatever the number of councillors, co-opted members,
seats or interests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from democracy.public_cache import public_conditional
from democracy.validity import in_force_on
from elections import public as elections_public
from meetings import public as public_data
from members import public as members_public
from members.models import Councillor

VIEWS = {"name": "By name", "ward": "By ward", "group": "By political group"}
INDEPENDENT = "Independent"


# --- Index --------------------------------------------------------------------------------------


@dataclass
class Heading:
    """A group of councillors under one heading (a ward, or a political group)."""

    name: str
    colour: str = ""
    councillors: list[Councillor] = field(default_factory=list)


def _by_ward(councillors: list[Councillor], today: date) -> list[Heading]:
    """Every current ward in name order, with its councillors (none, for a vacant ward)."""
    headings = {
        ward.pk: Heading(ward.name)
        for ward in elections_public.current_wards(today).order_by("name")
    }
    for councillor in councillors:
        heading = headings.get(councillor.current_ward_id)
        if heading is None:  # a term in a ward since abolished: still shown under its name
            heading = headings.setdefault(
                councillor.current_ward_id, Heading(councillor.current_ward_name)
            )
        heading.councillors.append(councillor)
    return sorted(headings.values(), key=lambda h: h.name)


def _by_group(councillors: list[Councillor]) -> list[Heading]:
    """Groups by size (largest first, then name), councillors in no group last."""
    headings: dict[str, Heading] = {}
    for councillor in councillors:
        name = councillor.current_group_name or INDEPENDENT
        heading = headings.setdefault(name, Heading(name, councillor.current_group_colour or ""))
        heading.councillors.append(councillor)
    return sorted(
        headings.values(),
        key=lambda h: (h.name == INDEPENDENT and not h.colour, -len(h.councillors), h.name),
    )


def _current_seats(today: date) -> Prefetch:
    return Prefetch(
        "committee_memberships",
        public_data.committee_seats()
        .filter(in_force_on(today))
        .select_related("committee")
        .order_by("committee__name"),
        to_attr="current_seats",
    )


@require_safe
def councillor_index(request: HttpRequest) -> HttpResponse:
    """``/councillors/``: current councillors by name (``?by=ward``, ``?by=group``), or former
    councillors (``?status=former``); co-opted members (not councillors) in a section of their
    own on each."""
    today = timezone.localdate()
    if request.GET.get("status") == "former":
        return render(
            request,
            "website/councillors/index.html",
            {
                "former": True,
                "councillors": members_public.former_councillors(today),
                "co_opted": members_public.former_co_opted(today),
                "views": VIEWS,
            },
        )
    by = request.GET.get("by") if request.GET.get("by") in VIEWS else "name"
    councillors = members_public.current_councillors(today)
    headings: list[Heading] = []
    letters: list[str] = []
    if by == "name":
        for councillor in councillors:  # an anchor on the first surname under each letter
            letter = (councillor.last_name[:1] or "#").upper()
            if letter not in letters:
                letters.append(letter)
                councillor.letter_anchor = letter
    elif by == "ward":
        headings = _by_ward(councillors, today)
    elif by == "group":
        headings = _by_group(councillors)
    return render(
        request,
        "website/councillors/index.html",
        {
            "former": False,
            "by": by,
            "view_label": VIEWS[by],
            "views": VIEWS,
            "councillors": councillors,
            "headings": headings,
            "letters": letters,
            "co_opted": members_public.current_co_opted(today, prefetch=[_current_seats(today)]),
        },
    )


# --- Profile ------------------------------------------------------------------------------------


@require_safe
def councillor_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """A councillor's profile, or a co-opted member's at the same address."""
    today = timezone.localdate()
    try:
        councillor = members_public.get_public_councillor(slug, prefetch=[_current_seats(today)])
    except Http404:
        return co_opted_profile(request, slug)
    start, end = public_data.municipal_year(public_data.municipal_year_of(today))
    terms = list(councillor.terms.all())
    for term in terms:
        term.last_day = term.end_date - timedelta(days=1) if term.end_date else None
        # A term whose end is already fixed (a by-election's, LGA 1972 s 89(6)) but not reached.
        term.ends_later = bool(term.end_date and term.end_date > today)
    return render(
        request,
        "website/councillors/profile.html",
        {
            "councillor": councillor,
            "profile": members_public.profile_of(councillor),
            "photo_url": members_public.photo_url(councillor),
            "status": members_public.councillor_status(councillor, today),
            "terms": terms,
            "attendance": public_data.attendance_by_committee_for(
                councillor.pk, start=start, end=end
            ),
            "attendance_start": start,
            "attendance_last": end - timedelta(days=1),
            "register": members_public.register_summary(councillor),
            "gift_count": members_public.published_gifts().filter(councillor=councillor).count(),
            "allowances": members_public.published_allowances(councillor),
        },
    )


def co_opted_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """A co-opted member's profile: their appointment, co-options, committee seats (voting or
    not), council contact details, attendance and register of interests (a voting co-opted
    member registers under Localism Act 2011 s30). No ward and no political group: they are not
    a councillor. Their private contact details are never loaded."""
    today = timezone.localdate()
    member = members_public.get_public_co_opted(slug, prefetch=[_current_seats(today)])
    co_options = list(member.co_options.all())
    for co_option in co_options:
        co_option.last_day = co_option.end_date - timedelta(days=1) if co_option.end_date else None
    start, end = public_data.municipal_year(public_data.municipal_year_of(today))
    return render(
        request,
        "website/councillors/co_opted_profile.html",
        {
            "councillor": member,
            "profile": members_public.profile_of(member),
            "photo_url": members_public.photo_url(member),
            "status": members_public.co_opted_status(co_options, today),
            "co_options": co_options,
            "attendance": public_data.attendance_by_committee_for(member.pk, start=start, end=end),
            "attendance_start": start,
            "attendance_last": end - timedelta(days=1),
            "register": members_public.register_summary(member),
            "gift_count": members_public.published_gifts().filter(councillor=member).count(),
            "allowances": members_public.published_allowances(member),
        },
    )


# --- Modern.Gov page addresses ------------------------------------------------------------------


def _uid(request: HttpRequest, name: str = "UID") -> int:
    """A Modern.Gov id parameter, whatever its case (``UID``, ``uid``); 404 when missing or not
    a number, as for an unknown councillor."""
    lowered = {k.lower(): v for k, v in request.GET.items()}
    try:
        value = int(lowered.get(name.lower(), ""))
    except ValueError:
        value = 0
    if not 0 < value < 2**63:  # beyond a database id, it cannot name anyone
        raise Http404(f"Give the councillor's {name}")
    return value


@require_safe
def mg_user_info(request: HttpRequest) -> HttpResponse:
    """``mgUserInfo.aspx?UID=<councillor id>``: the profile (a councillor's or a co-opted
    member's), permanently moved."""
    councillor = members_public.public_member_by_id(_uid(request))
    if councillor is None:
        raise Http404("No such councillor")
    return HttpResponsePermanentRedirect(reverse("councillor", args=[councillor.slug]))


@require_safe
def mg_register_of_interests(request: HttpRequest) -> HttpResponse:
    """``mgRofI.aspx?UID=<councillor id>``: the current register in Modern.Gov's markup, one
    ``table.mgInterestsTable`` per category (caption "<n>. <category>"), one row per interest
    with its category and details, and the "published on" sentence clients read. Built from the
    public lines only: a sensitive interest is its category and the s32(2) words. A co-opted
    member's register too (s30(1))."""
    councillor = members_public.public_member_by_id(_uid(request))
    if councillor is None:
        raise Http404("No such councillor")
    current = members_public.current_register(councillor)
    tables = []
    if current is not None:
        rows = members_public.public_lines([current.pk]).get(current.pk, [])
        for number, section in enumerate(members_public.sections(rows), start=1):
            if section["lines"]:
                tables.append(
                    {
                        "caption": f"{number}. {section['label']}",
                        "label": section["label"],
                        "lines": [
                            {
                                "withheld": line["withheld"],
                                "detail": members_public.interest_detail(line),
                            }
                            for line in section["lines"]
                        ],
                    }
                )
    return render(
        request,
        "website/councillors/mg_rofi.html",
        {"councillor": councillor, "current": current, "tables": tables},
    )


@require_safe
def mg_member_index(request: HttpRequest) -> HttpResponse:
    """``mgMemberIndex.aspx`` (``FN=WARD`` or ``FN=PARTY`` for Modern.Gov's other orderings):
    the councillor index, permanently moved."""
    lowered = {k.lower(): v.upper() for k, v in request.GET.items()}
    by = {"WARD": "?by=ward", "PARTY": "?by=group", "GROUP": "?by=group"}.get(
        lowered.get("fn", ""), ""
    )
    return HttpResponsePermanentRedirect(reverse("councillor-index") + by)


urlpatterns = [
    path("councillors/", public_conditional(councillor_index), name="councillor-index"),
    path("councillors/<slug:slug>/", public_conditional(councillor_profile), name="councillor"),
    path("mgUserInfo.aspx", mg_user_info, name="moderngov-user-info"),
    path("mgRofI.aspx", public_conditional(mg_register_of_interests), name="moderngov-rofi"),
    path("mgMemberIndex.aspx", mg_member_index, name="moderngov-member-index"),
]
