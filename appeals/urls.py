from django.urls import path

from appeals.views import cases, decisions, hearings, home, lodging, reference, returns

app_name = "appeals"

urlpatterns = [
    path("", home.clerk_home, name="clerk-home"),
    path("panel/", hearings.panel_home, name="panel-home"),
    # Lodging an appeal and adding evidence: for families, without an account.
    path("lodge/", lodging.start, name="lodge-start"),
    path("lodge/check/", lodging.check_answers, name="lodge-check"),
    path("lodge/done/", lodging.done, name="lodge-done"),
    path("lodge/<slug:name>/", lodging.step, name="lodge-step"),
    path("evidence/<str:signed>/", lodging.evidence_link, name="evidence-link"),
    # Cases: clerks, and panel members for the cases of their own hearings.
    path("cases/", cases.case_list, name="cases"),
    path("cases/intake/", cases.intake, name="intake"),
    path("cases/new/", cases.case_create, name="case-new"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/classify/", cases.case_classify, name="case-classify"),
    path("cases/<int:pk>/reject/", cases.case_reject, name="case-reject"),
    path("cases/<int:pk>/withdraw/", cases.case_withdraw, name="case-withdraw"),
    path("cases/<int:pk>/evidence/new/", cases.evidence_add, name="case-evidence-new"),
    path(
        "cases/<int:pk>/evidence/<int:evidence_pk>/",
        cases.evidence_download,
        name="case-evidence",
    ),
    path("cases/<int:pk>/evidence-link/", cases.evidence_link_send, name="case-evidence-link"),
    path("cases/<int:pk>/decision/", decisions.decision_record, name="case-decision"),
    path(
        "cases/<int:pk>/decision/letter.pdf",
        decisions.decision_letter_pdf,
        name="case-decision-letter",
    ),
    path(
        "cases/<int:pk>/decision/letter/send/",
        decisions.decision_letter_send,
        name="case-decision-letter-send",
    ),
    # Hearings.
    path("hearings/", hearings.hearing_list, name="hearings"),
    path("hearings/plan/", hearings.hearing_plan, name="hearing-plan"),
    path("hearings/<int:pk>/", hearings.hearing_detail, name="hearing"),
    path("hearings/<int:pk>/notice/", hearings.hearing_notice, name="hearing-notice"),
    path(
        "hearings/<int:pk>/notice/<int:listing_pk>/",
        hearings.hearing_notice_pdf,
        name="hearing-notice-pdf",
    ),
    path("hearings/<int:pk>/cancel/", hearings.hearing_cancel, name="hearing-cancel"),
    path("hearings/<int:pk>/record/", decisions.hearing_record, name="hearing-record"),
    path("hearings/<int:pk>/bundle.pdf", decisions.bundle_panel, name="hearing-bundle"),
    path(
        "hearings/<int:pk>/bundle/<int:listing_pk>.pdf",
        decisions.bundle_parties,
        name="hearing-bundle-parties",
    ),
    # Returns and charging.
    path("returns/", returns.statutory_return, name="returns"),
    path("returns/<int:year>.csv", returns.statutory_return_csv, name="returns-csv"),
    path("charges/", returns.charges, name="charges"),
    path("charges.csv", returns.charges_csv, name="charges-csv"),
    # Reference data.
    path("schools/", reference.school_list, name="schools"),
    path("schools/new/", reference.school_create, name="school-new"),
    path("schools/<int:pk>/", reference.school_edit, name="school-edit"),
    path("authorities/", reference.authority_list, name="authorities"),
    path("authorities/new/", reference.authority_create, name="authority-new"),
    path("authorities/<int:pk>/", reference.authority_detail, name="authority"),
    path("authorities/<int:pk>/edit/", reference.authority_edit, name="authority-edit"),
    path(
        "authorities/<int:pk>/agreements/new/",
        reference.agreement_create,
        name="agreement-new",
    ),
    path("timetables/", reference.round_list, name="rounds"),
    path("timetables/new/", reference.round_create, name="round-new"),
    path("calendars/new/", reference.calendar_create, name="calendar-new"),
    path("calendars/<int:pk>/terms/new/", reference.term_create, name="term-new"),
    path("calendars/<int:pk>/closures/new/", reference.closure_create, name="closure-new"),
    path("panel-members/", reference.panel_member_list, name="panel-members"),
    path("panel-members/new/", reference.panel_member_create, name="panel-member-new"),
    path("panel-members/<int:pk>/", reference.panel_member_detail, name="panel-member"),
    path("panel-members/<int:pk>/edit/", reference.panel_member_edit, name="panel-member-edit"),
    path(
        "panel-members/<int:pk>/connections/new/",
        reference.connection_create,
        name="connection-new",
    ),
]
