"""Pages for proceedings (see the meetings issue)."""

urlpatterns: list = []
