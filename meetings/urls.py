"""The meetings app's pages, gathered from each views module's ``urlpatterns``.

Officer pages live under /officers/; the member portal's pages (named ``portal-…``) under
/members/portal/, beside the members app's own portal page; the public pages and feeds
(named ``public-…``) at the root (/committees/, /meetings/, /decisions/, /forward-plan/ …); the
Modern.Gov-compatible web service is the composition root's (``website.moderngov``). One namespace,
"meetings", for all.
"""

from django.urls import include, path

from meetings.views import (
    agenda,
    attendance_stats,
    balance,
    clearance,
    committees,
    decisions,
    forward_plan,
    home,
    interest_check,
    meetings,
    minutes,
    packs,
    participation,
    portal,
    proceedings,
    public,
    public_documents,
    public_feeds,
    report_writing,
    reports,
)

app_name = "meetings"

_all = [
    *home.urlpatterns,
    *meetings.urlpatterns,
    *agenda.urlpatterns,
    *reports.urlpatterns,
    *clearance.urlpatterns,
    *report_writing.urlpatterns,
    *packs.urlpatterns,
    *balance.urlpatterns,
    *committees.urlpatterns,
    *proceedings.urlpatterns,
    *minutes.urlpatterns,
    *decisions.urlpatterns,
    *forward_plan.urlpatterns,
    *portal.urlpatterns,
    *attendance_stats.urlpatterns,
    *interest_check.urlpatterns,
    *participation.urlpatterns,
]
_portal = [p for p in _all if (p.name or "").startswith("portal-")]

urlpatterns = [
    path("officers/", include([p for p in _all if p not in _portal])),
    path("members/", include(_portal)),
    path(
        "",
        include(
            [
                *participation.public_urlpatterns,
                *public.urlpatterns,
                *public_documents.urlpatterns,
                *public_feeds.urlpatterns,
            ]
        ),
    ),
]
