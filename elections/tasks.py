"""Celery tasks of elections. Thin: they take ids and call services."""

from celery import shared_task

from elections import services


@shared_task(name="elections.tasks.import_register")
def import_register(job_id: int) -> str:
    """Import a register file (the officer's upload) with its progress recorded as it goes."""
    return services.register_import_run(job_id).status
