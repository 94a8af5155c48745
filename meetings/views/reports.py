"""Pages for reports (see the meetings issue)."""

urlpatterns: list = []
