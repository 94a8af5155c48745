from django.urls import path

from elections import canvass_views, register_views, views

app_name = "elections"

urlpatterns = [
    path("", views.officer_home, name="officer-home"),
    # The register of electors: electoral services only (a 404 to anyone else).
    path("register/", register_views.register_home, name="register"),
    path("register/properties/<int:pk>/", register_views.property_detail, name="register-property"),
    path("register/electors/<int:pk>/", register_views.elector_detail, name="register-elector"),
    path("register/imports/", register_views.import_start, name="register-import-start"),
    path("register/imports/<int:pk>/", register_views.import_detail, name="register-import"),
    path(
        "register/imports/<int:pk>/progress/",
        register_views.import_progress,
        name="register-import-progress",
    ),
    path(
        "register/districts/<int:pk>/<slug:edition>-register.csv",
        register_views.register_csv,
        name="register-csv",
    ),
    path(
        "register/districts/<int:pk>/<slug:edition>-register.pdf",
        register_views.register_pdf,
        name="register-pdf",
    ),
    path("register/supplies/", register_views.supplies, name="register-supplies"),
    path(
        "register/export/democracy-club.csv",
        register_views.export_democracy_club,
        name="register-export-democracy-club",
    ),
    # The annual canvass (issue 12, point 5): electoral services only (a 404 to anyone else).
    path("register/canvass/", canvass_views.canvass_list, name="canvass-list"),
    path("register/canvass/<int:year>/", canvass_views.canvass_detail, name="canvass"),
    path("register/canvass/<int:year>/route/", canvass_views.canvass_route, name="canvass-route"),
    path(
        "register/canvass/<int:year>/matches/",
        canvass_views.match_import,
        name="canvass-match-import-start",
    ),
    path(
        "register/canvass/<int:year>/matches/<int:pk>/",
        canvass_views.match_import_detail,
        name="canvass-match-import",
    ),
    path(
        "register/canvass/<int:year>/matches/<int:pk>/progress/",
        canvass_views.match_import_progress,
        name="canvass-match-import-progress",
    ),
    path(
        "register/canvass/<int:year>/local-matching/",
        canvass_views.local_match,
        name="canvass-local-match",
    ),
    path(
        "register/canvass/<int:year>/defined-properties/",
        canvass_views.defined_properties,
        name="canvass-defined",
    ),
    path(
        "register/canvass/<int:year>/batches/", canvass_views.batch_create, name="canvass-batches"
    ),
    path(
        "register/canvass/<int:year>/batches/<int:pk>/",
        canvass_views.batch_detail,
        name="canvass-batch",
    ),
    path(
        "register/canvass/<int:year>/batches/<int:pk>/progress/",
        canvass_views.batch_progress,
        name="canvass-batch-progress",
    ),
    path(
        "register/canvass/<int:year>/batches/<int:pk>/letters.pdf",
        canvass_views.batch_pdf,
        name="canvass-batch-pdf",
    ),
    path(
        "register/canvass/<int:year>/properties/<int:pk>/",
        canvass_views.canvass_property,
        name="canvass-property",
    ),
    # Statistics of the electorate (issue 12, point 6).
    path("register/statistics/", canvass_views.statistics, name="register-statistics"),
    path("register/statistics.csv", canvass_views.statistics_csv, name="register-statistics-csv"),
    # The public online response to the canvass: no account, a reference and security code.
    path("canvass/respond/", canvass_views.respond_start, name="canvass-respond"),
    path("canvass/respond/check/", canvass_views.respond_check, name="canvass-respond-check"),
    path("canvass/respond/done/", canvass_views.respond_done, name="canvass-respond-done"),
    path(
        "canvass/respond/<slug:step>/",
        canvass_views.respond_step,
        name="canvass-respond-step",
    ),
]
