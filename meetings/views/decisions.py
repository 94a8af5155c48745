"""Pages for decisions (see the meetings issue)."""

urlpatterns: list = []
