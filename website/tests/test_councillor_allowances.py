"""A councillor's profile shows their line of the latest annual publication of allowances paid
(SI 2003/1021 reg 15), equal to the payments to the penny, and nothing before publication."""

from __future__ import annotations

from datetime import date

import pytest

from democracy.tests.factories import TermFactory
from members.rules.allowances import add_months
from members.services import allowances as services
from members.tests.factories_allowances import Y2025, leader_post, scheme

pytestmark = pytest.mark.django_db


def test_the_profile_shows_the_published_year_only(client):
    s = scheme()
    councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
    services.responsibility_assign(
        councillor=councillor, responsibility=leader_post(s), start_date=Y2025, by=None
    )
    for n in range(12):
        services.payments_generate(scheme=s, month=add_months(s.year_start, n), by=None)
    url = f"/councillors/{councillor.slug}/"
    assert "Nothing has been published yet" in client.get(url).content.decode()

    services.publication_publish(scheme=s, on=date(2026, 6, 1), by=None)
    html = client.get(url).content.decode()
    assert "Allowances paid in 2025-26" in html
    assert "£5,400.00" in html and "£10,800.00" in html and "£16,200.00" in html
    assert "/members/allowances/2025-26/" in html
