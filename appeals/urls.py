from django.urls import path

from appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.clerk_home, name="clerk-home"),
    path("panel/", views.panel_home, name="panel-home"),
]
