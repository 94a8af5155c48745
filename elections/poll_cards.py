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
* **Station**: each card names the station the elector votes at, from the district's allocation
  of elector numbers to its stations (``elections.station_allocation``: an even split of the
  live register unless the officer set each station's range), the same allocation the notice of
  the situation of polling stations shows.
* The **polling-station register** (the marked register's base, r 28-37): the station's electors
  in number order with the markers; anonymous electors as number and N only. A district with
  several stations has one register per station, listing only the electors allotted to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from democracy import pdf
from democracy.services import create_audited
from democracy.storage import private_storage
from elections import station_allocation
from elections.models import Election, Elector, PollCardBatch, PollingDistrict, PollingStation
from elections.station_allocation import StationRange

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


def allocations(district_ids: set[int] | list[int], on) -> dict[int, list[StationRange]]:
    """Each district's stations with the elector numbers they serve on ``on`` (the poll date),
    in two queries whatever the number of districts: the stations, and the lowest and highest
    live elector numbers of each district."""
    stations: dict[int, list[PollingStation]] = {pk: [] for pk in district_ids}
    for station in (
        PollingStation.objects.filter(polling_district__in=district_ids)
        .select_related("place", "polling_district")
        .order_by("polling_district__code", "number")
    ):
        stations[station.polling_district_id].append(station)
    bounds = {
        row["polling_district"]: (row["low"], row["high"])
        for row in Elector.register.live(on)
        .filter(polling_district__in=district_ids)
        .values("polling_district")
        .annotate(low=Min("number"), high=Max("number"))
        .order_by()
    }
    return {
        pk: station_allocation.allocate(found, *bounds.get(pk, (None, None)))
        for pk, found in stations.items()
    }


def district_allocation(election: Election, district: PollingDistrict) -> list[StationRange]:
    return allocations([district.pk], election.poll_date)[district.pk]


def card_html(
    electors: list[Elector],
    *,
    election: Election,
    district: PollingDistrict,
    postal: bool,
    ranges: list[StationRange] | None = None,
) -> str:
    if ranges is None:
        ranges = district_allocation(election, district)
    cards = [(e, station_allocation.station_for(ranges, e.number)) for e in electors]
    return render_to_string(
        "elections/nominations/poll_cards_pdf.html",
        {
            "cards": cards,
            "election": election,
            "district": district,
            "postal": postal,
            "council_name": settings.COUNCIL_NAME,
        },
    )


def title_for(
    kind: str, district: PollingDistrict, election: Election, station: PollingStation | None = None
) -> str:
    label = PollCardBatch.Kind(kind).label
    where = f"polling district {district.code}"
    if station is not None:
        where += f" station {station.number}"
    return f"{label}: {where}, {election.title}"


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
    ranges = district_allocation(election, district)
    postal = kind == PollCardBatch.Kind.POSTAL_POLL_CARDS
    groups = [electors[start : start + chunk] for start in range(0, len(electors), chunk)] or [[]]
    return Recipe(
        title=title_for(kind, district, election),
        chunks=tuple(
            card_html(group, election=election, district=district, postal=postal, ranges=ranges)
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


def station_register_recipe(
    election: Election, district: PollingDistrict, station: PollingStation | None = None
) -> Recipe:
    """The register of ``station`` (only the electors allotted to it, in number order), or with
    no station the whole district's (its one station named, if it has one)."""
    electors = list(eligible_electors(election, district))
    ranges = district_allocation(election, district)
    allotted = None
    if station is not None:
        allotted = next((r for r in ranges if r.station.pk == station.pk), None)
        if allotted is None:
            raise ValidationError(
                {"polling_station": "The station is not one of the district's stations"}
            )
        station = allotted.station  # with its place, read once with the allocation
        electors = [
            e
            for e in electors
            if getattr(station_allocation.station_for(ranges, e.number), "pk", None) == station.pk
        ]
    elif ranges:
        station = min((r.station for r in ranges), key=lambda s: s.number)
    html = render_to_string(
        "elections/nominations/station_register_pdf.html",
        {
            "electors": electors,
            "election": election,
            "district": district,
            "station": station,
            "allotted": allotted if len(ranges) > 1 else None,
            "council_name": settings.COUNCIL_NAME,
        },
    )
    title = title_for(
        PollCardBatch.Kind.STATION_REGISTER, district, election, station if allotted else None
    )
    return Recipe(title=title, chunks=(html,), count=len(electors))


def render_station_register_pdf(
    election: Election, district: PollingDistrict, station: PollingStation | None = None
) -> bytes:
    """The polling-station register for ``station`` (or the whole of ``district``): the base of
    the marked register."""
    recipe = station_register_recipe(election, district, station)
    return pdf.render_pdf(recipe.chunks[0], title=recipe.title)


def stored_name(key: str) -> str:
    return f"{STORE_DIR}/{key}.pdf"


@transaction.atomic
def poll_card_batch_start(
    *,
    election: Election,
    polling_district: PollingDistrict,
    kind: str,
    by,
    polling_station: PollingStation | None = None,
) -> PollCardBatch:
    """Ask for a batch (the view queues the task that makes it, once this commits). A station
    register may name one station of the district (the register of that station only)."""
    if polling_station is not None and (
        kind != PollCardBatch.Kind.STATION_REGISTER
        or polling_station.polling_district_id != polling_district.pk
    ):
        raise ValidationError(
            {"polling_station": "Only a station register is made per station of its district"}
        )
    batch = PollCardBatch(
        election=election,
        polling_district=polling_district,
        polling_station=polling_station,
        kind=kind,
        created_by=by,
    )
    batch = create_audited(
        batch,
        "elections.poll_card_batch.start",
        by=by,
        fields=["election", "polling_district", "polling_station", "kind"],
    )
    return batch


def station_register_start(
    *, election: Election, polling_district: PollingDistrict, by
) -> list[PollCardBatch]:
    """Ask for the polling-station register of ``polling_district``: one batch for a district
    with one station (or none), one batch per station when it has several."""
    stations = list(polling_district.stations.order_by("number"))
    kind = PollCardBatch.Kind.STATION_REGISTER
    if len(stations) < 2:
        return [
            poll_card_batch_start(
                election=election, polling_district=polling_district, kind=kind, by=by
            )
        ]
    return [
        poll_card_batch_start(
            election=election,
            polling_district=polling_district,
            kind=kind,
            by=by,
            polling_station=station,
        )
        for station in stations
    ]


def batch_run(batch_id: int) -> PollCardBatch:
    """Make a batch's PDF, recording its progress; claimed once (a second delivery of the task
    finds it no longer waiting and does nothing)."""
    claimed = PollCardBatch.register.filter(
        pk=batch_id, status=PollCardBatch.Status.WAITING
    ).update(status=PollCardBatch.Status.RUNNING)
    batch = PollCardBatch.register.select_related(
        "election", "polling_district", "polling_station"
    ).get(pk=batch_id)
    if not claimed:
        return batch

    try:
        if batch.kind == PollCardBatch.Kind.STATION_REGISTER:
            recipe = station_register_recipe(
                batch.election, batch.polling_district, batch.polling_station
            )
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
