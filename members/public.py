"""What the public may see of members: the one place that says who is a public member and what of
them is public. Every public page, export, feed, API, sitemap and Modern.Gov address that shows a
member reads them through this module (the composition root, ``website``, reaches members only
through it, ``members.urls`` and ``members.models``); anything public about a member not reached
through here is a bug.

Who: a public member is a councillor with a term of office (past, present, or to come once
returned at an election) or a co-opted member with a co-option recorded (Localism Act 2011
s27(4)): ``Councillor.public_objects``, the SQL form of ``members.rules.records.is_public_member``.
Anyone else recorded (never in office) is "not found" at every address that names them and
appears in no list, export or count.

What, of a public member:
- their public record: name, title, kind, slug, council email and phone, public profile
  (biography, photo, postal address given for publication), terms, suspensions, positions,
  political groups, co-options and outside body appointments. Never ``PrivateContact`` (home
  address, personal email and phone) and never ``DetailsChangeRequest``: nothing here loads them;
- their registers of interests (s29): published versions only, current and earlier, line by line
  through ``Interest.private_objects.public()``, where a sensitive interest (s32) is already
  reduced in SQL to its category and the s32(2) words;
- their dispensations (s33), published in full;
- their gifts and hospitality once an officer has published the entry;
- the annual publication of allowances paid (SI 2003/1021 reg 15), once the council has
  published the year;
- outside bodies and who the council appoints to them.
Committee seats and attendance belong to meetings (``meetings.public``); the composition root
joins them to a member by passing its own ``Prefetch`` objects to the functions here that take
``prefetch``.

Lists and profiles run a fixed number of queries whatever the number of members.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Prefetch, Subquery, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from democracy.validity import in_force_on
from members.models import (
    AllowancePayment,
    AllowanceScheme,
    CoOption,
    Councillor,
    CouncillorQuerySet,
    Dispensation,
    GiftOrHospitality,
    GroupMembership,
    Head,
    Interest,
    InterestDeclaration,
    OutsideBody,
    OutsideBodyAppointment,
    PoliticalGroup,
    PositionHolding,
    PublicProfile,
    Suspension,
    Term,
)
from members.rules.interests import CATEGORY_LABELS, Category, is_disclosable_pecuniary
from members.rules.records import status_on
from members.services import allowances as allowance_services

# --- Who is a public member ---------------------------------------------------------------------


def public_members() -> CouncillorQuerySet:
    """Everyone with a public record: councillors who hold, have held or are about to take up
    office, and co-opted members with a co-option recorded."""
    return Councillor.public_objects.all()


def public_councillors() -> CouncillorQuerySet:
    """The public members who are councillors (not co-opted members)."""
    return public_members().elected()


def public_co_opted() -> CouncillorQuerySet:
    """The public members who are co-opted members (not councillors: s27(4))."""
    return public_members().filter(kind=Councillor.Kind.COOPTED)


def serving_councillors(on: date | None = None) -> CouncillorQuerySet:
    """Councillors holding office on ``on`` (today by default)."""
    return public_councillors().serving(on)


def co_opted_in_office(on: date | None = None) -> CouncillorQuerySet:
    """Co-opted members in office on ``on`` (today by default)."""
    return public_co_opted().co_opted(on)


def get_public_member(slug: str) -> Councillor:
    """The public member at ``slug``, or 404: unknown and never in office give the same answer."""
    found = public_members().filter(slug=slug).first()
    if found is None:
        raise Http404("No such councillor or co-opted member")
    return found


def public_member_by_id(pk: int) -> Councillor | None:
    """The public member with id ``pk`` (Modern.Gov's UID, the API's person id), or None."""
    return public_members().filter(pk=pk).first()


def political_groups():
    """Every political group, past and present: groups are public (SI 1990/1553 reg 8 notices)."""
    return PoliticalGroup.objects.all()


def terms():
    """Terms of office (every one makes its councillor a public member)."""
    return Term.objects.filter(councillor__in=public_members().values("pk"))


def group_memberships():
    """Public members' memberships of political groups, past and present."""
    return GroupMembership.objects.filter(councillor__in=public_members().values("pk"))


def co_options():
    """Co-options (every one makes its co-opted member a public member)."""
    return CoOption.objects.filter(councillor__in=public_members().values("pk"))


# --- Public profile -----------------------------------------------------------------------------


def profile_of(member: Councillor) -> PublicProfile | None:
    """The public profile (fetched with the member by ``select_related("profile")``), or None."""
    try:
        return member.profile
    except Councillor.profile.RelatedObjectDoesNotExist:
        return None


def photo_url(member: Councillor) -> str:
    """The photo's address (``members.views.photos``, which serves it from private storage), or
    "". The file's name is in the query, so a new photo is fetched afresh, not from a cache."""
    profile = profile_of(member)
    if profile is None or not profile.photo:
        return ""
    version = hashlib.sha256(profile.photo.name.encode()).hexdigest()[:12]
    return f"{reverse('members:photo', args=[member.slug])}?v={version}"


def _last_day(end_date: date | None) -> date | None:
    """``end_date`` is the first day out of office; people read the last day in it."""
    return end_date - timedelta(days=1) if end_date else None


def current_councillors(today: date) -> list[Councillor]:
    """Councillors in office today with their ward, group (``with_current_roles``), photo
    (``photo_url``) and whether suspended (``is_suspended``), by surname. One query."""
    councillors = list(
        serving_councillors(today)
        .with_current_roles(today)
        .select_related("profile")
        .annotate(
            is_suspended=Exists(
                Suspension.all_objects.in_force(today).filter(councillor=OuterRef("pk"))
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    for councillor in councillors:
        councillor.photo_url = photo_url(councillor)
    return councillors


def former_councillors(today: date) -> list[Councillor]:
    """Councillors with a term of office but none in force today or to come, with their last
    ward (``last_ward_name``) and the last day they held office (``last_day``). One query."""
    last_term = Term.objects.filter(councillor=OuterRef("pk")).order_by("-start_date")
    councillors = list(
        public_councillors()
        .exclude(pk__in=serving_councillors(today).values("pk"))
        .exclude(terms__start_date__gt=today)  # elected, not yet in office: not "former"
        .select_related("profile")
        .annotate(
            left_on=Max("terms__end_date"),
            last_ward_name=Subquery(last_term.values("ward__name")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    for councillor in councillors:
        councillor.photo_url = photo_url(councillor)
        councillor.last_day = _last_day(councillor.left_on)
    return councillors


def current_co_opted(today: date, *, prefetch=()) -> list[Councillor]:
    """Co-opted members in office today, each with the co-option in force (``co_option``), plus
    whatever the caller prefetches (``prefetch``: the composition root adds committee seats).
    Two queries, and one per prefetch, whatever their number."""
    members = list(
        co_opted_in_office(today)
        .prefetch_related(
            Prefetch(
                "co_options",
                CoOption.objects.filter(in_force_on(today)),
                to_attr="current_co_options",
            ),
            *prefetch,
        )
        .order_by("last_name", "first_name", "pk")
    )
    for member in members:
        member.co_option = member.current_co_options[0] if member.current_co_options else None
    return members


def former_co_opted(today: date) -> list[Councillor]:
    """Co-opted members with a co-option recorded but none in force today or to come, with
    their last appointment (``last_appointment``) and the last day they were co-opted
    (``last_day``). One query."""
    last = CoOption.objects.filter(councillor=OuterRef("pk")).order_by("-start_date")
    members = list(
        public_co_opted()
        .exclude(pk__in=co_opted_in_office(today).values("pk"))
        .exclude(co_options__start_date__gt=today)  # appointed, not yet co-opted
        .annotate(
            left_on=Max("co_options__end_date"),
            last_appointment=Subquery(last.values("appointment")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    for member in members:
        member.last_day = _last_day(member.left_on)
    return members


def get_public_councillor(slug: str, *, prefetch=()) -> Councillor:
    """The councillor at ``slug`` with everything their profile shows (terms, suspensions,
    current positions as ``current_positions``, current outside appointments as
    ``current_appointments``, plus the caller's ``prefetch``), or 404 (unknown, a co-opted
    member, or never in office). Five queries, and one per prefetch."""
    today = timezone.localdate()
    found = (
        public_councillors()
        .with_current_roles(today)
        .select_related("profile")
        .prefetch_related(
            Prefetch("terms", Term.objects.select_related("ward").order_by("-start_date")),
            Prefetch(
                "suspensions",
                Suspension.all_objects.only("councillor_id", "start_date", "end_date").order_by(
                    "-start_date"
                ),
            ),
            Prefetch(
                "position_holdings",
                PositionHolding.objects.filter(in_force_on(today))
                .select_related("position")
                .order_by("position__kind", "position__title"),
                to_attr="current_positions",
            ),
            *prefetch,
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


def get_public_co_opted(slug: str, *, prefetch=()) -> Councillor:
    """The co-opted member at ``slug`` with their co-options (newest first) and the caller's
    ``prefetch``, or 404 (unknown, or no co-option recorded). Two queries, and one per
    prefetch."""
    found = (
        public_co_opted()
        .select_related("profile")
        .prefetch_related(
            Prefetch("co_options", CoOption.objects.order_by("-start_date")),
            *prefetch,
        )
        .filter(slug=slug)
        .first()
    )
    if found is None:
        raise Http404("No such councillor or co-opted member")
    return found


def councillor_status(councillor: Councillor, today: date) -> dict:
    """What a councillor's profile says of their office today, from the prefetched terms and
    suspensions: ``key`` "active", "suspended", "not_in_office" (``last_day`` set) or "elected"
    (returned at an election, taking office on ``takes_office_on``)."""
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
        "suspended_until": _last_day(suspension.end_date) if suspension else None,
        "last_day": max(ended) - timedelta(days=1) if key == "not_in_office" and ended else None,
    }


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


def latest_co_option(member: Councillor, today: date | None = None) -> CoOption | None:
    """A co-opted member's latest co-option begun by today (the one in force, if any), with
    ``last_day`` set once it has ended; None for a councillor."""
    if not member.is_co_opted:
        return None
    today = today or timezone.localdate()
    co_option = member.co_options.filter(start_date__lte=today).order_by("-start_date").first()
    if co_option is not None:
        ended = co_option.end_date is not None and co_option.end_date <= today
        co_option.last_day = _last_day(co_option.end_date) if ended else None
    return co_option


# --- Registers of interests (Localism Act 2011 s29-s32) -----------------------------------------

# "Member": the member's own, a councillor's or a co-opted member's (s30(3)(a)).
WHOSE = {"self": "Member", "partner": "Spouse, civil partner or cohabitee", "": ""}


def public_lines(declaration_ids) -> dict[int, list[dict]]:
    """The public rows of the given published declarations of public members, by declaration
    id, labelled. A sensitive line (s32) is its category and the s32(2) words, replaced in SQL."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for row in Interest.private_objects.public().filter(
        declaration_id__in=list(declaration_ids),
        declaration__councillor__in=public_members().values("pk"),
    ):
        row["category_label"] = CATEGORY_LABELS[Category(row["category"])]
        row["whose_label"] = WHOSE[row["public_whose"]]
        row["is_dpi"] = is_disclosable_pecuniary(row["category"])
        rows[row["declaration_id"]].append(row)
    return rows


def sections(rows: list[dict]) -> list[dict]:
    """Every category in the Schedule's order (then Table 2), with its lines or none."""
    by_category: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_category[row["category"]].append(row)
    return [
        {
            "category": category.value,
            "label": CATEGORY_LABELS[category],
            "is_dpi": is_disclosable_pecuniary(category),
            "lines": by_category.get(category.value, []),
        }
        for category in Category
    ]


def interest_detail(line: dict) -> str:
    """One public line as the published register words it: whose (for a partner's interest),
    what, (with whom), where. A withheld line is the s32(2) words alone (they are already its
    only public text)."""
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


def published_versions(member: Councillor) -> list[InterestDeclaration]:
    """A public member's published versions of their register, newest (the current one) first."""
    return list(
        InterestDeclaration.all_objects.published()
        .filter(councillor=member, councillor__in=public_members().values("pk"))
        .order_by("-version")
        .only("pk", "version", "published_at", "councillor_id")
    )


def current_register(member: Councillor) -> InterestDeclaration | None:
    """A public member's current published register, or None."""
    return (
        InterestDeclaration.all_objects.current()
        .filter(councillor=member, councillor__in=public_members().values("pk"))
        .only("pk", "version", "published_at", "councillor_id")
        .first()
    )


def current_registers():
    """Every public member's current published register, with the member, by surname."""
    return (
        InterestDeclaration.all_objects.current()
        .filter(councillor__in=public_members().values("pk"))
        .select_related("councillor")
        .order_by("councillor__last_name", "councillor__first_name")
    )


def register_annotations() -> dict:
    """Annotations for a list of members: their current register's version
    (``register_version``) and publication time (``register_published_at``)."""
    newest = (
        InterestDeclaration.all_objects.published()
        .filter(councillor=OuterRef("pk"))
        .order_by("-version")
    )
    return {
        "register_version": Subquery(newest.values("version")[:1]),
        "register_published_at": Subquery(newest.values("published_at")[:1]),
    }


def co_opted_with_registers(today: date) -> CouncillorQuerySet:
    """Co-opted members in office today with their registers (``register_annotations``), their
    appointment (``appointment``) and the day it began (``co_opted_on``)."""
    co_option = CoOption.objects.filter(in_force_on(today), councillor=OuterRef("pk"))
    return co_opted_in_office(today).annotate(
        **register_annotations(),
        appointment=Subquery(co_option.values("appointment")[:1]),
        co_opted_on=Subquery(co_option.values("start_date")[:1]),
    )


@dataclass
class RegisterSummary:
    """A member's current published register of interests, counted."""

    version: int
    published_at: object
    total: int
    withheld: int
    categories: list[tuple[str, int]]


def register_summary(member: Councillor) -> RegisterSummary | None:
    """Two queries: the current published version, then its public lines."""
    current = current_register(member)
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


def search_text(member: Councillor) -> str:
    """The words of a member's current published register for a site search index: built from
    the public rows only, so a sensitive interest contributes its category and the s32(2) words
    and nothing else."""
    current = current_register(member)
    if current is None:
        return ""
    words = []
    for row in public_lines([current.pk]).get(current.pk, []):
        words += [
            row["category_label"],
            row["public_description"],
            row["public_organisation"],
            row["public_address"],
        ]
    return " ".join(word for word in words if word)


# --- Dispensations (s33) and gifts and hospitality ---------------------------------------------


def published_dispensations():
    """The register of dispensations: every dispensation of a public member, in full."""
    return Dispensation.all_objects.filter(councillor__in=public_members().values("pk"))


def published_gifts():
    """Gifts and hospitality an officer has published, of public members."""
    return GiftOrHospitality.all_objects.public().filter(
        councillor__in=public_members().values("pk")
    )


# --- Allowances (SI 2003/1021 reg 15) -----------------------------------------------------------


def allowances_publication(scheme: AllowanceScheme) -> list:
    """The total paid in the year to each public member under each head (reg 15(2))."""
    return allowance_services.year_totals(scheme, recipients=public_members())


def allowances_publication_csv(scheme: AllowanceScheme) -> str:
    """``allowances_publication`` as CSV."""
    return allowance_services.publication_csv(scheme, recipients=public_members())


def published_allowances(member: Councillor) -> dict | None:
    """A public member's line of the latest annual publication of allowances paid (reg 15):
    the year and the totals by head. Nothing before the council has published a year. Two
    queries."""
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
        .filter(councillor=member, councillor__in=public_members().values("pk"))
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


# --- Outside bodies -----------------------------------------------------------------------------


def outside_bodies(today: date):
    """Every outside body, with its public members appointed today (``now``). Two queries."""
    current = OutsideBodyAppointment.objects.filter(
        in_force_on(today), councillor__in=public_members().values("pk")
    ).select_related("councillor")
    return OutsideBody.objects.order_by("name").prefetch_related(
        Prefetch("appointments", queryset=current.order_by("councillor__last_name"), to_attr="now")
    )
