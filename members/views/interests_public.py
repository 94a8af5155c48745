"""The published registers of interests, dispensations and gifts and hospitality: public pages
(no sign-in), the JSON rendition and the CSV exports.

Members are councillors and co-opted members alike (Localism Act 2011 s29 registers "interests
of members and co-opted members"): the index lists the councillors serving and, in their own
section, the co-opted members in office with their appointment; a co-opted member's register
page shows their appointment where a councillor's would show a ward.

Everything here is read through ``members.public``: only public members (a person never in
office is "not found" at their address and listed nowhere), and interest lines only through
``Interest.private_objects.public()``, whose rows carry a sensitive interest (Localism Act 2011
s32) as the s32(2) words under its category and nothing else, so every route here (pages,
earlier versions, JSON, CSV) is safe by construction. Every view runs a fixed number of queries
whatever the data size.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from democracy import spreadsheet
from democracy.council import period
from members import public
from members.models import Councillor
from members.templatetags.money import pounds


def register_index(request: HttpRequest) -> HttpResponse:
    """The registers of every member in office: serving councillors (with their ward), then
    co-opted members (with their appointment). Two queries whatever the number of members."""
    today = timezone.localdate()
    councillors = list(
        public.serving_councillors(today)
        .with_current_roles(today)
        .annotate(**public.register_annotations())
        .order_by("last_name", "first_name", "pk")
    )
    co_opted = list(public.co_opted_with_registers(today).order_by("last_name", "first_name", "pk"))
    return render(
        request,
        "members/interests/public_index.html",
        {"councillors": councillors, "co_opted": co_opted},
    )


def _register_page(request, councillor: Councillor, versions, shown) -> HttpResponse:
    lines = public.public_lines([shown.pk]) if shown else {}
    dispensations = list(public.published_dispensations().filter(councillor=councillor))
    return render(
        request,
        "members/interests/public_register.html",
        {
            "councillor": councillor,
            "co_option": public.latest_co_option(councillor),
            "shown": shown,
            "is_current": bool(versions) and shown == versions[0],
            "versions": versions,
            "sections": public.sections(lines.get(shown.pk, []) if shown else []),
            "dispensations": dispensations,
        },
    )


def register(request: HttpRequest, slug: str) -> HttpResponse:
    """A councillor's current register of interests, with links to earlier versions."""
    councillor = public.get_public_member(slug)
    versions = public.published_versions(councillor)
    return _register_page(request, councillor, versions, versions[0] if versions else None)


def register_version(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """One published version, current or earlier, at its own address."""
    councillor = public.get_public_member(slug)
    versions = public.published_versions(councillor)
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
    councillor = public.get_public_member(slug)
    versions = public.published_versions(councillor)
    current = versions[0] if versions else None
    lines = public.public_lines([current.pk]).get(current.pk, []) if current else []
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
    current = list(public.current_registers())
    lines = public.public_lines(d.pk for d in current)
    response = spreadsheet.csv_response("registers-of-interests.csv")
    writer = spreadsheet.writer(response)
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
    rows = (
        public.published_dispensations().select_related("councillor").order_by("-granted_on", "id")
    )
    return render(request, "members/interests/dispensations.html", {"dispensations": rows})


# --- Gifts and hospitality ----------------------------------------------------------------------


def gifts_for(request: HttpRequest, slug: str) -> HttpResponse:
    councillor = public.get_public_member(slug)
    gifts = public.published_gifts().filter(councillor=councillor)
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
    gifts = public.published_gifts().select_related("councillor")
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
    gifts = public.published_gifts().select_related("councillor")
    response = spreadsheet.csv_response("gifts-and-hospitality.csv")
    writer = spreadsheet.writer(response)
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
