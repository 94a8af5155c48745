from django.urls import path

from members.views import portal, records, training

app_name = "members"

urlpatterns = [
    path("portal/", portal.portal, name="portal"),
    *records.urlpatterns,
    *training.urlpatterns,
]
