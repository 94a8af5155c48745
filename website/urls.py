"""The composition root's URLconf: the cross-domain public site (home page, councillor pages,
search, the JSON API, the Modern.Gov-compatible service, sitemaps) and each app's URLconf."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from democracy import health
from democracy.accounts import views as account_views
from democracy.public_cache import public_conditional
from website import api_docs, councillors, moderngov, search, views
from website.api import api
from website.sitemaps import SITEMAPS

handler500 = "website.views.server_error"

urlpatterns = [
    path("", public_conditional(views.home), name="home"),
    path("polls/", public_conditional(views.upcoming_elections), name="upcoming-elections"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("health/", health.health, name="health"),
    path(
        "sitemap.xml",
        public_conditional(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("search/", search.search_page, name="search"),
    # The API's documentation for people, beside the API itself (its index is /api/v1/).
    re_path(r"^api/v1/docs/?$", api_docs.api_docs, name="api-docs"),
    path("api/v1/", api.urls),
    path("account/", include("democracy.accounts.urls")),
    path("dashboard/", account_views.dashboard, name="dashboard"),
    path("members/", include("members.urls")),
    # /councillors/… and the Modern.Gov councillor page addresses (mgUserInfo.aspx, mgRofI.aspx).
    path("", include(councillors.urlpatterns)),
    # The Modern.Gov-compatible web service and the page addresses its clients follow.
    path("", include(moderngov.urlpatterns)),
    path("", include("meetings.urls")),  # /officers/… and the member portal's /members/portal/…
    path("elections/", include("elections.urls")),
    path("appeals/", include("appeals.urls")),
    path("council/", include("democracy.urls")),  # the constitution, venues and rooms
    path("manage/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
