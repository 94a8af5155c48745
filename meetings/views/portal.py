"""Pages for portal (see the meetings issue)."""

urlpatterns: list = []
