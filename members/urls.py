from django.urls import path

from members.views import allowances, portal

app_name = "members"

urlpatterns = [
    path("portal/", portal.portal, name="portal"),
    *allowances.urlpatterns,
]
