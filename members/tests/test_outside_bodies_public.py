"""The public list of outside bodies and the councillors appointed to them now."""

from __future__ import annotations

from datetime import date

import pytest

from democracy.tests.factories import TermFactory
from members.services import records


def body_with(n: int, name: str):
    body = records.outside_body_create(
        name=name, description="A charity.", website="", kind="charity", by=None
    )
    for _ in range(n):
        councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
        records.appointment_start(
            body=body,
            councillor=councillor,
            role="Trustee",
            start_date=date(2025, 5, 20),
            appointed_by="council",
            by=None,
        )
    return body


def test_current_appointees_are_listed(client, db):
    body_with(2, "Kingsmere Citizens Advice")
    html = client.get("/members/outside-bodies/").content.decode()
    assert "Kingsmere Citizens Advice" in html and html.count("Trustee") == 2


@pytest.mark.parametrize("bodies", [1, 8])
def test_the_page_runs_the_same_queries_however_many_bodies(
    client, db, bodies, django_assert_num_queries
):
    for n in range(bodies):
        body_with(2, f"Body {n}")
    with django_assert_num_queries(3):  # the audit version, the bodies, the appointees
        assert client.get("/members/outside-bodies/").status_code == 200
