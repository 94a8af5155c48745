"""Poll cards and the polling-station register (issue 13, point 4): one card per eligible
elector in number order, anonymous electors by number only, stored once keyed by content; the
task called directly, as the worker calls it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from democracy.storage import private_storage
from elections import poll_cards, tasks
from elections.models import PollCardBatch
from elections.tests.factories_nominations import make_contest, make_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(electoral_officer):
    return electoral_officer


@pytest.fixture
def setup(actor):
    election, contest = make_contest(actor)
    district = make_district(actor, contest.ward, electors=30, anonymous={7}, postal={3, 4})
    return election, district


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def run(actor, election, district, kind) -> PollCardBatch:
    batch = poll_cards.poll_card_batch_start(
        election=election, polling_district=district, kind=kind, by=actor
    )
    assert tasks.make_poll_card_batch(batch.pk) == "done"
    batch.refresh_from_db()
    return batch


def test_a_district_batch_has_one_card_per_eligible_elector_in_number_order(actor, setup):
    election, district = setup
    batch = run(actor, election, district, PollCardBatch.Kind.POLL_CARDS)
    with private_storage.open(batch.stored_as, "rb") as handle:
        texts = pages(handle.read())
    postal = run(actor, election, district, PollCardBatch.Kind.POSTAL_POLL_CARDS)
    eligible = poll_cards.eligible_electors(election, district).count()
    assert eligible == 30
    assert batch.cards_total == len(texts) == 28
    assert batch.cards_total + postal.cards_total == eligible
    assert batch.cards_done == batch.cards_total
    numbers = [int(t.split("Elector number AA")[1].split()[0]) for t in texts]
    assert numbers == sorted(numbers) and 3 not in numbers


def test_anonymous_electors_get_a_card_without_a_name(actor, setup):
    election, district = setup
    batch = run(actor, election, district, PollCardBatch.Kind.POLL_CARDS)
    with private_storage.open(batch.stored_as, "rb") as handle:
        texts = pages(handle.read())
    card = next(t for t in texts if "Elector number AA7\n" in t or t.endswith("AA7"))
    assert "Surname7" not in card and "Firstname7" not in card
    assert "Larkspur" not in card
    assert "Surname8" in "".join(texts)
    assert "Surname7" not in "".join(texts)


def test_postal_voters_get_postal_poll_cards(actor, setup):
    election, district = setup
    batch = run(actor, election, district, PollCardBatch.Kind.POSTAL_POLL_CARDS)
    with private_storage.open(batch.stored_as, "rb") as handle:
        texts = pages(handle.read())
    assert len(texts) == 2
    assert all("postal poll card" in t for t in texts)


def test_the_same_batch_is_stored_once_and_a_second_delivery_does_nothing(actor, setup):
    election, district = setup
    first = run(actor, election, district, PollCardBatch.Kind.POSTAL_POLL_CARDS)
    second = run(actor, election, district, PollCardBatch.Kind.POSTAL_POLL_CARDS)
    assert first.content_hash == second.content_hash
    assert first.stored_as == second.stored_as
    assert tasks.make_poll_card_batch(first.pk) == "done"  # claimed once already
    assert private_storage.listdir(poll_cards.STORE_DIR)[1] == [f"{first.content_hash}.pdf"]


def test_polling_station_register_shows_anonymous_electors_as_number_only(actor, setup):
    election, district = setup
    batch = run(actor, election, district, PollCardBatch.Kind.STATION_REGISTER)
    with private_storage.open(batch.stored_as, "rb") as handle:
        body = "\n".join(pages(handle.read()))
    assert "Surname1, Firstname1" in body
    assert "AA7" in body and "Surname7" not in body
    assert batch.cards_total == 30


def test_a_batch_rendered_in_chunks_is_merged_in_order_with_progress(actor, setup):
    election, district = setup
    recipe = poll_cards.cards_recipe(PollCardBatch.Kind.POLL_CARDS, election, district, chunk=10)
    seen = []
    texts = pages(poll_cards.render_cards_pdf(recipe, progress=seen.append))
    assert seen == [1, 2, 3]
    assert len(texts) == recipe.count == 28
    numbers = [int(t.split("Elector number AA")[1].split()[0]) for t in texts]
    assert numbers == sorted(numbers)


def test_asking_for_a_batch_leaves_the_public_cache_be(actor, setup):
    from democracy.models import AuditEvent

    election, district = setup
    poll_cards.poll_card_batch_start(
        election=election, polling_district=district, kind="poll_cards", by=actor
    )
    event = AuditEvent.private_objects.get(action="elections.poll_card_batch.start")
    assert event.public is False
