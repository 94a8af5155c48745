"""Public councillor pages (no sign-in): the index of councillors (by name, ward or political
group; former councillors separately) and each councillor's profile at its permanent address
``/councillors/<slug>/``, with the Modern.Gov page addresses clients follow (mgUserInfo.aspx,
mgRofI.aspx, mgMemberIndex.aspx; the contract is /work/shared/MODERNGOV_API.md).

These pages belong to the composition root because they gather what several apps publish:
members (records, positions, outside bodies, registers of interests, gifts) and meetings
(committee seats, attendance). They read only what those apps publish: a councillor's
``PrivateContact`` is never loaded, and interest lines come only through
``Interest.private_objects.public()`` (via ``members.views.interests_public.public_lines``),
where a sensitive interest (Localism Act 2011 s32) is already reduced to the s32(2) words in SQL.

A councillor is public once they have a term of office (as in the open data API); one who was
only ever recorded, never in office, is "not found". A co-opted member (``Councillor.Kind.COOPTED``,
not a councillor: Localism Act 2011 s27(4)) is public once a co-option is recorded; they are
listed under "Co-opted members", never among the councillors, in a ward or in a political group,
and their profile at the same address shows their appointment, co-options and committee seats.
Every page runs a fixed number of queries whatever the number of councillors, co-opted members,
seats or interests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from democracy.public_cache import public_conditional
from democracy.validity import in_force_on
from elections.models import Ward
from meetings import public as public_data
from members.models import (
    AllowancePayment,
    AllowanceScheme,
    CoOption,
    Councillor,
    GiftOrHospitality,
    Head,
    InterestDeclaration,
    OutsideBodyAppointment,
    PositionHolding,
    Suspension,
    Term,
)
from members.rules.records import status_on
from members.views.interests_public import public_lines, sections

VIEWS = {"name": "By name", "ward": "By ward", "group": "By political group"}
INDEPENDENT = "Independent"


def _public_councillors():
    """Councillors who hold or have held office: the public ones."""
    return Councillor.objects.elected().filter(
        Exists(Term.objects.filter(councillor=OuterRef("pk")))
    )


def _public_co_opted():
    """Co-opted members with a co-option recorded (past, present or to come): the public ones."""
    return Councillor.objects.filter(
        Exists(CoOption.objects.filter(councillor=OuterRef("pk"))),
        kind=Councillor.Kind.COOPTED,
    )


def public_members():
    """Everyone with a public profile: councillors who hold or have held office, and co-opted
    members with a co-option recorded. For the addresses that name a person by id or slug
    (mgUserInfo.aspx, mgRofI.aspx), not for lists of councillors."""
    return Councillor.objects.filter(
        Q(Exists(Term.objects.filter(councillor=OuterRef("pk"))), kind=Councillor.Kind.ELECTED)
        | Q(
            Exists(CoOption.objects.filter(councillor=OuterRef("pk"))),
            kind=Councillor.Kind.COOPTED,
        )
    )


def _profile(councillor: Councillor):
    """The public profile fetched with the councillor (``select_related``), or None."""
    try:
        return councillor.profile
    except Councillor.profile.RelatedObjectDoesNotExist:
        return None


def _photo_url(councillor: Councillor) -> str:
    """The published photo's address, or ""."""
    profile = _profile(councillor)
    return profile.photo.url if profile and profile.photo else ""


# --- Index --------------------------------------------------------------------------------------


@dataclass
class Heading:
    """A group of councillors under one heading (a ward, or a political group)."""

    name: str
    colour: str = ""
    councillors: list[Councillor] = field(default_factory=list)


def _current_councillors(today: date) -> list[Councillor]:
    councillors = list(
        Councillor.objects.serving(today)
        .elected()
        .with_current_roles(today)
        .select_related("profile")
        .annotate(
            is_suspended=Exists(
                Suspension.objects.in_force(today).filter(councillor=OuterRef("pk"))
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    for councillor in councillors:
        councillor.photo_url = _photo_url(councillor)
    return councillors


def _by_ward(councillors: list[Councillor], today: date) -> list[Heading]:
    """Every current ward in name order, with its councillors (none, for a vacant ward)."""
    headings = {
        ward.pk: Heading(ward.name) for ward in Ward.objects.current(today).order_by("name")
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


def _former_councillors(today: date) -> list[Councillor]:
    """Councillors with a term of office but none in force today, with their last ward and the
    last day they held office."""
    last_term = Term.objects.filter(councillor=OuterRef("pk")).order_by("-start_date")
    councillors = list(
        _public_councillors()
        .exclude(pk__in=Councillor.objects.serving(today).values("pk"))
        .exclude(terms__start_date__gt=today)  # elected, not yet in office: not "former"
        .select_related("profile")
        .annotate(
            left_on=Max("terms__end_date"),
            last_ward_name=Subquery(last_term.values("ward__name")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    for councillor in councillors:
        councillor.photo_url = _photo_url(councillor)
        # ``end_date`` is the first day no longer in office; people read the last day in it.
        councillor.last_day = councillor.left_on - timedelta(days=1) if councillor.left_on else None
    return councillors


def _current_seats(today: date) -> Prefetch:
    return Prefetch(
        "committee_memberships",
        public_data.committee_seats()
        .filter(in_force_on(today))
        .select_related("committee")
        .order_by("committee__name"),
        to_attr="current_seats",
    )


def _current_co_opted(today: date) -> list[Councillor]:
    """Co-opted members in office today, each with the co-option in force (``co_option``) and
    their committee seats (``current_seats``). Three queries whatever their number."""
    members = list(
        Councillor.objects.co_opted(today)
        .filter(kind=Councillor.Kind.COOPTED)
        .prefetch_related(
            Prefetch(
                "co_options",
                CoOption.objects.filter(in_force_on(today)),
                to_attr="current_co_options",
            ),
            _current_seats(today),
        )
        .order_by("last_name", "first_name", "pk")
    )
    for member in members:
        member.co_option = member.current_co_options[0] if member.current_co_options else None
    return members


def _former_co_opted(today: date) -> list[Councillor]:
    """Co-opted members with a co-option recorded but none in force today or to come, with
    their last appointment and the last day they were co-opted."""
    last = CoOption.objects.filter(councillor=OuterRef("pk")).order_by("-start_date")
    members = list(
        _public_co_opted()
        .exclude(pk__in=Councillor.objects.co_opted(today).values("pk"))
        .exclude(co_options__start_date__gt=today)  # appointed, not yet co-opted
        .annotate(
            left_on=Max("co_options__end_date"),
            last_appointment=Subquery(last.values("appointment")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    for member in members:
        member.last_day = member.left_on - timedelta(days=1) if member.left_on else None
    return members


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
                "councillors": _former_councillors(today),
                "co_opted": _former_co_opted(today),
                "views": VIEWS,
            },
        )
    by = request.GET.get("by") if request.GET.get("by") in VIEWS else "name"
    councillors = _current_councillors(today)
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
            "co_opted": _current_co_opted(today),
        },
    )


# --- Profile ------------------------------------------------------------------------------------


def get_public_councillor(slug: str) -> Councillor:
    """The councillor with everything their profile shows, or 404 (unknown, or never in office).
    Six queries whatever the number of terms, seats, positions or appointments."""
    today = timezone.localdate()
    found = (
        _public_councillors()
        .with_current_roles(today)
        .select_related("profile")
        .prefetch_related(
            Prefetch("terms", Term.objects.select_related("ward").order_by("-start_date")),
            Prefetch("suspensions", Suspension.objects.order_by("-start_date")),
            Prefetch(
                "position_holdings",
                PositionHolding.objects.filter(in_force_on(today))
                .select_related("position")
                .order_by("position__kind", "position__title"),
                to_attr="current_positions",
            ),
            _current_seats(today),
            Prefetch(
                "outside_appointments",
                OutsideBodyAppointment.objects.filter(in_force_on(today))
                .select_related("body")
                .order_by("body__name"),
                to_attr="current_appointments",
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if found is None:
        raise Http404("No such councillor")
    return found


@dataclass
class RegisterSummary:
    """The councillor's current published register of interests, counted."""

    version: int
    published_at: object
    total: int
    withheld: int
    categories: list[tuple[str, int]]


def register_summary(councillor: Councillor) -> RegisterSummary | None:
    """Two queries: the current published version, then its public lines."""
    current = (
        InterestDeclaration.all_objects.current()
        .filter(councillor=councillor)
        .only("pk", "version", "published_at", "councillor_id")
        .first()
    )
    if current is None:
        return None
    rows = public_lines([current.pk]).get(current.pk, [])
    counts = Counter(row["category_label"] for row in rows)
    return RegisterSummary(
        version=current.version,
        published_at=current.published_at,
        total=len(rows),
        withheld=sum(1 for row in rows if row["withheld"]),
        categories=[(s["label"], counts[s["label"]]) for s in sections(rows) if s["lines"]],
    )


def _status(councillor: Councillor, today: date) -> dict:
    terms = list(councillor.terms.all())
    suspensions = list(councillor.suspensions.all())
    key = status_on(
        today,
        terms=[(t.start_date, t.end_date) for t in terms],
        suspensions=[(s.start_date, s.end_date) for s in suspensions],
    )
    suspension = next(
        (
            s
            for s in suspensions
            if s.start_date <= today and (not s.end_date or today < s.end_date)
        ),
        None,
    )
    ended = [t.end_date for t in terms if t.end_date]
    coming = [t for t in terms if t.start_date > today]
    if key == "not_in_office" and coming:
        key = "elected"  # returned at an election, taking office on the fourth day after it
    return {
        "key": key,
        "takes_office_on": min(t.start_date for t in coming) if coming else None,
        "suspended_since": suspension.start_date if suspension else None,
        "suspended_until": suspension.end_date - timedelta(days=1)
        if suspension and suspension.end_date
        else None,
        "last_day": max(ended) - timedelta(days=1) if key == "not_in_office" and ended else None,
    }


@require_safe
def councillor_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """A councillor's profile, or a co-opted member's at the same address."""
    today = timezone.localdate()
    try:
        councillor = get_public_councillor(slug)
    except Http404:
        return co_opted_profile(request, slug)
    start, end = public_data.municipal_year(public_data.municipal_year_of(today))
    terms = list(councillor.terms.all())
    for term in terms:
        term.last_day = term.end_date - timedelta(days=1) if term.end_date else None
    return render(
        request,
        "website/councillors/profile.html",
        {
            "councillor": councillor,
            "profile": _profile(councillor),
            "photo_url": _photo_url(councillor),
            "status": _status(councillor, today),
            "terms": terms,
            "attendance": public_data.attendance_by_committee_for(
                councillor.pk, start=start, end=end
            ),
            "attendance_start": start,
            "attendance_last": end - timedelta(days=1),
            "register": register_summary(councillor),
            "gift_count": GiftOrHospitality.all_objects.public()
            .filter(councillor=councillor)
            .count(),
            "allowances": published_allowances(councillor),
        },
    )


def get_public_co_opted(slug: str) -> Councillor:
    """The co-opted member with their co-options and current committee seats, or 404 (unknown,
    or no co-option recorded). Three queries whatever the number of co-options or seats."""
    found = (
        _public_co_opted()
        .select_related("profile")
        .prefetch_related(
            Prefetch("co_options", CoOption.objects.order_by("-start_date")),
            _current_seats(timezone.localdate()),
        )
        .filter(slug=slug)
        .first()
    )
    if found is None:
        raise Http404("No such councillor or co-opted member")
    return found


def co_opted_status(co_options: list[CoOption], today: date) -> dict:
    """``key`` "active" (co-opted today: ``co_option`` in force, ``since`` the first day of the
    unbroken run of co-options it ends), "appointed" (``co_option`` begins after today) or
    "former" (``last_day`` the last day they were co-opted). ``co_options`` newest first."""
    current = next(
        (c for c in co_options if c.start_date <= today and (not c.end_date or today < c.end_date)),
        None,
    )
    if current is not None:
        since = current.start_date
        for earlier in co_options:  # newest first: a re-appointment continues the run
            if earlier.end_date == since:
                since = earlier.start_date
        return {"key": "active", "co_option": current, "since": since}
    coming = [c for c in co_options if c.start_date > today]
    if coming:
        return {"key": "appointed", "co_option": min(coming, key=lambda c: c.start_date)}
    ended = [c.end_date for c in co_options if c.end_date]
    return {
        "key": "former",
        "co_option": co_options[0] if co_options else None,
        "last_day": max(ended) - timedelta(days=1) if ended else None,
    }


def co_opted_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """A co-opted member's profile: their appointment, co-options, committee seats (voting or
    not), council contact details, attendance and register of interests (a voting co-opted
    member registers under Localism Act 2011 s30). No ward and no political group: they are not
    a councillor. Their private contact details are never loaded."""
    today = timezone.localdate()
    member = get_public_co_opted(slug)
    co_options = list(member.co_options.all())
    for co_option in co_options:
        co_option.last_day = co_option.end_date - timedelta(days=1) if co_option.end_date else None
    start, end = public_data.municipal_year(public_data.municipal_year_of(today))
    return render(
        request,
        "website/councillors/co_opted_profile.html",
        {
            "councillor": member,
            "profile": _profile(member),
            "photo_url": _photo_url(member),
            "status": co_opted_status(co_options, today),
            "co_options": co_options,
            "attendance": public_data.attendance_by_committee_for(member.pk, start=start, end=end),
            "attendance_start": start,
            "attendance_last": end - timedelta(days=1),
            "register": register_summary(member),
            "gift_count": GiftOrHospitality.all_objects.public().filter(councillor=member).count(),
            "allowances": published_allowances(member),
        },
    )


def published_allowances(councillor) -> dict | None:
    """This councillor's line of the latest annual publication of allowances paid (SI 2003/1021
    reg 15): the year and the totals by head. Nothing before the council has published the
    year. Two queries."""
    scheme = (
        AllowanceScheme.objects.filter(totals_published_on__isnull=False)
        .order_by("-year_start")
        .first()
    )
    if scheme is None:
        return None
    totals = {
        row["head"]: row["total"]
        for row in AllowancePayment.private_objects.in_year(scheme.year_start)
        .filter(councillor=councillor)
        .values("head")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    zero = Decimal("0.00")
    lines = [
        ("Basic allowance", totals.get(Head.BASIC, zero)),
        ("Special responsibility allowance", totals.get(Head.SRA, zero)),
        ("Dependants' carers' allowance", totals.get(Head.CARERS, zero)),
        (
            "Travelling and subsistence allowance",
            totals.get(Head.TRAVEL, zero) + totals.get(Head.SUBSISTENCE, zero),
        ),
        ("Co-optees' allowance", totals.get(Head.CO_OPTEES, zero)),
    ]
    return {"scheme": scheme, "lines": lines, "total": sum((v for _, v in lines), zero)}


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
    councillor = public_members().filter(pk=_uid(request)).only("slug").first()
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
    councillor = public_members().filter(pk=_uid(request)).first()
    if councillor is None:
        raise Http404("No such councillor")
    current = (
        InterestDeclaration.all_objects.current()
        .filter(councillor=councillor)
        .only("pk", "version", "published_at", "councillor_id")
        .first()
    )
    tables = []
    if current is not None:
        rows = public_lines([current.pk]).get(current.pk, [])
        for number, section in enumerate(sections(rows), start=1):
            if section["lines"]:
                tables.append(
                    {
                        "caption": f"{number}. {section['label']}",
                        "label": section["label"],
                        "lines": [
                            {"withheld": line["withheld"], "detail": interest_detail(line)}
                            for line in section["lines"]
                        ],
                    }
                )
    return render(
        request,
        "website/councillors/mg_rofi.html",
        {"councillor": councillor, "current": current, "tables": tables},
    )


def interest_detail(line: dict) -> str:
    """One public line as the published register words it: whose (for a partner's interest), what,
    (with whom), where.
    A withheld line is the s32(2) words alone (they are already its only public text)."""
    if line["withheld"]:
        return line["public_description"]
    text = line["public_description"]
    if line["public_organisation"]:
        text += f" ({line['public_organisation']})"
    if line["public_address"]:
        text += ", " + " ".join(line["public_address"].split())
    if line["public_whose"] == "partner":
        return f"{line['whose_label']}: {text}"
    return text


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
