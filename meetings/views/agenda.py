"""Pages for agenda (see the meetings issue)."""

urlpatterns: list = []
