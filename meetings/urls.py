"""The meetings app's pages, gathered from each views module's ``urlpatterns``."""

from meetings.views import (
    agenda,
    balance,
    decisions,
    forward_plan,
    home,
    meetings,
    minutes,
    packs,
    portal,
    proceedings,
    reports,
)

app_name = "meetings"

urlpatterns = [
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
]
