"""Pages for minutes (see the meetings issue)."""

urlpatterns: list = []
