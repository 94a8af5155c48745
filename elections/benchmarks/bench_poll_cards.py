"""Benchmark of poll cards (issue 13, point 4; ``make bench``): a batch of poll cards for one
polling district of N electors made by the task (chunks rendered and merged into one tagged
PDF, stored once), beside WeasyPrint rendering the same cards' HTML as one document alone (the
floor: no chunking, no merging, no storing), in the same run.

N is 5,000; ``BENCH_QUICK=1`` uses 300. The batch should cost little more than WeasyPrint
alone: the merge copies the chunks' bytes and the progress updates are one UPDATE a chunk.
"""

from __future__ import annotations

import io
import os
import time

import pytest
from pypdf import PdfReader

from democracy import pdf
from democracy.storage import private_storage
from elections import poll_cards, tasks
from elections.models import PollCardBatch
from elections.tests.factories_nominations import make_contest, make_district

QUICK = os.environ.get("BENCH_QUICK") == "1"
ELECTORS = 300 if QUICK else 5_000

pytestmark = pytest.mark.django_db


def test_bench_poll_cards_beside_weasyprint_alone(electoral_officer, capsys):
    election, contest = make_contest(electoral_officer)
    district = make_district(
        electoral_officer, contest.ward, electors=ELECTORS, anonymous={5, 50}, postal={7}
    )
    kind = PollCardBatch.Kind.POLL_CARDS

    started = time.perf_counter()
    batch = poll_cards.poll_card_batch_start(
        election=election, polling_district=district, kind=kind, by=electoral_officer
    )
    assert tasks.make_poll_card_batch(batch.pk) == "done"
    batch_seconds = time.perf_counter() - started
    batch.refresh_from_db()
    with private_storage.open(batch.stored_as, "rb") as handle:
        stored = handle.read()
    assert batch.cards_total == len(PdfReader(io.BytesIO(stored)).pages) == ELECTORS - 1

    electors = list(poll_cards.electors_for(kind, election, district))
    html = poll_cards.card_html(electors, election=election, district=district, postal=False)
    started = time.perf_counter()
    alone = pdf.render_pdf(html, title="Poll cards")
    alone_seconds = time.perf_counter() - started
    assert len(PdfReader(io.BytesIO(alone)).pages) == ELECTORS - 1

    with capsys.disabled():
        print(
            f"\n\nPoll cards, one district of {ELECTORS:,} electors"
            f"{' (BENCH_QUICK)' if QUICK else ''}, {batch.cards_total:,} cards:\n"
            f"  batch by the task (chunks of {poll_cards.CHUNK}, merged, stored): "
            f"{batch_seconds:7.2f} s, {len(stored) / 1024 / 1024:.1f} MB\n"
            f"  WeasyPrint alone, the same HTML as one document:        "
            f"{alone_seconds:7.2f} s, {len(alone) / 1024 / 1024:.1f} MB\n"
            f"  batch / WeasyPrint alone = {batch_seconds / alone_seconds:.2f}\n"
        )
