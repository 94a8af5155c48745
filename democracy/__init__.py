"""Democratic services for UK councils: the project package and its foundations."""

from democracy.celery import app as celery_app

__all__ = ["celery_app"]
