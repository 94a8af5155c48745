"""Pages for balance (see the meetings issue)."""

urlpatterns: list = []
