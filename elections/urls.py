from django.urls import path

from elections import views

app_name = "elections"

urlpatterns = [
    path("", views.officer_home, name="officer-home"),
]
