"""The canvass's services (issue 12, point 5): the data match import, routing set-wise as the
rule says, the letters (PDF text read back with pypdf), responses, contact attempts, reminders
and the electorate statistics."""

from __future__ import annotations

import io
from datetime import date, timedelta
from itertools import product

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from democracy.models import AuditEvent
from democracy.storage import private_storage
from elections import canvass as services
from elections import tasks
from elections.canvass_rules import ElectorAtProperty, canvass_route
from elections.models import (
    CanvassBatch,
    CanvassContact,
    CanvassMatch,
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


@pytest.fixture(autouse=True)
def quick_codes(settings):
    settings.CANVASS_CODE_HASH_ITERATIONS = 10


def route_of(canvass, prop) -> int:
    return CanvassProperty.register.get(canvass=canvass, property=prop).route


# --- Routing -----------------------------------------------------------------------------------


def test_the_set_wise_routing_gives_the_rules_answer_for_every_kind_of_household(
    electoral_officer,
):
    """Every combination of two electors' results (none, green, amber, red) and anonymity, and
    empty and defined properties: the SQL and ``canvass_rules.canvass_route`` agree."""
    canvass = open_canvass()
    ka = district()
    expected = {}
    for results, anonymous in product(
        product([None, "green", "amber", "red"], repeat=2), [(), (1,)]
    ):
        prop, electors = household(ka, *results, anonymous=anonymous)
        give_results(
            canvass, electors, [r if i not in anonymous else None for i, r in enumerate(results)]
        )
        people = [
            ElectorAtProperty(result=None if i in anonymous else r, anonymous=i in anonymous)
            for i, r in enumerate(results)
        ]
        expected[prop.pk] = canvass_route(people)
    empty = PropertyFactory(polling_district=ka)
    expected[empty.pk] = canvass_route([])
    care_home, residents = household(ka, "red", "red")
    give_results(canvass, residents, ["red", "red"])
    services.defined_property_set(
        canvass=canvass,
        property=care_home,
        kind="care_home",
        responsible_person="The manager",
        by=electoral_officer,
    )
    expected[care_home.pk] = 3
    no_one_responsible, people = household(ka, "green")
    give_results(canvass, people, ["green"])
    services.defined_property_set(
        canvass=canvass,
        property=no_one_responsible,
        kind="hmo",
        responsible_person="",
        by=electoral_officer,
    )
    expected[no_one_responsible.pk] = 1

    counts = services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))

    got = dict(CanvassProperty.register.filter(canvass=canvass).values_list("property_id", "route"))
    assert got == {pk: int(route) for pk, route in expected.items()}
    assert sum(counts.values()) == len(expected)
    assert counts[1] == 2  # green and green, and the HMO with no responsible person
    event = AuditEvent.private_objects.get(action="elections.canvass.route")
    assert event.changes["route_3"] == [None, 1]


def test_a_local_match_overrides_the_national_result(electoral_officer):
    canvass = open_canvass()
    prop, [elector] = household(district(), "red")
    give_results(canvass, [elector], ["red"])
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    assert route_of(canvass, prop) == 2
    services.match_local_override(
        canvass=canvass, elector=elector, result="green", by=electoral_officer
    )
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    assert route_of(canvass, prop) == 1


def test_a_deleted_elector_does_not_count_and_a_sent_letter_keeps_its_route(electoral_officer):
    canvass = open_canvass()
    prop, [green, gone] = household(district(), "green", "red")
    give_results(canvass, [green, gone], ["green", "red"])
    gone.deleted_on = date(2026, 6, 1)
    gone.save()
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    assert route_of(canvass, prop) == 1
    CanvassProperty.register.filter(property=prop).update(code_issued_at="2026-07-02T09:00Z")
    CanvassMatch.register.filter(elector=green).update(local_result="red")
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    assert route_of(canvass, prop) == 1  # the CCA has gone out with its code


def test_an_anonymous_elector_cannot_be_locally_matched(electoral_officer):
    canvass = open_canvass()
    _, [anonymous] = household(district(), None, anonymous=(0,))
    with pytest.raises(ValidationError, match="anonymous"):
        services.match_local_override(
            canvass=canvass, elector=anonymous, result="green", by=electoral_officer
        )


def test_a_second_canvass_for_a_year_is_refused(electoral_officer):
    open_canvass()
    with pytest.raises(ValidationError, match="already a canvass for 2026"):
        open_canvass()


# --- The data match import ---------------------------------------------------------------------


def test_a_good_match_file_is_imported(electoral_officer):
    canvass = open_canvass()
    ka = district()
    _, electors = household(ka, "x", "x")
    data = match_file([(electors[0].elector_number, "green"), (electors[1].elector_number, "R")])
    result = services.match_results_import(io.BytesIO(data), canvass=canvass)
    assert result.ok and result.imported == 2
    assert dict(CanvassMatch.register.values_list("elector_id", "national_result")) == {
        electors[0].pk: "green",
        electors[1].pk: "red",
    }


def test_every_problem_is_reported_by_line_and_column_and_nothing_is_saved():
    canvass = open_canvass()
    ka = district()
    _, [one, two] = household(ka, "x", "x")
    _, [anonymous] = household(ka, "x", anonymous=(0,))
    data = match_file(
        [
            (one.elector_number, "green"),  # line 2: fine
            ("ZZ1", "green"),  # 3: no such district
            ("12", "green"),  # 4: not an elector number
            (two.elector_number, "blue"),  # 5: bad result
            ("KA999", "amber"),  # 6: not on the register
            (one.elector_number, "red"),  # 7: twice
            (anonymous.elector_number, "green"),  # 8: anonymous
        ]
    )
    result = services.match_results_import(io.BytesIO(data), canvass=canvass)
    problems = [(e.line, e.column) for e in result.errors.kept]
    assert not result.ok
    assert sorted(problems) == [
        (3, "elector_number"),
        (4, "elector_number"),
        (5, "result"),
    ]  # the line checks come first: the register is not consulted while a line is wrong
    assert not CanvassMatch.register.exists()
    data = match_file(
        [
            (one.elector_number, "green"),
            ("KA999", "amber"),
            (one.elector_number, "red"),
            (anonymous.elector_number, "green"),
        ]
    )
    result = services.match_results_import(io.BytesIO(data), canvass=canvass)
    assert [(e.line, e.column, e.reason) for e in result.errors.kept] == [
        (3, "elector_number", "Elector number KA999 is not on the register"),
        (4, "elector_number", f"Elector number {one.elector_number} is also on line 2"),
        (
            5,
            "elector_number",
            f"Elector {anonymous.elector_number} is an anonymous elector: they are not data "
            "matched",
        ),
    ]
    assert not CanvassMatch.register.exists()


def test_a_file_with_the_wrong_header_is_refused():
    canvass = open_canvass()
    result = services.match_results_import(
        io.BytesIO(match_file([("KA1", "green")], header="number,colour")), canvass=canvass
    )
    assert [(e.line, e.column) for e in result.errors.kept] == [
        (1, "elector_number"),
        (1, "result"),
    ]


def test_the_import_task_records_progress_and_is_claimed_once(electoral_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    canvass = open_canvass()
    _, [elector] = household(district(), "x")
    upload = SimpleUploadedFile(
        "match.csv", match_file([(elector.elector_number, "green")]), "text/csv"
    )
    job = services.match_import_start(canvass=canvass, upload=upload, by=electoral_officer)
    assert tasks.import_canvass_matches(job.pk) == "done"
    job.refresh_from_db()
    assert (job.results_imported, job.rows_read, job.percent) == (1, 1, 100)
    assert not private_storage.exists(job.stored_as)
    assert tasks.import_canvass_matches(job.pk) == "done"  # a duplicate delivery: nothing
    assert CanvassMatch.register.count() == 1


# --- The letters --------------------------------------------------------------------------------


def pdf_text(batch: CanvassBatch) -> str:
    with private_storage.open(batch.stored_as, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def routed(electoral_officer):
    canvass = open_canvass()
    ka = district()
    matched, matched_people = household(ka, "green", "green", address_1="3 Tern Way")
    unmatched, unmatched_people = household(ka, "red", None, anonymous=(1,), address_1="5 Tern Way")
    give_results(canvass, matched_people + unmatched_people[:1], ["green", "green", "red"])
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    return canvass, ka, (matched, matched_people), (unmatched, unmatched_people)


def test_a_batch_prints_each_property_with_its_reference_and_code_and_keeps_only_the_hash(
    electoral_officer,
):
    canvass, _ka, _, (unmatched, people) = routed(electoral_officer)
    people[1].first_names, people[1].surname = "Quilla", "Hiddenworth"
    people[1].save()
    batch = services.batch_create(canvass=canvass, kind="ccb", by=electoral_officer)
    assert batch.total == 1
    assert tasks.build_canvass_batch(batch.pk) == "done"
    batch.refresh_from_db()
    item = CanvassProperty.register.get(property=unmatched)
    text = pdf_text(batch)
    assert item.reference in text
    assert "5 Tern Way" in text and people[0].surname in text
    assert "Hiddenworth" not in text  # an anonymous elector is never named
    code = text.split("Security code")[1].split()[0]
    assert len(services.normalise_code(code)) == services.CODE_LENGTH
    assert item.security_code_hash.startswith("pbkdf2_sha256$")
    assert services.normalise_code(code) not in item.security_code_hash
    assert services.security_code_matches(code, item.security_code_hash)
    assert batch.pages == 1 and batch.content_sha256 in batch.stored_as
    # The first contact attempt, and the next one due four weeks after it.
    [contact] = CanvassContact.objects.filter(canvass_property=item)
    assert (contact.number, contact.method) == (1, "ccb")
    assert item.next_attempt_due == contact.made_on + timedelta(days=28)
    # A duplicate delivery of the task does nothing; the file is kept once.
    assert tasks.build_canvass_batch(batch.pk) == "done"
    assert CanvassContact.objects.count() == 1


def test_the_pdf_is_tagged_and_one_page_a_property(electoral_officer):
    canvass, ka, (_matched, _), _ = routed(electoral_officer)
    PropertyFactory(polling_district=ka)  # an empty property: Route 2
    other = household(ka, "green")
    give_results(canvass, other[1], ["green"])
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    batch = services.batch_create(canvass=canvass, kind="cca", by=electoral_officer)
    services.batch_run(batch.pk)
    batch.refresh_from_db()
    assert batch.pages == batch.total == 2
    with private_storage.open(batch.stored_as, "rb") as handle:
        from democracy import pdf

        assert pdf.tagging_problems(handle.read()) == []
    assert "Canvass Communication A" in pdf_text(batch)


def test_a_batch_needs_routing_and_properties(electoral_officer):
    canvass = open_canvass()
    with pytest.raises(ValidationError, match="routes first"):
        services.batch_create(canvass=canvass, kind="cca", by=electoral_officer)
    services.canvass_route(canvass=canvass, by=electoral_officer)
    with pytest.raises(ValidationError, match="no properties"):
        services.batch_create(canvass=canvass, kind="route3", by=electoral_officer)


# --- Responses and contact attempts ------------------------------------------------------------


def test_changes_become_pending_alterations_without_names_in_the_audit(electoral_officer):
    _canvass, _, _, (unmatched, _) = routed(electoral_officer)
    item = CanvassProperty.register.get(property=unmatched)
    response = services.response_record(
        canvass_property=item,
        outcome="changes",
        channel="online",
        changes=[{"kind": "add", "name": "Rowena Newcombe"}],
    )
    assert response.alteration == CanvassResponse.Alteration.PENDING
    assert list(services.pending_alterations(item.canvass)) == [response]
    item.refresh_from_db()
    assert (item.response, item.next_attempt_due) == ("changes", None)
    event = AuditEvent.private_objects.get(action="elections.canvass_response.record")
    assert "Newcombe" not in str(event.changes)
    with pytest.raises(ValidationError):
        services.response_record(canvass_property=item, outcome="changes", channel="online")


def test_three_route_2_attempts_need_one_personal(electoral_officer):
    _canvass, _, (matched, _), (unmatched, _) = routed(electoral_officer)
    item = CanvassProperty.register.get(property=unmatched)
    services.contact_record(
        canvass_property=item, method="ccb", made_on=date(2026, 7, 6), by=electoral_officer
    )
    second = services.contact_record(
        canvass_property=item, method="canvass_form", made_on=date(2026, 8, 3), by=electoral_officer
    )
    assert second.number == 2
    item.refresh_from_db()
    assert item.next_attempt_due == date(2026, 8, 31)
    with pytest.raises(ValidationError, match="personal"):
        services.contact_record(
            canvass_property=item, method="email", made_on=date(2026, 8, 31), by=electoral_officer
        )
    services.contact_record(
        canvass_property=item, method="door_knock", made_on=date(2026, 8, 31), by=electoral_officer
    )
    item.refresh_from_db()
    assert item.next_attempt_due is None
    route_1 = CanvassProperty.register.get(property=matched)
    with pytest.raises(ValidationError, match="Route 2"):
        services.contact_record(
            canvass_property=route_1, method="ccb", made_on=date(2026, 7, 6), by=electoral_officer
        )


def test_reminders_go_through_the_outbox_when_attempts_fall_due(electoral_officer):
    from democracy import reminders
    from democracy.models import Reminder

    _canvass, _ka, _, (unmatched, _) = routed(electoral_officer)
    CanvassProperty.register.filter(property=unmatched).update(next_attempt_due=date(2026, 8, 3))
    assert list(services.attempts_due(date(2026, 8, 2))) == []
    [spec] = services.attempts_due(date(2026, 8, 3))
    assert spec.recipients == [electoral_officer.email]
    assert "1 Route 2 property in polling district KA" in spec.email_body
    reminders.derive(date(2026, 8, 4))
    reminders.derive(date(2026, 8, 5))
    assert Reminder.outbox.filter(kind="canvass_attempt_due:2026").count() == 1


# --- Statistics ------------------------------------------------------------------------------


def test_the_electorate_statistics_count_what_the_returns_ask_for():
    ka, kb = district("KA"), district("KB")
    on = date(2026, 12, 1)
    ElectorFactory(qualifying_address=PropertyFactory(polling_district=ka), absent_vote="postal")
    ElectorFactory(
        qualifying_address=PropertyFactory(polling_district=ka),
        absent_vote="postal_proxy",
        franchise="G",
        attainer_18_on=date(2027, 3, 1),
        added_on=date(2026, 3, 1),
    )
    ElectorFactory(
        qualifying_address=PropertyFactory(polling_district=kb),
        anonymous=True,
        added_on=date(2026, 2, 1),
    )
    ElectorFactory(qualifying_address=None, polling_district=kb, overseas=True, franchise="")
    ElectorFactory(
        qualifying_address=PropertyFactory(polling_district=kb), deleted_on=date(2026, 4, 1)
    )
    rows = {
        r["district"]: r for r in services.electorate_statistics(on=on, since=date(2025, 12, 2))
    }
    assert rows["KA"]["total"] == 2 and rows["KB"]["total"] == 2
    assert (rows["KA"]["postal"], rows["KA"]["proxy"], rows["KA"]["attainers"]) == (1, 1, 1)
    assert (rows["KA"]["eu"], rows["KA"]["additions"]) == (1, 1)
    assert (rows["KB"]["anonymous"], rows["KB"]["overseas"], rows["KB"]["deletions"]) == (1, 1, 1)
    [total] = services.statistics_totals(list(rows.values()))
    assert total["total"] == 4


def test_the_sweep_queues_lost_work_again_and_drops_old_attempt_counts(electoral_officer):
    from django.utils import timezone

    from elections.models import CanvassAttemptCount

    canvass, _, _, _ = routed(electoral_officer)
    batch = services.batch_create(canvass=canvass, kind="ccb", by=electoral_officer)
    CanvassAttemptCount.objects.create(
        scope="visitor", key="x", hour=timezone.now() - timedelta(days=2), count=3
    )
    queued = []
    assert services.sweep(queue_batch=queued.append, queue_import=queued.append) == 0
    later = timezone.now() + timedelta(minutes=11)
    assert services.sweep(queue_batch=queued.append, queue_import=queued.append, now=later) == 1
    assert queued == [batch.pk]
    assert not CanvassAttemptCount.objects.exists()


def test_a_route_3_letter_goes_to_the_responsible_person(electoral_officer):
    canvass = open_canvass()
    home, residents = household(district(), "red", "red", address_1="Larch House")
    give_results(canvass, residents, ["red", "red"])
    services.defined_property_set(
        canvass=canvass,
        property=home,
        kind="care_home",
        responsible_person="Marguerite Okafor",
        by=electoral_officer,
    )
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    batch = services.batch_create(canvass=canvass, kind="route3", by=electoral_officer)
    services.batch_run(batch.pk)
    batch.refresh_from_db()
    text = pdf_text(batch)
    assert "Marguerite Okafor" in text and "Larch House" in text
    assert "whether each is aged 76 or over" in text
    assert CanvassContact.objects.get().method == "route3"


# --- Written reminders: the second and third Route 2 attempts by letter ----------------------


def test_written_reminders_go_only_to_route_2_properties_still_due_them(electoral_officer):
    """RPR 2001 reg 32ZBD: the second and third attempts as mail-merge letters, each only to the
    properties without a response that are due it, each letter recorded as the attempt."""
    from django.utils import timezone

    canvass = open_canvass()
    ka = district()
    props = {}
    for address in ("1 Heron Row", "2 Heron Row", "3 Heron Row", "4 Heron Row"):
        prop, people = household(ka, "red", address_1=address)
        give_results(canvass, people, ["red"])
        props[address] = prop
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))

    def item(address):
        return CanvassProperty.register.select_related("canvass").get(property=props[address])

    with pytest.raises(ValidationError, match="Canvass Communication B or a canvass form"):
        services.batch_create(canvass=canvass, kind="cca", attempt=2, by=electoral_officer)
    with pytest.raises(ValidationError, match="due contact attempt 2"):
        services.batch_create(canvass=canvass, kind="ccb", attempt=2, by=electoral_officer)
    first = services.batch_create(canvass=canvass, kind="ccb", by=electoral_officer)
    assert tasks.build_canvass_batch(first.pk) == "done"
    today = timezone.localdate()
    services.response_record(
        canvass_property=item("1 Heron Row"), outcome="no_change", channel="online"
    )
    services.contact_record(
        canvass_property=item("3 Heron Row"),
        method="door_knock",
        made_on=today,
        by=electoral_officer,
    )

    second = services.batch_create(canvass=canvass, kind="form", attempt=2, by=electoral_officer)
    assert second.total == 2
    assert tasks.build_canvass_batch(second.pk) == "done"
    second.refresh_from_db()
    text = pdf_text(second)
    assert second.pages == 2
    assert item("2 Heron Row").reference in text and item("4 Heron Row").reference in text
    assert item("1 Heron Row").reference not in text  # it has responded
    assert item("3 Heron Row").reference not in text  # its second attempt was the door knock
    assert "1 Heron Row" not in text and "3 Heron Row" not in text
    assert "Canvass form" in text and "(reminder)" in text
    code = text.split("Security code")[1].split()[0]
    assert services.security_code_matches(code, item("2 Heron Row").security_code_hash) or (
        services.security_code_matches(code, item("4 Heron Row").security_code_hash)
    )
    contact = CanvassContact.objects.get(canvass_property=item("2 Heron Row"), number=2)
    assert (contact.method, contact.made_on) == ("canvass_form", today)
    assert item("2 Heron Row").next_attempt_due == today + timedelta(days=28)

    # The third by letter: only where a personal attempt has been made.
    third = services.batch_create(canvass=canvass, kind="ccb", attempt=3, by=electoral_officer)
    assert third.total == 1
    services.batch_run(third.pk)
    third.refresh_from_db()
    text = pdf_text(third)
    assert item("3 Heron Row").reference in text
    for address in ("1 Heron Row", "2 Heron Row", "4 Heron Row"):
        assert item(address).reference not in text
    assert [(c.number, c.method) for c in item("3 Heron Row").contacts.all()] == [
        (1, "ccb"),
        (2, "door_knock"),
        (3, "ccb"),
    ]
    assert item("3 Heron Row").next_attempt_due is None
    with pytest.raises(ValidationError, match="needs a personal attempt first"):
        services.batch_create(canvass=canvass, kind="ccb", attempt=3, by=electoral_officer)
    event = AuditEvent.private_objects.filter(action="elections.canvass_batch.create").latest("pk")
    assert event.changes["attempt"] == [None, 3]
