"""The canvass's pages (issue 12, points 5 and 6): the officer's canvass page with its progress
chart and table (bounded queries), the data match import and the letters through their pages,
recording responses and contact attempts, the statistics and their audited CSV, and the public
online response form: one answer for a wrong code and an unknown reference, throttled, one
question a page, changes kept as pending alterations."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from democracy.models import AuditEvent
from elections import canvass as services
from elections.models import (
    CanvassBatch,
    CanvassMatchImport,
    CanvassProperty,
    CanvassResponse,
)
from elections.tests.factories_canvass import (
    district,
    give_results,
    household,
    match_file,
    open_canvass,
)
from elections.tests.factories_register import ElectorFactory, PropertyFactory

pytestmark = pytest.mark.django_db

CODE = "ABCDE-FGHJK"


@pytest.fixture(autouse=True)
def quick_codes(settings):
    settings.CANVASS_CODE_HASH_ITERATIONS = 10


@pytest.fixture
def routed(electoral_officer):
    # Published by 1 February 2027 (an election in the period): still open for responses.
    canvass = open_canvass(election_in_period=True)
    ka = district()
    prop, people = household(ka, "green", "red", address_1="12 Heron Row")
    people[0].first_names, people[0].surname = "Alma", "Pettigrew"
    people[0].save()
    give_results(canvass, people, ["green", "red"])
    ElectorFactory(
        qualifying_address=prop, anonymous=True, first_names="Hidalgo", surname="Quennell"
    )
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    item = CanvassProperty.register.get(property=prop)
    item.security_code_hash = services.hash_security_code(CODE)
    item.save()
    return canvass, item


# --- The officer's pages ---------------------------------------------------------------------


def test_an_officer_opens_a_canvass_with_the_statutory_dates(client, electoral_officer):
    client.force_login(electoral_officer)
    response = client.post("/elections/register/canvass/", {"year": "2026"})
    assert response["Location"] == "/elections/register/canvass/2026/"
    page = client.get(response["Location"]).content.decode()
    assert "1 July 2026" in page and "1 December 2026" in page
    again = client.post("/elections/register/canvass/", {"year": "2026"}).content.decode()
    assert "There is already a canvass for 2026" in again


def test_the_canvass_page_draws_progress_by_route_with_its_table_in_bounded_queries(
    client, electoral_officer, routed
):
    canvass, item = routed
    client.force_login(electoral_officer)

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/elections/register/canvass/2026/").content.decode()
        return len(queries), page

    small, page = count()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert 'id="progress-by-district"' in page
    assert "style=" not in page  # the policy refuses inline style: widths are SVG attributes
    services.response_record(canvass_property=item, outcome="no_change", channel="paper")
    for code in ("KB", "KC"):
        other = district(code)
        for _ in range(3):
            give_results(canvass, household(other, "green")[1], ["green"])
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    large, page = count()
    assert large == small
    assert re.search(r"Route 2</th>\s*<td[^>]*>1</td>\s*<td[^>]*>1</td>", page)  # 1 no change


def test_routing_and_building_letters_through_the_page(
    client, electoral_officer, routed, django_capture_on_commit_callbacks
):
    client.force_login(electoral_officer)
    assert client.get("/elections/register/canvass/2026/route/").status_code == 405
    response = client.post("/elections/register/canvass/2026/route/")
    assert response.status_code == 302
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/elections/register/canvass/2026/batches/", {"kind": "ccb"})
    batch = CanvassBatch.objects.get()
    assert response["Location"] == f"/elections/register/canvass/2026/batches/{batch.pk}/"
    assert len(queued) == 1
    page = client.get(response["Location"]).content.decode()
    assert 'data-progress-url="/elections/register/canvass/2026/batches/' in page
    assert client.get(f"{response['Location']}letters.pdf").status_code == 404  # not built
    progress = client.get(f"{response['Location']}progress/").json()
    assert progress["finished"] is False and progress["percent"] == 0
    services.batch_run(batch.pk)
    download = client.get(f"{response['Location']}letters.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert AuditEvent.private_objects.filter(action="elections.canvass_batch.download").exists()
    # The second attempt by letter, to the Route 2 properties still without a response.
    page = client.get("/elections/register/canvass/2026/").content.decode()
    assert "the second attempt, a reminder by letter" in page
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            "/elections/register/canvass/2026/batches/", {"kind": "form", "attempt": "2"}
        )
    reminder = CanvassBatch.objects.latest("pk")
    assert (reminder.kind, reminder.attempt, reminder.total) == ("form", 2, 1)
    assert response["Location"] == f"/elections/register/canvass/2026/batches/{reminder.pk}/"
    response = client.post(
        "/elections/register/canvass/2026/batches/", {"kind": "cca", "attempt": "3"}, follow=True
    )
    assert "Canvass Communication B or a canvass form" in response.content.decode()


def test_the_match_import_page_queues_the_task_and_shows_errors(
    client, electoral_officer, routed, django_capture_on_commit_callbacks
):
    client.force_login(electoral_officer)
    upload = SimpleUploadedFile("m.csv", match_file([("KA999", "green")]), "text/csv")
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/elections/register/canvass/2026/matches/", {"file": upload})
    job = CanvassMatchImport.objects.get()
    assert len(queued) == 1 and response["Location"].endswith(f"/matches/{job.pk}/")
    services.match_import_run(job.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page
    assert "Elector number KA999 is not on the register" in page


def test_an_officer_records_a_response_and_a_contact_attempt(client, electoral_officer, routed):
    _, item = routed
    client.force_login(electoral_officer)
    url = f"/elections/register/canvass/2026/properties/{item.pk}/"
    page = client.get(url).content.decode()
    assert "Alma Pettigrew" in page and "Record the attempt" in page
    refused = client.post(url, {"record": "1", "outcome": "changes", "channel": "phone"})
    assert "Enter what has changed" in refused.content.decode()
    client.post(
        url,
        {
            "attempt": "1",
            "method": "door_knock",
            "made_on_0": "3",
            "made_on_1": "8",
            "made_on_2": "2026",
        },
    )
    assert item.contacts.get().method == "door_knock"
    client.post(
        url, {"record": "1", "outcome": "changes", "channel": "phone", "details": "Son moved out"}
    )
    item.refresh_from_db()
    assert item.response == "changes"
    assert CanvassResponse.register.get().changes == [{"kind": "note", "text": "Son moved out"}]


def test_find_a_property_by_reference(client, electoral_officer, routed):
    _, item = routed
    client.force_login(electoral_officer)
    response = client.get(f"/elections/register/canvass/2026/?reference={item.reference.lower()}")
    assert response["Location"].endswith(f"/properties/{item.pk}/")
    missing = client.get("/elections/register/canvass/2026/?reference=C26-0").content.decode()
    assert "There is no property with that reference" in missing


def test_a_councillor_gets_404_for_every_canvass_page(client, councillor, routed):
    _, item = routed
    client.force_login(councillor)
    for url in [
        "/elections/register/canvass/",
        "/elections/register/canvass/2026/",
        "/elections/register/canvass/2026/route/",
        f"/elections/register/canvass/2026/properties/{item.pk}/",
        "/elections/register/statistics/",
        "/elections/register/statistics.csv",
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


# --- Statistics ------------------------------------------------------------------------------


def test_statistics_page_and_audited_csv(client, electoral_officer):
    ka = district()
    ElectorFactory(qualifying_address=PropertyFactory(polling_district=ka), absent_vote="postal")
    ElectorFactory(qualifying_address=PropertyFactory(polling_district=ka), anonymous=True)
    client.force_login(electoral_officer)
    page = client.get("/elections/register/statistics/?on_0=1&on_1=12&on_2=2026").content.decode()
    assert "The electorate on 1 December 2026" in page
    assert 'id="statistics-districts"' in page and 'id="statistics-wards"' in page
    csv = client.get("/elections/register/statistics.csv?on_0=1&on_1=12&on_2=2026")
    text = csv.content.decode()
    assert csv["Content-Type"].startswith("text/csv")
    header, ka_row, total = text.splitlines()
    assert header.startswith("Polling district,Name,Ward,Electorate,Attainers,Postal voters")
    assert ka_row.startswith("KA,District KA,") and ",2,0,1,0,0,1," in ka_row
    assert total.startswith("Total,,,2,")
    event = AuditEvent.private_objects.get(action="elections.register.statistics_export")
    assert "2026-12-01" in event.note


# --- The public online response --------------------------------------------------------------


def answer(client, reference, code, **extra):
    return client.post(
        "/elections/canvass/respond/",
        {"reference": reference, "security_code": code},
        **extra,
    )


def body_without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_wrong_code_and_an_unknown_reference_get_the_same_answer(client, routed):
    _, item = routed
    wrong = answer(client, item.reference, "WRONG-CODE1")
    unknown = answer(client, "C26-9999999", CODE)
    assert wrong.status_code == unknown.status_code == 200
    assert "do not match a letter we sent" in wrong.content.decode()
    assert body_without_token(wrong).replace(item.reference, "X") == body_without_token(
        unknown
    ).replace("C26-9999999", "X")


def test_guessing_is_throttled_per_reference_and_per_visitor(client, routed):
    _, item = routed
    for _ in range(services.THROTTLE_PER_REFERENCE):
        assert answer(client, item.reference, "WRONG-CODE1").status_code == 200
    # Even the right code is refused now, from anywhere: the reference is locked for the hour.
    refused = answer(client, item.reference, CODE, REMOTE_ADDR="10.9.9.9")
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    for n in range(services.THROTTLE_PER_VISITOR - services.THROTTLE_PER_REFERENCE):
        answer(client, f"C26-{n:07d}", "WRONG-CODE1")
    assert answer(client, "C26-0000000", "X").status_code == 429  # this visitor, any reference


def test_a_household_says_nothing_has_changed(client, routed):
    _, item = routed
    response = answer(client, item.reference.lower(), CODE.lower().replace("-", " "))
    assert response["Location"] == "/elections/canvass/respond/household/"
    page = client.get(response["Location"]).content.decode()
    assert "Alma Pettigrew" in page and "12 Heron Row" in page
    assert "Hidalgo Quennell" not in page  # an anonymous elector is never named
    assert '<h1 class="govuk-fieldset__heading">' in page  # the question is the heading
    response = client.post(response["Location"], {"correct": "yes"})
    assert response["Location"] == "/elections/canvass/respond/check/"
    assert "Yes, nothing has changed" in client.get(response["Location"]).content.decode()
    response = client.post(response["Location"])
    assert response["Location"] == "/elections/canvass/respond/done/"
    assert item.reference in client.get(response["Location"]).content.decode()
    item.refresh_from_db()
    assert item.response == "no_change"
    assert CanvassResponse.register.get().channel == "online"
    # The session no longer opens the property.
    assert client.get("/elections/canvass/respond/household/").status_code == 302


def test_a_household_reports_changes_as_a_pending_alteration(client, routed):
    _, item = routed
    answer(client, item.reference, CODE)
    assert client.post("/elections/canvass/respond/household/", {"correct": "no"})[
        "Location"
    ].endswith("/remove/")
    client.post("/elections/canvass/respond/remove/", {"remove": ["Alma Pettigrew"]})
    client.post("/elections/canvass/respond/add/", {"add": "Ravi  Okonkwo\n\nMina Okonkwo"})
    page = client.get("/elections/canvass/respond/check/").content.decode()
    assert "Ravi Okonkwo" in page and "Alma Pettigrew" in page
    client.post("/elections/canvass/respond/check/")
    response = CanvassResponse.register.get()
    assert response.alteration == "pending"
    assert response.changes == [
        {"kind": "remove", "name": "Alma Pettigrew"},
        {"kind": "add", "name": "Ravi Okonkwo"},
        {"kind": "add", "name": "Mina Okonkwo"},
    ]


def test_a_question_needs_the_code_first(client, routed):
    assert client.get("/elections/canvass/respond/remove/")["Location"] == (
        "/elections/canvass/respond/"
    )


def test_after_the_canvass_the_code_no_longer_opens_the_form(client, routed):
    canvass, item = routed
    canvass.revised_register_by = date(2020, 12, 1)
    canvass.save()
    assert "do not match a letter we sent" in answer(client, item.reference, CODE).content.decode()


def test_the_statistics_page_runs_the_same_queries_whatever_the_register(client, electoral_officer):
    client.force_login(electoral_officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/elections/register/statistics/").status_code == 200
        return len(queries)

    ElectorFactory(qualifying_address=PropertyFactory(polling_district=district("KA")))
    small = count()
    for code in ("KB", "KC", "KD"):
        for _ in range(3):
            ElectorFactory(qualifying_address=PropertyFactory(polling_district=district(code)))
    assert count() == small
