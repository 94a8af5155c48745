"""Which station each elector votes at (issue 13, point 4): one allocation of a district's
elector numbers to its stations, read by the notice of the situation of polling stations, every
poll card and each station's register (real PDFs, text read back with pypdf), and the officer's
own ranges refused, with nothing saved, when they overlap or leave an elector out."""

from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from democracy.models import AuditEvent
from democracy.storage import private_storage
from elections import (
    exports,
    nomination_documents,
    poll_cards,
    services,
    station_allocation,
    tasks,
)
from elections.models import Elector, PollCardBatch, PollingStation, Property
from elections.station_allocation import StationRange
from elections.tests.factories_nominations import make_contest, make_district

pytestmark = pytest.mark.django_db


# --- The pure rules ---------------------------------------------------------------------------


def station(number, first=None, last=None):
    return SimpleNamespace(number=number, first_elector_number=first, last_elector_number=last)


@pytest.mark.parametrize(
    ("low", "high", "parts", "expected"),
    [
        (1, 30, 2, [(1, 15), (16, 30)]),
        (1, 10, 3, [(1, 4), (5, 8), (9, 10)]),
        (5, 5, 2, [(5, 5), None]),
    ],
)
def test_the_even_split_is_consecutive_and_covers_the_register(low, high, parts, expected):
    assert [station_allocation.even_split(low, high, parts, i) for i in range(parts)] == expected


def test_an_elector_votes_at_the_station_whose_range_holds_the_number():
    one, two = station(1), station(2)
    ranges = station_allocation.allocate([two, one], 1, 30)
    assert ranges == [StationRange(one, 1, 15), StationRange(two, 16, 30)]
    assert [station_allocation.station_for(ranges, n) for n in (1, 15, 16, 30)] == [
        one,
        one,
        two,
        two,
    ]


def test_set_ranges_apply_only_when_every_station_has_one():
    one, two = station(1, 20, 30), station(2, 1, 19)
    ranges = station_allocation.allocate([one, two], 1, 30)
    assert station_allocation.station_for(ranges, 5) is two
    assert station_allocation.station_for(ranges, 25) is one
    assert station_allocation.station_for(ranges, 31) is one  # added since: the range before
    half = station_allocation.allocate([station(1, 20, 30), station(2)], 1, 30)
    assert [(r.first, r.last) for r in half] == [(1, 15), (16, 30)]


def test_a_district_with_one_station_or_no_register_is_served_by_it():
    only = station(1)
    assert station_allocation.station_for(station_allocation.allocate([only], 1, 9), 4) is only
    empty = station_allocation.allocate([only, station(2)], None, None)
    assert station_allocation.station_for(empty, 4) is only
    assert station_allocation.station_for([], 4) is None


@pytest.mark.parametrize(
    ("proposed", "message"),
    [
        ([("Station 1", 1, 10), ("Station 2", None, None)], "Station 2: enter both"),
        ([("Station 1", 12, 10), ("Station 2", 11, 30)], "Station 1: the first elector number"),
        ([("Station 1", 1, 16), ("Station 2", 15, 30)], "Station 2: its range overlaps Station 1"),
        ([("Station 1", 1, 10), ("Station 2", 12, 30)], "Station 1: elector number 11 is on"),
        ([("Station 1", 2, 15), ("Station 2", 16, 29)], "Station 1: elector numbers 1, 30"),
    ],
)
def test_ranges_that_overlap_or_leave_an_elector_out_are_refused(proposed, message):
    errors = station_allocation.range_errors(proposed, range(1, 31))
    assert len(errors) == 1 and errors[0].startswith(message)


def test_ranges_that_cover_the_register_or_all_blank_are_accepted():
    assert (
        station_allocation.range_errors([("Station 1", 1, 10), ("Station 2", 11, 40)], [3, 30])
        == []
    )
    assert station_allocation.range_errors([("Station 1", None, None)], [3]) == []


# --- One allocation in every document ---------------------------------------------------------


@pytest.fixture
def actor(electoral_officer):
    return electoral_officer


@pytest.fixture
def two_stations(actor):
    """District AA, 30 electors (7 anonymous, 3 and 4 by post), served by two stations."""
    election, contest = make_contest(actor)
    district = make_district(actor, contest.ward, electors=30, anonymous={7}, postal={3, 4})
    place = services.polling_place_create(
        reference="PP-AA2", name="AA Primary School", postcode="KM1 4AC", by=actor
    )
    services.polling_station_create(place=place, polling_district=district, number=2, by=actor)
    first, second = PollingStation.objects.filter(polling_district=district).order_by("number")
    return election, district, first, second


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def made(batch: PollCardBatch) -> list[str]:
    assert tasks.make_poll_card_batch(batch.pk) == "done"
    batch.refresh_from_db()
    with private_storage.open(batch.stored_as, "rb") as handle:
        return pages(handle.read())


def card_stations(actor, election, district) -> dict[int, str]:
    batch = poll_cards.poll_card_batch_start(
        election=election, polling_district=district, kind="poll_cards", by=actor
    )
    cards = {}
    for text in made(batch):
        number = int(re.search(r"Elector number AA(\d+)", text).group(1))
        place = "AA Primary School" if "AA Primary School" in text else "AA Village Hall"
        assert ("AA Primary School" in text) != ("AA Village Hall" in text)
        cards[number] = place
    return cards


def register_numbers(texts: list[str]) -> list[int]:
    return [int(n) for n in re.findall(r"^AA(\d+)\b", "\n".join(texts), flags=re.M)]


def test_cards_registers_and_notice_share_the_even_split(actor, two_stations):
    election, district, first, second = two_stations
    cards = card_stations(actor, election, district)
    assert sorted(cards) == [n for n in range(1, 31) if n not in (3, 4)]
    assert {n for n, place in cards.items() if place == "AA Village Hall"} == {
        n for n in range(1, 16) if n not in (3, 4)
    }
    assert {n for n, place in cards.items() if place == "AA Primary School"} == set(range(16, 31))

    batches = poll_cards.station_register_start(
        election=election, polling_district=district, by=actor
    )
    assert [b.polling_station for b in batches] == [first, second]
    one, two = (made(b) for b in batches)
    assert "station 1 at AA Village Hall" in one[0] and "numbers AA1 to AA15" in one[0]
    assert "station 2 at AA Primary School" in two[0] and "numbers AA16 to AA30" in two[0]
    assert register_numbers(one) == list(range(1, 16))
    assert register_numbers(two) == list(range(16, 31))
    assert batches[1].cards_total == 15

    notice = "\n".join(pages(nomination_documents.render_situation_pdf(election)))
    assert re.search(r"AA/1.*AA Village Hall.*AA1 to AA15", notice)
    assert re.search(r"AA/2.*AA Primary School.*AA16 to AA30", notice)


def test_the_officers_ranges_reach_every_document(actor, two_stations):
    election, district, first, second = two_stations
    services.polling_station_ranges_set(
        polling_district=district, ranges={first.pk: (1, 22), second.pk: (23, 30)}, by=actor
    )
    assert AuditEvent.private_objects.filter(action="elections.polling_station.ranges").count() == 2
    cards = card_stations(actor, election, district)
    assert {n for n, place in cards.items() if place == "AA Primary School"} == set(range(23, 31))
    one, two = (
        made(b)
        for b in poll_cards.station_register_start(
            election=election, polling_district=district, by=actor
        )
    )
    assert register_numbers(one) == list(range(1, 23))
    assert register_numbers(two) == list(range(23, 31))
    assert "Surname7" not in "".join(one)  # anonymous: number and marker only
    notice = "\n".join(pages(nomination_documents.render_situation_pdf(election)))
    assert "AA1 to AA22" in notice and "AA23 to AA30" in notice


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        (((1, 16), (15, 30)), "Station 2: its range overlaps Station 1's (1 to 16)"),
        (
            ((1, 10), (12, 30)),
            "Station 1: elector number 11 is on the register but in no station's range",
        ),
    ],
)
def test_overlapping_or_gapped_ranges_are_refused_and_nothing_saved(
    actor, two_stations, ranges, message
):
    _, district, first, second = two_stations
    with pytest.raises(ValidationError) as refused:
        services.polling_station_ranges_set(
            polling_district=district,
            ranges={first.pk: ranges[0], second.pk: ranges[1]},
            by=actor,
        )
    assert refused.value.messages == [message]
    assert not PollingStation.objects.filter(first_elector_number__isnull=False).exists()
    assert not AuditEvent.private_objects.filter(action="elections.polling_station.ranges").exists()


def test_a_district_with_one_station_keeps_one_register(actor):
    election, contest = make_contest(actor)
    district = make_district(actor, contest.ward, electors=12)
    (batch,) = poll_cards.station_register_start(
        election=election, polling_district=district, by=actor
    )
    assert batch.polling_station is None
    texts = made(batch)
    assert register_numbers(texts) == list(range(1, 13))
    assert "station 1 at AA Village Hall" in texts[0] and "allotted" not in texts[0]


def test_the_batch_build_runs_bounded_queries(actor, two_stations, django_assert_max_num_queries):
    election, district, _, second = two_stations
    with django_assert_max_num_queries(3):
        recipe = poll_cards.cards_recipe(PollCardBatch.Kind.POLL_CARDS, election, district, chunk=4)
    assert len(recipe.chunks) == 7 and recipe.count == 28
    with django_assert_max_num_queries(3):
        recipe = poll_cards.station_register_recipe(election, district, second)
    assert recipe.count == 15


# --- The station's page -----------------------------------------------------------------------


@pytest.fixture
def officer_client(client, actor):
    client.force_login(actor)
    return client


def test_the_officer_sets_the_ranges_on_the_stations_page(officer_client, two_stations):
    _, _, first, second = two_stations
    url = f"/elections/register/stations/{second.pk}/"
    page = officer_client.get(url).content.decode()
    assert "AA16 to AA30" in page and "split evenly" in page
    refused = officer_client.post(
        url,
        {f"first_{first.pk}": "1", f"last_{first.pk}": "20", f"first_{second.pk}": "20",
         f"last_{second.pk}": "30"},
    )  # fmt: skip
    assert refused.status_code == 200
    assert "Station 2: its range overlaps Station 1" in refused.content.decode()
    assert not PollingStation.objects.filter(first_elector_number__isnull=False).exists()
    saved = officer_client.post(
        url,
        {f"first_{first.pk}": "1", f"last_{first.pk}": "20", f"first_{second.pk}": "21",
         f"last_{second.pk}": "30"},
    )  # fmt: skip
    assert saved.status_code == 302
    second.refresh_from_db()
    assert (second.first_elector_number, second.last_elector_number) == (21, 30)
    assert "AA21 to AA30" in officer_client.get(url).content.decode()


def test_asking_for_the_register_makes_one_batch_per_station(officer_client, two_stations):
    election, district, first, second = two_stations
    base = f"/elections/elections/{election.pk}/poll-cards/"
    page = officer_client.get(base).content.decode()
    assert f"/elections/register/stations/{second.pk}/" in page
    response = officer_client.post(base, {"district": district.pk, "kind": "station_register"})
    assert response.status_code == 302 and response.url == base
    batches = PollCardBatch.register.order_by("polling_station__number")
    assert [b.polling_station for b in batches] == [first, second]
    tasks.make_poll_card_batch(batches[1].pk)
    download = officer_client.get(f"{base}{batches[1].pk}/cards.pdf")
    assert download["Content-Disposition"].endswith('filename="station-register-AA-2.pdf"')
    texts = pages(b"".join(download.streaming_content))
    assert register_numbers(texts) == list(range(16, 31))


def test_the_democracy_club_export_gives_each_property_its_electors_station(actor, two_stations):
    """The polling station finder sends a voter where their poll card does: in a split district
    each property goes out with the station serving its electors' numbers."""
    _election, district, first, second = two_stations
    second_home = Property.objects.create(
        reference="P-AA2", address_1="2 Mill Lane", postcode="KM1 4AD", polling_district=district
    )
    Elector.register.filter(polling_district=district, number__gte=16).update(
        qualifying_address=second_home
    )
    rows = list(csv.DictReader(io.StringIO("".join(exports.democracy_club_lines()))))
    places = {row["Property_URN"]: row["Polling_Place_Name"] for row in rows}
    assert places == {"P-AA": "AA Village Hall", "P-AA2": "AA Primary School"}
    # The officer's own ranges: electors up to 20 vote at the school, which now serves the first
    # property's electors (1 to 15) and the second's lowest number (16).
    services.polling_station_ranges_set(
        polling_district=district, ranges={second.pk: (1, 20), first.pk: (21, 30)}, by=actor
    )
    rows = list(csv.DictReader(io.StringIO("".join(exports.democracy_club_lines()))))
    places = {row["Property_URN"]: row["Polling_Place_Name"] for row in rows}
    assert places == {"P-AA": "AA Primary School", "P-AA2": "AA Primary School"}
