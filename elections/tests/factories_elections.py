"""Elections for tests (issue 13): made through the services, as the officer pages make them."""

from __future__ import annotations

from datetime import date

from elections import election_services
from elections.models import Election


def make_election(by, **values) -> Election:
    defaults = {
        "title": "Kingsmere District Council elections 2026",
        "election_type": "local",
        "nation": "ENG",
        "organisation": "Kingsmere",
        "poll_date": date(2026, 5, 7),
    }
    return election_services.election_create(by=by, **{**defaults, **values})
