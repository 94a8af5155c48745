"""Celery tasks for decisions (thin: take ids, call a service). List them in __all__."""

__all__: list[str] = []
