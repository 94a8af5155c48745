"""Building packs in the background (meetings/tasks/packs.py and the outbox in
meetings/packs.py): the ``PackBuild`` row is claimed with one conditional UPDATE, so a duplicate
or retried message never builds twice at once; a request that arrives during a build is built
again; a lost message is recovered by the periodic task. Tested by calling the tasks and with a
real Celery worker (no eager mode).
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from meetings import packs
from meetings.models import AgendaPack, PackBuild, RenderedPart, Report
from meetings.services import agenda as agenda_services
from meetings.services import packs as pack_services
from meetings.tasks.packs import build_packs, build_pending_packs, prune_rendered_parts
from meetings.tests.factories_packs import current, make_pack_meeting, pages_text, read


@pytest.fixture
def shared_media(settings, tmp_path, monkeypatch):
    """One media directory for this process and any worker it starts."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.PRIVATE_MEDIA_ROOT = str(root / "private")
    monkeypatch.setenv("MEDIA_ROOT", str(root))
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", str(root / "private"))
    return root


def one_current_per_kind(meeting) -> list[tuple[str, int]]:
    return sorted(
        AgendaPack.all_objects.current().filter(meeting=meeting).values_list("kind", "supplement")
    )


@pytest.fixture
def requested(db, shared_media, officer, councillor):
    """A published meeting whose packs have been requested and not built."""
    meeting = make_pack_meeting(officer, councillor)
    return meeting, PackBuild.all_objects.get(meeting=meeting, done_at=None)


# --- Calling the tasks -------------------------------------------------------------------------


def test_the_task_builds_once_and_a_duplicate_message_does_nothing(requested):
    meeting, build = requested
    assert build_packs(build.pk) == "built"
    build.refresh_from_db()
    assert build.done_at is not None and build.attempts == 1 and build.last_error == ""
    assert one_current_per_kind(meeting) == [("full", 0), ("public", 0)]
    assert build_packs(build.pk) == "skipped"
    assert AgendaPack.all_objects.filter(meeting=meeting).count() == 2


def test_a_claimed_build_is_not_taken_until_its_lease_runs_out(requested):
    meeting, build = requested
    assert packs.claim(build.pk) is not None
    assert packs.claim(build.pk) is None
    assert build_packs(build.pk) == "skipped"
    assert not AgendaPack.all_objects.filter(meeting=meeting).exists()
    PackBuild.all_objects.filter(pk=build.pk).update(claimed_until=timezone.now() - timedelta(1))
    assert build_packs(build.pk) == "built"


def test_a_request_arriving_during_a_build_is_built_too(requested, officer, monkeypatch):
    meeting, build = requested
    real_build = packs.build_meeting_packs
    calls = []

    def build_and_meanwhile_add_a_late_item(m):
        calls.append(m.pk)
        result = real_build(m)
        if len(calls) == 1:  # an officer adds a late item while the first build runs
            agenda_services.item_add(
                meeting=meeting, title="Flood defence works", urgency_reasons="Urgent.", by=officer
            )
        return result

    monkeypatch.setattr(packs, "build_meeting_packs", build_and_meanwhile_add_a_late_item)
    assert build_packs(build.pk) == "built"
    assert len(calls) == 2
    assert one_current_per_kind(meeting) == [("full", 0), ("full", 1), ("public", 0), ("public", 1)]
    assert not PackBuild.all_objects.filter(meeting=meeting, done_at=None).exists()


def test_a_damaged_upload_fails_the_build_naming_it_and_keeps_the_old_packs(requested, officer):
    meeting, build = requested
    assert build_packs(build.pk) == "built"
    before = {kind: current(meeting, kind).pk for kind in ("public", "full")}
    housing = Report.all_objects.get(item__title="Housing allocations policy")
    with housing.pdf.storage.open(housing.pdf.name, "wb") as handle:
        handle.write(b"%PDF-1.7\nbroken")
    again = pack_services.request_build(meeting)
    assert build_packs(again.pk) == "failed"
    again.refresh_from_db()
    assert again.done_at is None and again.claimed_until is None and again.attempts == 1
    assert "Housing allocations policy" in again.last_error
    assert {kind: current(meeting, kind).pk for kind in ("public", "full")} == before
    # Beat tries again later, and gives up after MAX_ATTEMPTS.
    PackBuild.all_objects.filter(pk=again.pk).update(attempts=packs.MAX_ATTEMPTS)
    assert build_pending_packs(0) == 0


def test_the_periodic_task_builds_what_a_lost_message_left_pending(requested):
    meeting, _ = requested
    assert build_pending_packs(60) == 0  # requested just now: its message is still on its way
    assert build_pending_packs(0) == 1
    assert one_current_per_kind(meeting) == [("full", 0), ("public", 0)]
    assert build_pending_packs(0) == 0


def test_two_builders_racing_leave_one_current_pack_per_kind(
    transactional_db, shared_media, officer, councillor
):
    meeting = make_pack_meeting(officer, councillor)
    errors = []

    def build():
        try:
            packs.build_meeting_packs(meeting)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert one_current_per_kind(meeting) == [("full", 0), ("public", 0)]
    assert not AgendaPack.all_objects.filter(meeting=meeting, superseded_at__isnull=False).exists()


# --- A real worker -------------------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.slow
def test_publishing_then_the_worker_builds_the_packs_once_however_often_asked(
    shared_media, celery_worker_process, officer, councillor
):
    meeting = make_pack_meeting(officer, councillor)
    build = PackBuild.all_objects.get(meeting=meeting, done_at=None)
    # Two deliveries of the same message, racing on the worker's two processes.
    results = [celery_worker_process.send("meetings.tasks.build_packs", build.pk) for _ in range(2)]
    outcomes = sorted(r.get(timeout=240) for r in results)
    assert outcomes == ["built", "skipped"], celery_worker_process.log()
    assert one_current_per_kind(meeting) == [("full", 0), ("public", 0)]
    public = "".join(pages_text(read(current(meeting, "public"))))
    full = "".join(pages_text(read(current(meeting, "full"))))
    assert "DEPOT-SECRET-PRICE" not in public and "DEPOT-SECRET-PRICE" in full
    build.refresh_from_db()
    assert build.done_at is not None


@pytest.mark.worker
@pytest.mark.slow
def test_the_worker_recovers_a_request_whose_message_was_lost(
    shared_media, celery_worker_process, officer
):
    meeting = make_pack_meeting(officer)  # its message went to a queue no worker reads
    result = celery_worker_process.send("meetings.tasks.build_pending_packs", 0)
    assert result.get(timeout=240) == 1, celery_worker_process.log()
    assert one_current_per_kind(meeting) == [("full", 0), ("public", 0)]


@pytest.mark.django_db
def test_pruning_forgets_parts_unused_for_the_configured_days_and_keeps_packs(
    settings, officer, councillor
):
    meeting = make_pack_meeting(officer, councillor)
    packs.build_meeting_packs(meeting)
    parts = list(RenderedPart.all_objects.all())
    assert len(parts) >= 3
    stale, fresh = parts[0], parts[1:]
    RenderedPart.all_objects.filter(pk=stale.pk).update(
        last_used_at=timezone.now() - timedelta(days=31)
    )
    settings.PACK_PART_CACHE_DAYS = 30

    assert prune_rendered_parts() == 1

    assert not RenderedPart.all_objects.filter(pk=stale.pk).exists()
    assert not stale.file.storage.exists(stale.file.name)
    assert all(part.file.storage.exists(part.file.name) for part in fresh)
    assert RenderedPart.all_objects.count() == len(fresh)
    # The packs built from the parts are their own files and stay whole.
    current_packs = AgendaPack.all_objects.current().filter(meeting=meeting)
    assert current_packs.count() == 2
    assert all(read(pack).startswith(b"%PDF") for pack in current_packs)
