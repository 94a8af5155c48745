"""Pages for forward plan (see the meetings issue)."""

urlpatterns: list = []
