"""The meetings app's pages, gathered from each views module's ``urlpatterns``.

Officer pages live under /officers/; the member portal's pages (named ``portal-…``) under
/members/portal/, beside the members app's own portal page. One namespace, "meetings", for both.
"""

from django.urls import include, path

from meetings.views import (
    agenda,
    balance,
    decisions,
    forward_plan,
    home,
    interest_check,
    meetings,
    minutes,
    packs,
    portal,
    proceedings,
    reports,
)

app_name = "meetings"

_all = [
    *home.urlpatterns,
    *meetings.urlpatterns,
    *agenda.urlpatterns,
    *reports.urlpatterns,
    *packs.urlpatterns,
    *balance.urlpatterns,
    *proceedings.urlpatterns,
    *minutes.urlpatterns,
    *decisions.urlpatterns,
    *forward_plan.urlpatterns,
    *portal.urlpatterns,
    *interest_check.urlpatterns,
]
_portal = [p for p in _all if (p.name or "").startswith("portal-")]

urlpatterns = [
    path("officers/", include([p for p in _all if p not in _portal])),
    path("members/", include(_portal)),
]
