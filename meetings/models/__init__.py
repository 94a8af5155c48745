"""Meetings and decisions: one module per part of the work, re-exported here.

Each module declares ``__all__``; add a model to its module's ``__all__`` to export it.
"""

from meetings.models.agenda import *  # noqa: F403
from meetings.models.balance import *  # noqa: F403
from meetings.models.clearance import *  # noqa: F403
from meetings.models.committees import *  # noqa: F403
from meetings.models.decisions import *  # noqa: F403
from meetings.models.forward_plan import *  # noqa: F403
from meetings.models.meetings import *  # noqa: F403
from meetings.models.minutes import *  # noqa: F403
from meetings.models.packs import *  # noqa: F403
from meetings.models.participation import *  # noqa: F403
from meetings.models.proceedings import *  # noqa: F403
from meetings.models.report_templates import *  # noqa: F403
from meetings.models.search import *  # noqa: F403
