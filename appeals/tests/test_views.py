"""Appeals pages with the named personas: only appeals clerks see cases, a panel member sees the
cases and hearings they sit on, everyone else (signed in or not) gets a 404; every view of a case
is audited. The family's lodging pages and evidence link work without an account."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal, Evidence, Hearing
from appeals.services import cases, scheduling
from appeals.tasks import send_email
from appeals.tests.factories import at, build_scene, fresh_cache, lodge
from democracy.models import AuditEvent, Reminder
from democracy.tests.factories_pdf import JAVASCRIPT_CASES, pdf_with

pytestmark = pytest.mark.django_db

AUDIT = AuditEvent._default_manager
TODAY = date(2026, 4, 20)
HEARING_DAY = date(2026, 5, 6)


@pytest.fixture(autouse=True)
def _own_cache(settings):
    fresh_cache(settings)


@pytest.fixture
def scene(clerk, panel_member):
    return build_scene(by=clerk, panel_user=panel_member)


@pytest.fixture
def listed(scene, clerk):
    """Two appeals for Harbour Academy at one grouped hearing, on whose panel the
    ``panel_member`` persona sits; and a third appeal, not listed."""
    appeals = [lodge(scene.academy) for _ in range(2)]
    hearing = scheduling.hearing_schedule(
        appeals=appeals,
        starts_at=at(HEARING_DAY, 10),
        ends_at=at(HEARING_DAY, 16),
        group_stage_ends_at=at(HEARING_DAY, 11),
        clerk=clerk,
        seats=scene.valid_admission_panel(),
        room=scene.room,
        today=TODAY,
        by=clerk,
    )
    other = lodge(scene.academy)
    return appeals, hearing, other


def login(client, user):
    client.force_login(user)
    return client


# --- Who may see what --------------------------------------------------------------------------


def case_urls(appeal: Appeal, hearing: Hearing) -> list[str]:
    return [
        reverse("appeals:case", args=[appeal.pk]),
        reverse("appeals:hearing", args=[hearing.pk]),
    ]


CLERK_ONLY = [
    "appeals:intake",
    "appeals:cases",
    "appeals:case-new",
    "appeals:hearings",
    "appeals:hearing-plan",
]


@pytest.mark.parametrize("persona", ["officer", "councillor", "manager", "electoral_officer"])
def test_everyone_but_clerks_and_the_panel_gets_a_404(request, client, listed, persona):
    appeals, hearing, _ = listed
    login(client, request.getfixturevalue(persona))
    for url in case_urls(appeals[0], hearing) + [reverse(name) for name in CLERK_ONLY]:
        assert client.get(url).status_code == 404, url
    evidence_url = reverse("appeals:case-evidence", args=[appeals[0].pk, 1])
    assert client.get(evidence_url).status_code == 404


def test_anonymous_visitors_get_a_404_too(client, listed):
    appeals, hearing, _ = listed
    for url in case_urls(appeals[0], hearing) + [reverse(name) for name in CLERK_ONLY]:
        assert client.get(url).status_code == 404, url


def test_the_clerk_sees_every_case_and_each_view_is_audited(client, clerk, listed):
    appeals, _, other = listed
    login(client, clerk)
    for appeal in [*appeals, other]:
        response = client.get(reverse("appeals:case", args=[appeal.pk]))
        assert response.status_code == 200
        assert "Sam Rivers" in response.content.decode()
    views = AUDIT.filter(action="appeals.appeal.view")
    assert sorted(int(v.object_id) for v in views) == sorted(a.pk for a in [*appeals, other])
    assert {v.actor for v in views} == {clerk}
    assert not any("Rivers" in str(v.changes) + v.object_repr + v.note for v in views)
    for name in CLERK_ONLY:
        assert client.get(reverse(name)).status_code == 200, name


def test_a_panel_member_sees_only_their_own_hearing_and_its_cases(client, panel_member, listed):
    appeals, hearing, other = listed
    login(client, panel_member)
    assert client.get(reverse("appeals:hearing", args=[hearing.pk])).status_code == 200
    page = client.get(reverse("appeals:case", args=[appeals[0].pk]))
    assert page.status_code == 200
    body = page.content.decode()
    # Read only, and without the family's contact details.
    assert "jo.rivers@example.com" not in body and "Reject the appeal" not in body
    assert client.get(reverse("appeals:case", args=[other.pk])).status_code == 404
    for name in CLERK_ONLY:
        assert client.get(reverse(name)).status_code == 404, name
    home = client.get(reverse("appeals:panel-home")).content.decode()
    assert "Admission appeals for Harbour Academy, 6 May 2026" in home
    [row] = AUDIT.filter(action="appeals.appeal.view")
    assert row.actor == panel_member


def test_a_panel_member_of_another_hearing_gets_a_404(client, listed, scene, clerk):
    from democracy.roles import Role
    from democracy.tests.factories import UserFactory

    appeals, hearing, _ = listed
    stranger = UserFactory(username="other-panel", roles=[Role.APPEALS_PANEL_MEMBER])
    login(client, stranger)
    assert client.get(reverse("appeals:case", args=[appeals[0].pk])).status_code == 404
    assert client.get(reverse("appeals:hearing", args=[hearing.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["appeals:schools", "appeals:authorities", "appeals:rounds", "appeals:panel-members"]
)
def test_reference_screens_are_for_clerks(client, scene, clerk, officer, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # to sign in
    login(client, officer)
    assert client.get(url).status_code == 403
    login(client, clerk)
    assert client.get(url).status_code == 200


# --- Reference data screens -----------------------------------------------------------------------


def test_adding_a_school_with_the_wrong_authority_is_refused_on_its_field(client, scene, clerk):
    login(client, clerk)
    response = client.post(
        reverse("appeals:school-new"),
        {
            "urn": "140009",
            "name": "Quay Academy",
            "phase": "secondary",
            "category": "academy",
            "admission_authority": scene.council.pk,
        },
    )
    assert response.status_code == 200
    assert "admission authority is its academy trust" in response.content.decode()
    response = client.post(
        reverse("appeals:school-new"),
        {
            "urn": "140009",
            "name": "Quay Academy",
            "phase": "secondary",
            "category": "academy",
            "admission_authority": scene.trust.pk,
        },
    )
    assert response.status_code == 302


def test_a_calendar_line_that_is_not_a_date_is_named(client, scene, clerk):
    login(client, clerk)
    response = client.post(
        reverse("appeals:calendar-new"),
        {
            "name": "Trust calendar",
            "terms": "Autumn 1 2026, 2/9/2026, 23/10/2026\nAutumn 2, 2/11/26x, 18/12/2026",
        },
    )
    assert "Line 2: “2/11/26x” is not a date like 2/9/2026" in response.content.decode()


def test_a_round_too_early_is_refused_on_the_deadline(client, scene, clerk):
    login(client, clerk)
    response = client.post(
        reverse("appeals:round-new"),
        {
            "admission_authority": scene.council.pk,
            "entry_year": "2026",
            "phase": "secondary",
            "offer_date_0": "2",
            "offer_date_1": "3",
            "offer_date_2": "2026",
            "lodging_deadline_0": "27",
            "lodging_deadline_1": "3",
            "lodging_deadline_2": "2026",
        },
    )
    assert "it can be no earlier than 13 April 2026" in response.content.decode()


# --- Lodging online ------------------------------------------------------------------------------

ANSWERS = {
    "school": lambda scene: {"school": scene.academy.pk},
    "place": lambda scene: {"year_group": "7", "when": "normal"},
    "decision": lambda scene: {
        "decision_notified_on_0": "2",
        "decision_notified_on_1": "3",
        "decision_notified_on_2": "2026",
    },
    "child": lambda scene: {
        "child_first_name": "Sam",
        "child_last_name": "Rivers",
        "child_date_of_birth_0": "3",
        "child_date_of_birth_1": "10",
        "child_date_of_birth_2": "2014",
    },
    "contact": lambda scene: {
        "appellant_name": "Jo Rivers",
        "relationship": "parent",
        "email": "jo.rivers@example.com",
        "address": "4 Mill Lane, Kingsmere",
        "postcode": "KM1 2AB",
    },
    "reasons": lambda scene: {"grounds": "Her sister attends the school."},
}


def answer_everything(client, scene) -> None:
    for step, answers in ANSWERS.items():
        response = client.post(reverse("appeals:lodge-step", args=[step]), answers(scene))
        assert response.status_code == 302, (step, response.content.decode()[:2000])


def test_a_parent_lodges_an_appeal_without_an_account(client, scene):
    assert client.get(reverse("appeals:lodge-start")).status_code == 200
    # Jumping ahead goes back to the first unanswered question.
    assert client.get(reverse("appeals:lodge-check")).url == reverse(
        "appeals:lodge-step", args=["school"]
    )
    answer_everything(client, scene)
    evidence_url = reverse("appeals:lodge-step", args=["evidence"])
    refused = client.post(
        evidence_url,
        {
            "file": SimpleUploadedFile(
                "letter.pdf", JAVASCRIPT_CASES["a page's /AA"], "application/pdf"
            )
        },
    )
    assert "letter.pdf contains JavaScript and actions that run by themselves (/AA)" in (
        refused.content.decode()
    )
    added = client.post(
        evidence_url, {"file": SimpleUploadedFile("letter.pdf", pdf_with(), "application/pdf")}
    )
    assert added.status_code == 302
    assert client.post(evidence_url, {"continue": "1"}).url == reverse("appeals:lodge-check")
    check = client.get(reverse("appeals:lodge-check")).content.decode()
    assert "Harbour Academy" in check and "Sam Rivers" in check and "letter.pdf" in check
    done = client.post(reverse("appeals:lodge-check"), follow=True)
    assert "ADM-2026-0001" in done.content.decode() or "Your reference is" in done.content.decode()
    appeal = Appeal.cases.get()
    assert appeal.channel == "online" and appeal.entered_by is None
    [evidence] = Evidence.private_objects.all()
    assert (evidence.appeal, evidence.source, evidence.content_type) == (
        appeal,
        "lodging",
        "application/pdf",
    )
    assert appeal.reference in done.content.decode()
    [row] = Reminder.outbox.all()
    assert send_email(row.pk)
    assert appeal.reference in mail.outbox[0].body
    # The draft is gone: starting again starts from the first question.
    assert client.get(reverse("appeals:lodge-check")).status_code == 302


def test_a_question_left_empty_names_its_field(client, scene):
    response = client.post(reverse("appeals:lodge-step", args=["school"]), {})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose the school you are appealing for a place at" in body
    assert body.count("<h1") == 1 and "Error:" in body


def test_bad_answers_are_refused_on_their_own_question_naming_the_field(client, scene):
    """A date in the future, a name too long, an empty file: each refused on the page that asks
    for it, with a message naming the field, and nothing kept in the draft."""
    step = lambda name: reverse("appeals:lodge-step", args=[name])  # noqa: E731
    client.post(step("school"), ANSWERS["school"](scene))
    client.post(step("place"), ANSWERS["place"](scene))
    next_year = timezone.localdate().year + 1
    future = {
        "decision_notified_on_0": "2",
        "decision_notified_on_1": "3",
        "decision_notified_on_2": str(next_year),
    }
    body = client.post(step("decision"), future).content.decode()
    assert (
        "The date you were told your application was unsuccessful must be today or in the past"
        in body
    )
    body = client.post(
        step("decision"),
        {
            **ANSWERS["decision"](scene),
            "decision_notified_on_0": "31",
            "decision_notified_on_1": "2",
        },
    ).content
    assert "The date you were told your application was unsuccessful must be a real date" in (
        body.decode()
    )
    assert client.post(step("decision"), ANSWERS["decision"](scene)).status_code == 302
    child = ANSWERS["child"](scene)
    body = client.post(step("child"), {**child, "child_date_of_birth_2": str(next_year)})
    assert "Your child&#x27;s date of birth must be in the past" in body.content.decode()
    body = client.post(step("child"), {**child, "child_first_name": "x" * 101}).content.decode()
    assert "Your child&#x27;s first name must be 100 characters or fewer" in body
    assert "Ensure this value" not in body
    assert client.post(step("child"), child).status_code == 302
    client.post(step("contact"), ANSWERS["contact"](scene))
    client.post(step("reasons"), ANSWERS["reasons"](scene))
    empty = SimpleUploadedFile("letter.pdf", b"", "application/pdf")
    body = client.post(step("evidence"), {"file": empty}).content.decode()
    assert "The selected file is empty" in body and 'href="#id_file"' in body
    draft = client.session["appeals_lodging_draft"]
    assert draft["decision_notified_on"] == "2026-03-02" and draft["uploads"] == []
    assert draft["child_date_of_birth"] == "2014-10-03"


def test_a_problem_found_when_lodging_links_to_its_question(client, scene):
    answer_everything(client, scene)
    client.post(reverse("appeals:lodge-step", args=["evidence"]), {"continue": "1"})
    # The draft says something the question pages would now refuse (kept from an older form,
    # say): the service refuses it at the end, and the message links back to its question.
    session = client.session
    session["appeals_lodging_draft"]["decision_notified_on"] = "2099-01-04"
    session.save()
    response = client.post(reverse("appeals:lodge-check"))
    body = response.content.decode()
    assert response.status_code == 200 and Appeal.cases.count() == 0
    question = reverse("appeals:lodge-step", args=["decision"])
    assert f'<a href="{question}?change=1">The date you were told of the decision' in body


def test_lodging_is_capped_per_visitor(client, scene, settings):
    settings.APPEALS_LODGING_PER_HOUR = 1
    client.defaults["REMOTE_ADDR"] = "203.0.113.77"
    for expected in (302, 429):
        answer_everything(client, scene)
        client.post(reverse("appeals:lodge-step", args=["evidence"]), {"continue": "1"})
        assert client.post(reverse("appeals:lodge-check")).status_code == expected
    assert Appeal.cases.count() == 1


def test_the_evidence_link_adds_a_document_and_an_expired_one_does_not(client, scene):
    appeal = lodge(scene.academy)
    link, signed = cases.evidence_link_issue(appeal=appeal, by=None)
    url = reverse("appeals:evidence-link", args=[signed])
    page = client.get(url)
    assert page.status_code == 200
    assert appeal.reference in page.content.decode()
    assert "Sam" not in page.content.decode()  # whoever holds the link sees no child
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(out, format="PNG")
    response = client.post(
        url, {"file": SimpleUploadedFile("photo.png", out.getvalue(), "image/png")}, follow=True
    )
    assert "Your document has been added" in response.content.decode()
    assert appeal.evidence.get().source == "link"
    cases.evidence_link_revoke(link=link, by=None)
    assert client.get(url).status_code == 404


# --- The clerk's screens ------------------------------------------------------------------------------


def test_the_clerk_enters_a_paper_appeal(client, scene, clerk):
    login(client, clerk)
    response = client.post(
        reverse("appeals:case-new"),
        {
            "kind": "admission_in_year",
            "channel": "paper",
            "lodged_on_0": "20",
            "lodged_on_1": "4",
            "lodged_on_2": "2026",
            "school": scene.community_school.pk,
            "year_group": "8",
            "entry_year": "2025",
            "decision_notified_on_0": "14",
            "decision_notified_on_1": "4",
            "decision_notified_on_2": "2026",
            "child_first_name": "Ali",
            "child_last_name": "Khan",
            "child_date_of_birth_0": "1",
            "child_date_of_birth_1": "2",
            "child_date_of_birth_2": "2013",
            "appellant_name": "Rana Khan",
            "relationship": "parent",
            "address": "9 Quay Street",
            "postcode": "KM2 1AA",
            "grounds": "Moved into the area.",
        },
    )
    appeal = Appeal.cases.get()
    assert response.url == reverse("appeals:case", args=[appeal.pk])
    assert (appeal.channel, appeal.entered_by, appeal.kind) == ("paper", clerk, "admission_in_year")
    # No email address: no acknowledgement email (the clerk writes).
    assert not Reminder.outbox.exists()
    page = client.get(response.url).content.decode()
    assert "Hear the appeal by" in page


def test_the_planner_schedules_a_grouped_hearing_and_refuses_an_invalid_panel(
    client, clerk, panel_member
):
    # The planner works from the real date: terms around today, in-year appeals lodged today.
    scene = build_scene(by=clerk, panel_user=panel_member, live=True)
    today = timezone.localdate()
    appeals = [
        lodge(
            scene.academy,
            kind="admission_in_year",
            year_group="8",
            entry_year=today.year,
            decision_notified_on=today,
            lodged_on=today,
        )
        for _ in range(2)
    ]
    login(client, clerk)
    url = reverse("appeals:hearing-plan") + "".join(
        f"{'&' if i else '?'}appeals={a.pk}" for i, a in enumerate(appeals)
    )
    page = client.get(url)
    assert page.status_code == 200
    day = page.context["form"].fields["day"].choices[0][0]
    base = {
        "day": day,
        "start": "10am",
        "group_stage_end": "11am",
        "end": "4pm",
        "room": scene.room.pk,
        "clerk": clerk.pk,
    }
    members = scene.members
    invalid = client.post(
        url,
        {
            **base,
            "panel": [
                f"{members['education'].pk}:education",
                f"{members['education_2'].pk}:education",
                f"{members['head'].pk}:head_teacher",
            ],
            "chair": members["education"].pk,
        },
    )
    assert invalid.status_code == 200
    assert "An admission appeal panel needs at least one lay member" in invalid.content.decode()
    assert not Hearing.hearings.exists()
    valid = client.post(
        url,
        {
            **base,
            "panel": [
                f"{members['lay'].pk}:lay",
                f"{members['education'].pk}:education",
                f"{members['education_2'].pk}:education",
            ],
            "chair": members["lay"].pk,
        },
    )
    hearing = Hearing.hearings.get()
    assert valid.url == reverse("appeals:hearing", args=[hearing.pk])
    assert hearing.is_grouped and hearing.listings.count() == 2
    detail = client.get(valid.url).content.decode()
    assert "Alex Lay, lay member (chair)" in detail
    notice = client.post(reverse("appeals:hearing-notice", args=[hearing.pk]), follow=True)
    assert "Notice of the hearing has been emailed to 2 appellants" in notice.content.decode()
    listing = hearing.listings.first()
    letter = client.get(reverse("appeals:hearing-notice-pdf", args=[hearing.pk, listing.pk]))
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF-")


def test_case_pages_run_a_bounded_number_of_queries(client, scene, clerk):
    login(client, clerk)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    lodge(scene.academy)
    small = {name: count(reverse(name)) for name in ("appeals:intake", "appeals:cases")}
    for _ in range(6):
        lodge(scene.academy)
        lodge(scene.community_school)
    large = {name: count(reverse(name)) for name in ("appeals:intake", "appeals:cases")}
    assert large == small


def test_the_clerk_home_links_to_the_work(client, clerk, scene):
    login(client, clerk)
    body = client.get(reverse("appeals:clerk-home")).content.decode()
    for text in ("New appeals waiting for a hearing", "Plan a hearing", "Panel members", "Schools"):
        assert text in body
    assert re.search(r"Add a term<span class=\"govuk-visually-hidden\"> to ", body)


# --- Intake decisions, documents and reference forms ------------------------------------------------


def test_the_clerk_records_a_withdrawal_before_the_hearing(client, scene, clerk, listed):
    client.force_login(clerk)
    appeal = listed[0][0]
    page = client.get(reverse("appeals:case", args=[appeal.pk])).content.decode()
    withdraw_url = reverse("appeals:case-withdraw", args=[appeal.pk])
    assert withdraw_url in page
    too_long = client.post(withdraw_url, {"note": "x" * 2001}).content.decode()
    assert "The note must be 2,000 characters or fewer" in too_long
    assert Appeal.cases.get(pk=appeal.pk).status == "listed"
    response = client.post(withdraw_url, {"note": "Offered a place at another school"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "withdrawn" and appeal.determined_on == timezone.localdate()
    assert appeal.retain_until is not None
    assert not appeal.listings.filter(cancelled_at=None).exists()
    # A closed case offers no more documents, links or withdrawals.
    page = client.get(reverse("appeals:case", args=[appeal.pk])).content.decode()
    assert withdraw_url not in page
    assert reverse("appeals:case-evidence-new", args=[appeal.pk]) not in page
    assert reverse("appeals:case-evidence-link", args=[appeal.pk]) not in page
    again = client.post(withdraw_url, {"note": ""}).content.decode()
    assert "The appeal is already closed" in again


def test_intake_decisions_are_refused_on_their_fields(client, scene, clerk):
    appeal = lodge(scene.academy)
    login(client, clerk)
    response = client.post(
        reverse("appeals:case-classify", args=[appeal.pk]),
        {"kind": "admission_normal", "infant_class_size": "on"},
    )
    assert "Infant class size applies only to Reception, Year 1 and Year 2" in (
        response.content.decode()
    )
    empty = client.post(reverse("appeals:case-reject", args=[appeal.pk]), {"reason": ""})
    assert "Say why the appeal is rejected" in empty.content.decode()
    client.post(reverse("appeals:case-reject", args=[appeal.pk]), {"reason": "Not appealable"})
    appeal.refresh_from_db()
    assert appeal.status == "rejected"
    assert appeal.status_changes.last().note == "Not appealable"


def test_documents_are_served_to_those_who_may_see_the_case_and_audited(
    client, scene, clerk, officer
):
    appeal = lodge(scene.academy)
    login(client, clerk)
    refused = client.post(
        reverse("appeals:case-evidence-new", args=[appeal.pk]),
        {
            "file": SimpleUploadedFile("case.pdf", JAVASCRIPT_CASES["an XFA form"]),
            "source": "authority",
        },
    )
    assert "case.pdf contains an XFA form, which can run scripts" in refused.content.decode()
    client.post(
        reverse("appeals:case-evidence-new", args=[appeal.pk]),
        {"file": SimpleUploadedFile("case.pdf", pdf_with()), "source": "authority"},
    )
    evidence = appeal.evidence.get()
    url = reverse("appeals:case-evidence", args=[appeal.pk, evidence.pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AUDIT.filter(action="appeals.appeal.evidence_view", object_id=str(appeal.pk)).exists()
    login(client, officer)
    assert client.get(url).status_code == 404


def test_the_notice_of_hearing_letter_is_a_view_of_the_case_and_audited(client, clerk, listed):
    appeals, hearing, _ = listed
    listing = hearing.listings.get(appeal=appeals[0])
    login(client, clerk)
    response = client.get(reverse("appeals:hearing-notice-pdf", args=[hearing.pk, listing.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    [event] = AUDIT.filter(action="appeals.appeal.notice_view", object_id=str(appeals[0].pk))
    assert event.actor_id == clerk.pk


def test_calendar_terms_and_closures_are_checked(client, scene, clerk):
    login(client, clerk)
    outside = client.post(
        reverse("appeals:closure-new", args=[scene.calendar.pk]),
        {"date_0": "29", "date_1": "10", "date_2": "2025", "reason": "INSET day"},
    )
    assert "29 October 2025 is not in any term" in outside.content.decode()
    overlap = client.post(
        reverse("appeals:term-new", args=[scene.calendar.pk]),
        {
            "name": "Extra",
            "first_day_0": "20",
            "first_day_1": "10",
            "first_day_2": "2025",
            "last_day_0": "31",
            "last_day_1": "10",
            "last_day_2": "2025",
        },
    )
    assert "Extra overlaps Autumn 1 2025" in overlap.content.decode()


def test_a_connection_names_an_appeal_by_its_reference(client, scene, clerk):
    appeal = lodge(scene.academy)
    login(client, clerk)
    member = scene.members["lay"]
    url = reverse("appeals:connection-new", args=[member.pk])
    unknown = client.post(url, {"kind": "child", "appeal": "ADM-2026-9999"})
    assert "There is no appeal ADM-2026-9999" in unknown.content.decode()
    missing = client.post(url, {"kind": "school"})
    assert "Choose the school the connection is with" in missing.content.decode()
    client.post(
        url, {"kind": "child", "appeal": appeal.reference.lower(), "description": "neighbour"}
    )
    assert member.connections.get().appeal == appeal


def test_no_audit_row_holds_the_family_s_details(client, scene, clerk, listed):
    """Managers read the audit log: it holds ids, references and what changed in the case's
    handling, never the child's or the family's details."""
    appeals, hearing, _ = listed
    login(client, clerk)
    client.get(reverse("appeals:case", args=[appeals[0].pk]))
    client.post(reverse("appeals:hearing-notice", args=[hearing.pk]))
    cases.evidence_link_issue(appeal=appeals[0], by=None)
    secrets = ["Sam", "Rivers", "2014-10-03", "jo.rivers@example.com", "Mill Lane", "KM1 2AB"]
    rows = list(AUDIT.filter(action__startswith="appeals."))
    assert rows
    for row in rows:
        text = f"{row.object_repr} {row.changes} {row.note}"
        assert not [s for s in secrets if s in text], (row.action, text)


def test_the_hearing_planner_takes_a_school_that_is_not_a_number(client, scene, clerk):
    """``?school=abc`` (a mistyped or tampered address) answered 500: the value went to the
    database as an id."""
    login(client, clerk)
    for value in ("abc", "2025-02-29", "", "99999999999999999999"):
        page = client.get(reverse("appeals:hearing-plan"), {"school": value})
        assert page.status_code == 200, value
    page = client.get(reverse("appeals:hearing-plan"), {"school": scene.academy.pk})
    assert page.status_code == 200
