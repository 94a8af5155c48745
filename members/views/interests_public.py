"""The published registers of interests, dispensations and gifts and hospitality: public pages
(no sign-in), the JSON rendition and the CSV exports.

Members are councillors and co-opted members alike (Localism Act 2011 s29 registers "interests
of members and co-opted members"): the index lists the councillors serving and, in their own
section, the co-opted members in office with their appointment; a co-opted member's register
page shows their appointment where a councillor's would show a ward.

Interest lines are read only through ``Interest.private_objects.public()``, whose rows carry a
sensitive interest (Localism Act 2011 s32) as the s32(2) words under its category and nothing
else, so every route here (pages, earlier versions, JSON, CSV) is safe by construction. Every
view runs a fixed number of queries whatever the data size.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from democracy.council import period
from democracy.validity import in_force_on
from members.models import CoOption, Councillor, Dispensation, GiftOrHospitality, Interest
from members.models import InterestDeclaration as Declaration
from members.rules.interests import CATEGORY_LABELS, Category, is_disclosable_pecuniary
from members.templatetags.money import pounds

# "Member": the member's own, a councillor's or a co-opted member's (s30(3)(a)).
WHOSE = {"self": "Member", "partner": "Spouse, civil partner or cohabitee", "": ""}


def public_lines(declaration_ids) -> dict[int, list[dict]]:
    """The public rows of the given published declarations, by declaration id, labelled."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for row in Interest.private_objects.public().filter(declaration_id__in=list(declaration_ids)):
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


def search_text(councillor: Councillor) -> str:
    """The words of a councillor's current published register for a site search index: built
    from the public rows only, so a sensitive interest contributes its category and the s32(2)
    words and nothing else."""
    current = Declaration.all_objects.current().filter(councillor=councillor).first()
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


def _councillor(slug: str) -> Councillor:
    return get_object_or_404(Councillor.objects.all(), slug=slug)


def _versions(councillor: Councillor) -> list[Declaration]:
    return list(
        Declaration.all_objects.published()
        .filter(councillor=councillor)
        .order_by("-version")
        .only("pk", "version", "published_at", "councillor_id")
    )


def _published_register():
    """Annotations for a member list: their current register's version and publication time."""
    newest = (
        Declaration.all_objects.published().filter(councillor=OuterRef("pk")).order_by("-version")
    )
    return {
        "register_version": Subquery(newest.values("version")[:1]),
        "register_published_at": Subquery(newest.values("published_at")[:1]),
    }


def register_index(request: HttpRequest) -> HttpResponse:
    """The registers of every member in office: serving councillors (with their ward), then
    co-opted members (with their appointment). Two queries whatever the number of members."""
    today = timezone.localdate()
    councillors = list(
        Councillor.objects.serving(today)
        .with_current_roles(today)
        .annotate(**_published_register())
        .order_by("last_name", "first_name", "pk")
    )
    co_option = CoOption.objects.filter(in_force_on(today), councillor=OuterRef("pk"))
    co_opted = list(
        Councillor.objects.co_opted(today)
        .annotate(
            **_published_register(),
            appointment=Subquery(co_option.values("appointment")[:1]),
            co_opted_on=Subquery(co_option.values("start_date")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    return render(
        request,
        "members/interests/public_index.html",
        {"councillors": councillors, "co_opted": co_opted},
    )


def _appointment(councillor: Councillor) -> CoOption | None:
    """A co-opted member's latest co-option begun by today (the one in force, if any), with
    ``last_day`` set once it has ended; None for a councillor."""
    if not councillor.is_co_opted:
        return None
    today = timezone.localdate()
    co_option = councillor.co_options.filter(start_date__lte=today).order_by("-start_date").first()
    if co_option is not None:
        ended = co_option.end_date is not None and co_option.end_date <= today
        # ``end_date`` is the first day no longer co-opted; people read the last day in office.
        co_option.last_day = co_option.end_date - timedelta(days=1) if ended else None
    return co_option


def _register_page(request, councillor: Councillor, versions, shown) -> HttpResponse:
    lines = public_lines([shown.pk]) if shown else {}
    dispensations = list(Dispensation.objects.filter(councillor=councillor))
    return render(
        request,
        "members/interests/public_register.html",
        {
            "councillor": councillor,
            "co_option": _appointment(councillor),
            "shown": shown,
            "is_current": bool(versions) and shown == versions[0],
            "versions": versions,
            "sections": sections(lines.get(shown.pk, []) if shown else []),
            "dispensations": dispensations,
        },
    )


def register(request: HttpRequest, slug: str) -> HttpResponse:
    """A councillor's current register of interests, with links to earlier versions."""
    councillor = _councillor(slug)
    versions = _versions(councillor)
    return _register_page(request, councillor, versions, versions[0] if versions else None)


def register_version(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """One published version, current or earlier, at its own address."""
    councillor = _councillor(slug)
    versions = _versions(councillor)
    shown = next((v for v in versions if v.version == version), None)
    if shown is None:
        raise Http404("No such version")
    return _register_page(request, councillor, versions, shown)


def _json_line(row: dict) -> dict:
    if row["withheld"]:
        return {
            "category": row["category"],
            "category_label": row["category_label"],
            "withheld": True,
            "description": row["public_description"],
        }
    return {
        "category": row["category"],
        "category_label": row["category_label"],
        "withheld": False,
        "disclosable_pecuniary_interest": row["is_dpi"],
        "whose": row["public_whose"],
        "description": row["public_description"],
        "organisation": row["public_organisation"],
        "address": row["public_address"],
    }


def register_json(request: HttpRequest, slug: str) -> JsonResponse:
    councillor = _councillor(slug)
    versions = _versions(councillor)
    current = versions[0] if versions else None
    lines = public_lines([current.pk]).get(current.pk, []) if current else []
    return JsonResponse(
        {
            "councillor": {
                "name": councillor.full_name,
                "slug": councillor.slug,
                "co_opted": councillor.is_co_opted,
            },
            "version": current.version if current else None,
            "published_at": current.published_at.isoformat() if current else None,
            "interests": [_json_line(row) for row in lines],
            "earlier_versions": [
                {
                    "version": v.version,
                    "published_at": v.published_at.isoformat(),
                    "url": request.build_absolute_uri(
                        reverse("members:interests-version", args=[councillor.slug, v.version])
                    ),
                }
                for v in versions[1:]
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


CSV_HEADER = [
    "Councillor",
    "Version",
    "Published",
    "Category",
    "Disclosable pecuniary interest",
    "Whose",
    "Description",
    "Organisation or body",
    "Address or land",
    "Member type",
]


def registers_csv(request: HttpRequest) -> HttpResponse:
    """Every member's current register, one row per interest; the last column says whether the
    member is a councillor or a co-opted member (added last so existing readers are unaffected)."""
    current = list(
        Declaration.all_objects.current()
        .select_related("councillor")
        .order_by("councillor__last_name", "councillor__first_name")
    )
    lines = public_lines(d.pk for d in current)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registers-of-interests.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for declaration in current:
        for row in lines.get(declaration.pk, []):
            writer.writerow(
                [
                    declaration.councillor.full_name,
                    declaration.version,
                    f"{declaration.published_at:%Y-%m-%d}",
                    row["category_label"],
                    "Yes" if row["is_dpi"] else "No",
                    row["whose_label"],
                    row["public_description"],
                    row["public_organisation"],
                    row["public_address"],
                    declaration.councillor.get_kind_display(),
                ]
            )
    return response


def dispensations(request: HttpRequest) -> HttpResponse:
    """The published register of dispensations (Localism Act 2011 s33)."""
    rows = Dispensation.objects.select_related("councillor").order_by("-granted_on", "id")
    return render(request, "members/interests/dispensations.html", {"dispensations": rows})


# --- Gifts and hospitality ----------------------------------------------------------------------


def gifts_for(request: HttpRequest, slug: str) -> HttpResponse:
    councillor = _councillor(slug)
    gifts = GiftOrHospitality.all_objects.public().filter(councillor=councillor)
    return render(
        request,
        "members/gifts/public.html",
        {
            "councillor": councillor,
            "gifts": list(gifts),
            "show_councillor": False,
            "threshold": pounds(Decimal(period("gift_threshold_pounds"))),
        },
    )


def gifts_all(request: HttpRequest) -> HttpResponse:
    gifts = GiftOrHospitality.all_objects.public().select_related("councillor")
    return render(
        request,
        "members/gifts/public.html",
        {
            "councillor": None,
            "gifts": list(gifts),
            "show_councillor": True,
            "threshold": pounds(Decimal(period("gift_threshold_pounds"))),
        },
    )


def gifts_csv(request: HttpRequest) -> HttpResponse:
    gifts = GiftOrHospitality.all_objects.public().select_related("councillor")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gifts-and-hospitality.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "Councillor",
            "Gift or hospitality",
            "From",
            "Description",
            "Estimated value (£)",
            "Date received or offered",
            "Accepted or declined",
            "Reason",
            "Date registered",
        ]
    )
    for gift in gifts:
        writer.writerow(
            [
                gift.councillor.full_name,
                gift.get_kind_display(),
                gift.donor,
                gift.description,
                f"{gift.estimated_value:.2f}",
                f"{gift.received_on:%Y-%m-%d}",
                "Accepted" if gift.accepted else "Declined",
                gift.reason,
                f"{gift.registered_on:%Y-%m-%d}",
            ]
        )
    return response


__all__ = [
    "dispensations",
    "gifts_all",
    "gifts_csv",
    "gifts_for",
    "register",
    "register_index",
    "register_json",
    "register_version",
    "registers_csv",
]
