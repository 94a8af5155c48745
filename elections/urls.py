from django.urls import path

from elections import (
    canvass_views,
    election_views,
    nomination_views,
    register_views,
    registration_views,
    result_views,
    results_views,
    views,
)

app_name = "elections"

urlpatterns = [
    path("", views.officer_home, name="officer-home"),
    # Results of the count: public once an election's results are live (issue 13, point 5).
    path("results/", results_views.results_index_page, name="results"),
    path("results/<int:pk>/", results_views.election_results_page, name="results-election"),
    path(
        "results/<int:pk>/contests/<int:contest_pk>/",
        results_views.contest_results_page,
        name="results-contest",
    ),
    path(
        "results/<int:pk>/contests/<int:contest_pk>/<slug:document>.pdf",
        results_views.contest_document_page,
        name="results-contest-document",
    ),
    path(
        "results/<int:pk>/democracy-club.csv",
        results_views.democracy_club_csv_page,
        name="results-democracy-club-csv",
    ),
    # The register of electors: electoral services only (a 404 to anyone else).
    path("register/", register_views.register_home, name="register"),
    path("register/properties/<int:pk>/", register_views.property_detail, name="register-property"),
    path("register/electors/<int:pk>/", register_views.elector_detail, name="register-elector"),
    path(
        "register/electors/<int:pk>/alter/",
        registration_views.elector_alter,
        name="register-elector-alter",
    ),
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
        "register/stations/<int:pk>/",
        register_views.polling_station_detail,
        name="register-station",
    ),
    # Rolling registration and notices of alteration (issue 12, points 3 and 4).
    path(
        "register/applications/",
        registration_views.applications,
        name="register-applications",
    ),
    path(
        "register/applications/new/",
        registration_views.application_new,
        name="register-application-new",
    ),
    path(
        "register/applications/<int:pk>/",
        registration_views.application_detail,
        name="register-application",
    ),
    path(
        "register/applications/<int:pk>/objections/new/",
        registration_views.objection_new,
        name="register-objection-new",
    ),
    path("register/objections/", registration_views.objections, name="register-objections"),
    path(
        "register/objections/<int:pk>/",
        registration_views.objection_detail,
        name="register-objection",
    ),
    path("register/invitations/", registration_views.invitations, name="register-invitations"),
    path(
        "register/invitations/<int:pk>/",
        registration_views.invitation_detail,
        name="register-invitation",
    ),
    path("register/notices/", registration_views.notices, name="register-notices"),
    path("register/notices/<int:pk>/", registration_views.notice_detail, name="register-notice"),
    path(
        "register/notices/<int:pk>/districts/<int:district_pk>.csv",
        registration_views.notice_csv,
        name="register-notice-csv",
    ),
    path(
        "register/notices/<int:pk>/districts/<int:district_pk>.pdf",
        registration_views.notice_pdf,
        name="register-notice-pdf",
    ),
    path(
        "register/export/democracy-club.csv",
        register_views.export_democracy_club,
        name="register-export-democracy-club",
    ),
    # Elections and their statutory timetables: electoral services only (a 404 to anyone else).
    path("elections/", election_views.election_list, name="election-list"),
    path("elections/new/", election_views.election_create, name="election-create"),
    path("elections/<int:pk>/", election_views.election_detail, name="election"),
    path("elections/<int:pk>/change/", election_views.election_change, name="election-change"),
    path(
        "elections/<int:pk>/steps/<slug:step>/",
        election_views.step_done,
        name="election-step-done",
    ),
    path(
        "elections/<int:pk>/dates-fixed-by-law/",
        election_views.override_create,
        name="election-override",
    ),
    path("elections/<int:pk>/timetable.pdf", election_views.timetable_pdf, name="election-pdf"),
    path("elections/<int:pk>/timetable.ics", election_views.election_ics, name="election-ics"),
    # Entering, declaring and confirming results: electoral services only (point 5).
    path("elections/<int:pk>/results/", result_views.results_home, name="results-entry"),
    path(
        "elections/<int:pk>/results/<int:contest_pk>/",
        result_views.contest_count,
        name="results-entry-count",
    ),
    path(
        "elections/<int:pk>/results/<int:contest_pk>/declare/",
        result_views.contest_declare,
        name="results-entry-declare",
    ),
    path(
        "elections/<int:pk>/results/<int:contest_pk>/<slug:document>.pdf",
        result_views.contest_document,
        name="results-entry-document",
    ),
    path(
        "elections/<int:pk>/results/<int:contest_pk>/terms/",
        result_views.contest_terms,
        name="results-entry-terms",
    ),
    path("elections/timetables.ics", election_views.timetables_ics, name="timetables-ics"),
    path("elections/calendar/", election_views.calendar_subscription, name="timetables-calendar"),
    path(
        "elections/calendar/<str:token>/timetables.ics",
        election_views.timetables_ics_by_token,
        name="timetables-ics-token",
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
    # Nominations, the statutory notices and poll cards (issue 13, points 3 and 4).
    path(
        "elections/<int:pk>/nominations/",
        nomination_views.nominations_page,
        name="nominations",
    ),
    path(
        "elections/<int:pk>/nominations/new/",
        nomination_views.nomination_new,
        name="nomination-new",
    ),
    path(
        "elections/<int:pk>/candidates/<int:candidate_pk>/",
        nomination_views.candidate_detail,
        name="candidate",
    ),
    path(
        "elections/<int:pk>/notices/<slug:document>.pdf",
        nomination_views.notice_pdf,
        name="notice-pdf",
    ),
    path("elections/<int:pk>/poll-cards/", nomination_views.poll_cards_page, name="poll-cards"),
    path(
        "elections/<int:pk>/poll-cards/<int:batch_pk>/",
        nomination_views.poll_card_batch,
        name="poll-card-batch",
    ),
    path(
        "elections/<int:pk>/poll-cards/<int:batch_pk>/progress/",
        nomination_views.poll_card_batch_progress,
        name="poll-card-batch-progress",
    ),
    path(
        "elections/<int:pk>/poll-cards/<int:batch_pk>/cards.pdf",
        nomination_views.poll_card_batch_pdf,
        name="poll-card-batch-pdf",
    ),
    path(
        "elections/<int:pk>/poll-cards/<int:batch_pk>/retry/",
        nomination_views.poll_card_batch_retry,
        name="poll-card-batch-retry",
    ),
]
