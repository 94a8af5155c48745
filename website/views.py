"""The composition root's pages: the public home page, static information pages and the
error handlers. The apps' pages live in their own ``views.py``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from elections import public as elections_public
from meetings import public as public_data
from members import public as members_public
from members.models import Councillor

logger = logging.getLogger(__name__)

HOME_MEETINGS = 5
HOME_DECISIONS = 5


def home(request: HttpRequest) -> HttpResponse:
    """The public front page: upcoming meetings, the latest decisions, the council's committees
    and its councillors by ward."""
    councillors = (
        members_public.serving_councillors()
        .with_current_roles()
        .order_by("last_name", "first_name")
    )
    by_ward: dict[int, list[Councillor]] = {}
    for councillor in councillors:
        by_ward.setdefault(councillor.current_ward_id, []).append(councillor)
    return render(
        request,
        "website/home.html",
        {
            "committees": public_data.committees().active().filter(parent__isnull=True),
            "wards": [
                (ward, by_ward.get(ward.pk, [])) for ward in elections_public.current_wards()
            ],
            "councillor_count": len(councillors),
            "upcoming_meetings": public_data.meetings()
            .upcoming()
            .select_related("committee", "room__venue")
            .order_by("starts_at")[:HOME_MEETINGS],
            "latest_decisions": public_data.decisions()
            .select_related("decision_maker_committee", "decision_maker_councillor")
            .order_by("-published_on", "-pk")[:HOME_DECISIONS],
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/cookies.html")


# What crawlers may index: the public pages, not the pages behind sign-in (they would only be
# sent to sign in) nor search results (endless combinations of the pages already listed in the
# sitemap).
ROBOTS_DISALLOW = [
    "/officers/",
    "/members/portal/",
    "/manage/",
    "/account/",
    "/dashboard/",
    "/elections/",
    "/appeals/",
    "/search/",
]


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt``: public pages allowed, the signed-in areas and search disallowed, and the
    sitemap's absolute address."""
    # Disallow lines first: crawlers that take the first matching line (Python's robotparser)
    # and those that take the longest (Google) then agree.
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}" for prefix in ROBOTS_DISALLOW]
    lines += ["Allow: /", "", f"Sitemap: {settings.SITE_URL.rstrip('/')}{reverse('sitemap')}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for on every page that names no icon (the console's):
    the site's icon, a static file."""
    return HttpResponsePermanentRedirect(static("images/favicon.svg"))


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page without touching the database or context processors: whatever broke
    the request may be the database itself."""
    try:
        body = loader.get_template("500.html").render({"council_name": settings.COUNCIL_NAME})
    except Exception:  # the template itself failing must still produce a page
        logger.exception("The 500 page failed to render")
        body = "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    return HttpResponseServerError(body)


@require_safe
def upcoming_elections(request: HttpRequest) -> HttpResponse:
    """``/polls/``: the elections to come, their key dates, and their candidates once the
    statement of persons nominated is published (through ``elections.public`` alone)."""
    return render(
        request,
        "website/elections.html",
        {"polls": elections_public.upcoming_polls(), "today": timezone.localdate()},
    )
