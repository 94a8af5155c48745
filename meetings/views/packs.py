"""Pages for packs (see the meetings issue)."""

urlpatterns: list = []
