"""The site's URLconf plus one address that fails, for the tests of the error pages."""

from __future__ import annotations

from django.urls import path

from website.urls import handler500  # noqa: F401 - the site's 500 page
from website.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("A deliberate failure, DATABASE_URL=postgres://secret@db/democracy")


urlpatterns = [path("broken-on-purpose/", broken), *site_urlpatterns]
