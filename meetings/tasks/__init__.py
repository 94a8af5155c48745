"""Celery tasks of the meetings app (autodiscovered as ``meetings.tasks``), one module per part."""

from meetings.tasks.decisions import *  # noqa: F403
from meetings.tasks.packs import *  # noqa: F403
from meetings.tasks.participation import *  # noqa: F403
from meetings.tasks.search import *  # noqa: F403
