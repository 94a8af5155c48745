"""Celery tasks of elections. Thin: they take ids and call services."""

from celery import shared_task

from elections import poll_cards, services


@shared_task(name="elections.tasks.import_register")
def import_register(job_id: int) -> str:
    """Import a register file (the officer's upload) with its progress recorded as it goes."""
    return services.register_import_run(job_id).status


@shared_task(name="elections.tasks.import_canvass_matches")
def import_canvass_matches(job_id: int) -> str:
    """Import national data match results for a canvass, with its progress recorded."""
    from elections import canvass

    return canvass.match_import_run(job_id).status


@shared_task(name="elections.tasks.build_canvass_batch")
def build_canvass_batch(batch_id: int) -> str:
    """Build a batch of canvass communications (claimed once: a duplicate does nothing)."""
    from elections import canvass

    return canvass.batch_run(batch_id).status


@shared_task(name="elections.tasks.canvass_sweep")
def canvass_sweep() -> int:
    """Queue again the canvass work whose message was lost; drop old attempt counts."""
    from elections import canvass

    return canvass.sweep(
        queue_batch=build_canvass_batch.delay, queue_import=import_canvass_matches.delay
    )


@shared_task(name="elections.tasks.make_poll_card_batch")
def make_poll_card_batch(batch_id: int) -> str:
    """Make a batch of poll cards (or the polling-station register), its progress recorded."""
    return poll_cards.batch_run(batch_id).status
