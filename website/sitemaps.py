"""``/sitemap.xml``: the public pages for search engines. Built from the apps' public QuerySets
only, so nothing that is not public can be listed: committees, meetings (their pages exist from
the moment they are scheduled), public reports, the decisions register, the forward plan, and the
profiles of councillors and co-opted members."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings import public as public_data
from members import public as members_public


class StaticPages(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "meetings:public-committees",
            "meetings:public-meetings",
            "meetings:public-decisions",
            "meetings:public-forward-plan",
            "councillor-index",
            "upcoming-elections",
        ]

    def location(self, item):
        return reverse(item)


class Committees(Sitemap):
    changefreq = "weekly"

    def items(self):
        return public_data.committees().order_by("name")

    def location(self, item):
        return reverse("meetings:public-committee", args=[item.slug])


class Meetings(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return public_data.meetings().select_related("committee").order_by("-starts_at", "pk")

    def lastmod(self, item):
        return item.agenda_published_at


class Reports(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return public_data.reports().order_by("pk")

    def location(self, item):
        return reverse("meetings:public-report", args=[item.pk])


class Decisions(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return public_data.decisions().order_by("pk")

    def location(self, item):
        return reverse("meetings:public-decision", args=[item.pk])

    def lastmod(self, item):
        return item.published_on


class Members(Sitemap):
    """Councillors' and co-opted members' profiles: the people with a public profile."""

    changefreq = "weekly"

    def items(self):
        return (
            members_public.public_members().only("slug").order_by("last_name", "first_name", "pk")
        )

    def location(self, item):
        return reverse("councillor", args=[item.slug])


SITEMAPS = {
    "pages": StaticPages,
    "committees": Committees,
    "members": Members,
    "meetings": Meetings,
    "reports": Reports,
    "decisions": Decisions,
}
