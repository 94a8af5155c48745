from django.urls import path

from elections import register_views, views

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
]
