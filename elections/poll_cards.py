"""Poll cards, postal poll cards and the polling-station register (issue 13, point 4).

* **Who gets a card**: every elector on the register on polling day entitled to vote at the
  election (``eligible_electors``): at a local election everyone but overseas electors (they
  vote only at UK Parliamentary elections); at a UK Parliamentary election only those with no
  franchise marker (peers and EU citizens may not vote). Electors voting by post (or by a
  postal proxy) get a postal poll card, everyone else a poll card (SI 2006/3304 Sch 2 r 28(1)
  and Forms; RPR 2001 as applied).
* **Order**: elector number order within the district (numbers are allocated in street order,
  which is the delivery round).
* **Anonymous electors** (RPA 1983 s9B) get their card with the number only: no name and no
  address (it is sent in a sealed envelope to the address the registration officer holds).
* A batch is rendered by a task in chunks, its progress recorded after each; the merged PDF is
  kept once in the private storage under the SHA-256 of its content, so the same batch made twice
  is stored once.
* The **polling-station register** (the marked register's base, r 28-37): the station's electors
  in number order with the markers; anonymous electors as number and N only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from democracy import pdf
from democracy.services import create_audited
from democracy.storage import private_storage
from elections.models import Election, Elector, PollCardBatch, PollingDistrict

CHUNK = 250
STORE_DIR = "poll-cards"
POSTAL = (Elector.AbsentVote.POSTAL, Elector.AbsentVote.POSTAL_PROXY)
PARLIAMENTARY = ("uk_parliamentary_general", "uk_parliamentary_by")


def eligible_electors(election: Election, district: PollingDistrict) -> QuerySet:
    """Electors of ``district`` entitled to vote at ``election``, in elector number order."""
    electors = Elector.register.live(election.poll_date).filter(polling_district=district)
    if election.election_type in PARLIAMENTARY:
        electors = electors.filter(franchise="")
    else:
        electors = electors.filter(overseas=False)
    return electors.select_related("qualifying_address", "polling_district").order_by(
        "number", "suffix"
    )


def electors_for(batch_kind: str, election: Election, district: PollingDistrict) -> QuerySet:
    electors = eligible_electors(election, district)
    if batch_kind == PollCardBatch.Kind.POSTAL_POLL_CARDS:
        return electors.filter(absent_vote__in=POSTAL)
    if batch_kind == PollCardBatch.Kind.POLL_CARDS:
        return electors.exclude(absent_vote__in=POSTAL)
    return electors


def _station(district: PollingDistrict):
    return district.stations.select_related("place").order_by("number").first()


def card_html(
    electors: list[Elector], *, election: Election, district: PollingDistrict, postal: bool
) -> str:
    return render_to_string(
        "elections/nominations/poll_cards_pdf.html",
        {
            "electors": electors,
            "election": election,
            "district": district,
            "station": _station(district),
            "postal": postal,
            "council_name": settings.COUNCIL_NAME,
        },
    )


def title_for(kind: str, district: PollingDistrict, election: Election) -> str:
    label = PollCardBatch.Kind(kind).label
    return f"{label}: polling district {district.code}, {election.title}"


@dataclass(frozen=True)
class Recipe:
    """Everything a batch's PDF is made from: its title and the HTML of each chunk. Its key
    (SHA-256) names the stored PDF, so an unchanged batch is never rendered or stored twice."""

    title: str
    chunks: tuple[str, ...]
    count: int

    @property
    def key(self) -> str:
        hasher = hashlib.sha256()
        for value in (pdf.PART_FORMAT, self.title, *self.chunks):
            hasher.update(value.encode())
            hasher.update(b"\0")
        return hasher.hexdigest()


def cards_recipe(
    kind: str, election: Election, district: PollingDistrict, *, chunk: int = CHUNK
) -> Recipe:
    electors = list(electors_for(kind, election, district))
    postal = kind == PollCardBatch.Kind.POSTAL_POLL_CARDS
    groups = [electors[start : start + chunk] for start in range(0, len(electors), chunk)] or [[]]
    return Recipe(
        title=title_for(kind, district, election),
        chunks=tuple(
            card_html(group, election=election, district=district, postal=postal)
            for group in groups
        ),
        count=len(electors),
    )


def render_cards_pdf(recipe: Recipe, *, progress: Callable[[int], None] | None = None) -> bytes:
    """The batch's cards as one tagged PDF (one card a page), rendered a chunk at a time
    (``progress`` is told the chunks done after each) and merged into one document."""
    if len(recipe.chunks) == 1:
        data = pdf.render_pdf(recipe.chunks[0], title=recipe.title)
        if progress:
            progress(1)
        return data
    parts = []
    for index, html in enumerate(recipe.chunks):
        parts.append(pdf.prepare_html(html, title=recipe.title, id_prefix=f"c{index}-"))
        if progress:
            progress(index + 1)
    return pdf.merge(parts, title=recipe.title)


def station_register_recipe(election: Election, district: PollingDistrict) -> Recipe:
    electors = list(eligible_electors(election, district))
    html = render_to_string(
        "elections/nominations/station_register_pdf.html",
        {
            "electors": electors,
            "election": election,
            "district": district,
            "station": _station(district),
            "council_name": settings.COUNCIL_NAME,
        },
    )
    title = title_for(PollCardBatch.Kind.STATION_REGISTER, district, election)
    return Recipe(title=title, chunks=(html,), count=len(electors))


def render_station_register_pdf(election: Election, district: PollingDistrict) -> bytes:
    """The polling-station register for ``district`` (the base of the marked register)."""
    recipe = station_register_recipe(election, district)
    return pdf.render_pdf(recipe.chunks[0], title=recipe.title)


def stored_name(key: str) -> str:
    return f"{STORE_DIR}/{key}.pdf"


@transaction.atomic
def poll_card_batch_start(
    *, election: Election, polling_district: PollingDistrict, kind: str, by
) -> PollCardBatch:
    """Ask for a batch (the view queues the task that makes it, once this commits)."""
    batch = PollCardBatch(
        election=election, polling_district=polling_district, kind=kind, created_by=by
    )
    batch = create_audited(
        batch,
        "elections.poll_card_batch.start",
        by=by,
        fields=["election", "polling_district", "kind"],
    )
    return batch


def batch_run(batch_id: int) -> PollCardBatch:
    """Make a batch's PDF, recording its progress; claimed once (a second delivery of the task
    finds it no longer waiting and does nothing)."""
    claimed = PollCardBatch.register.filter(
        pk=batch_id, status=PollCardBatch.Status.WAITING
    ).update(status=PollCardBatch.Status.RUNNING)
    batch = PollCardBatch.register.select_related("election", "polling_district").get(pk=batch_id)
    if not claimed:
        return batch

    try:
        if batch.kind == PollCardBatch.Kind.STATION_REGISTER:
            recipe = station_register_recipe(batch.election, batch.polling_district)
        else:
            recipe = cards_recipe(batch.kind, batch.election, batch.polling_district)
        PollCardBatch.register.filter(pk=batch_id).update(cards_total=recipe.count)
        name = stored_name(recipe.key)
        if not private_storage.exists(name):

            def progress(chunks_done: int) -> None:
                done = min(recipe.count, chunks_done * CHUNK)
                PollCardBatch.register.filter(pk=batch_id).update(cards_done=done)

            data = render_cards_pdf(recipe, progress=progress)
            if not private_storage.exists(name):
                # Two workers making the same batch at once may both save: the storage then
                # keeps one under another name, and this row names the first.
                private_storage.save(name, ContentFile(data))
        digest, count = recipe.key, recipe.count
    except Exception as error:  # recorded for the officer; the task may retry
        PollCardBatch.register.filter(pk=batch_id).update(
            status=PollCardBatch.Status.FAILED, error=type(error).__name__[:500]
        )
        raise
    PollCardBatch.register.filter(pk=batch_id).update(
        status=PollCardBatch.Status.DONE,
        cards_total=count,
        cards_done=count,
        content_hash=digest,
        stored_as=name,
        finished_at=timezone.now(),
    )
    batch.refresh_from_db()
    return batch
