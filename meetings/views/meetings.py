"""Pages for meetings (see the meetings issue)."""

urlpatterns: list = []
