"""The council's own settings pages under /council/: the constitution, venues and rooms."""

from democracy import views

app_name = "council"
urlpatterns = views.urlpatterns
