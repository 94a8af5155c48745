from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.officer_home, name="officer-home"),
    path("reports/", views.author_home, name="author-home"),
]
