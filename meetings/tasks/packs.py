"""Celery tasks for packs (thin: take ids, call a service). List them in __all__."""

__all__: list[str] = []
