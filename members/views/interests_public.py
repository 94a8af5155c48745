"""The published registers of interests, dispensations and gifts and hospitality: public pages
(no sign-in), the JSON rendition and the CSV exports.

Interest lines are read only through ``Interest.private_objects.public()``, whose rows carry a
sensitive interest (Localism Act 2011 s32) as the s32(2) words under its category and nothing
else, so every route here (pages, earlier versions, JSON, CSV) is safe by construction. Every
view runs a fixed number of queries whatever the data size.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from democracy.council import period
from members.models import Councillor, Dispensation, GiftOrHospitality, Interest
from members.models import InterestDeclaration as Declaration
from members.rules.interests import CATEGORY_LABELS, Category, is_disclosable_pecuniary
from members.templatetags.money import pounds

WHOSE = {"self": "Councillor", "partner": "Spouse, civil partner or cohabitee", "": ""}


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


def _register_page(request, councillor: Councillor, versions, shown) -> HttpResponse:
    lines = public_lines([shown.pk]) if shown else {}
    dispensations = list(Dispensation.objects.filter(councillor=councillor))
    return render(
        request,
        "members/interests/public_register.html",
        {
            "councillor": councillor,
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
            "councillor": {"name": councillor.full_name, "slug": councillor.slug},
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
]


def registers_csv(request: HttpRequest) -> HttpResponse:
    """Every councillor's current register, one row per interest."""
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
    "register_json",
    "register_version",
    "registers_csv",
]
