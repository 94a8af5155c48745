"""Pure rules for councillor records and training."""

from __future__ import annotations

from datetime import date

from members.rules.records import holder_problem, photo_problem, status_on
from members.rules.training import booking_problem, feedback_problem, training_needs

TERM = (date(2023, 5, 8), None)


def test_a_photo_must_be_a_small_jpeg_or_png():
    assert photo_problem("JPEG", 150_000) == ""
    assert photo_problem("PNG", 2_000_000) == ""
    assert photo_problem("GIF", 1_000) == "The photo must be a JPEG or PNG image"
    assert photo_problem(None, 1_000) == "The photo must be a JPEG or PNG image"
    assert photo_problem("JPEG", 2_000_001) == "The photo must be smaller than 2 MB"


def test_status_on_a_day_uses_half_open_periods():
    suspension = (date(2026, 6, 1), date(2026, 7, 1))
    kwargs = {"terms": [TERM], "suspensions": [suspension]}
    assert status_on(date(2026, 5, 31), **kwargs) == "active"
    assert status_on(date(2026, 6, 1), **kwargs) == "suspended"
    assert status_on(date(2026, 6, 30), **kwargs) == "suspended"
    # end_date is the first day no longer suspended
    assert status_on(date(2026, 7, 1), **kwargs) == "active"
    assert status_on(date(2023, 5, 7), **kwargs) == "not_in_office"
    # an open-ended suspension continues
    assert status_on(date(2030, 1, 1), terms=[TERM], suspensions=[(date(2026, 6, 1), None)]) == (
        "suspended"
    )


def test_a_sole_position_takes_one_holder_and_a_shared_one_its_number():
    assert holder_problem(position_title="Mayor", allowed=1, current=0) == ""
    assert "already has a holder" in holder_problem(position_title="Mayor", allowed=1, current=1)
    assert holder_problem(position_title="Whips", allowed=3, current=2) == ""
    assert "its 3 holders" in holder_problem(position_title="Whips", allowed=3, current=3)


def test_training_needs_are_mandatory_and_committee_modules_not_attended():
    needs = training_needs(
        mandatory=[1],
        required_by={2: ["Planning Committee"], 3: ["Licensing Committee", "Licensing Sub"]},
        attended=[3],
    )
    assert [(n.module_id, n.reasons) for n in needs] == [
        (1, ("Mandatory for all councillors",)),
        (2, ("Required by Planning Committee",)),
    ]
    assert training_needs(mandatory=[1], required_by={1: ["Planning"]}, attended=[])[0].reasons == (
        "Mandatory for all councillors",
        "Required by Planning",
    )
    assert training_needs(mandatory=[], required_by={}, attended=[]) == []


def test_booking_and_feedback_rules():
    assert booking_problem(capacity=2, booked=1, already_booked=False, past=False) == ""
    assert booking_problem(capacity=2, booked=2, already_booked=False, past=False) == (
        "This event is full."
    )
    assert "already booked" in booking_problem(
        capacity=2, booked=1, already_booked=True, past=False
    )
    assert "already taken place" in booking_problem(
        capacity=2, booked=0, already_booked=False, past=True
    )
    assert feedback_problem(status="attended", rating=5) == ""
    assert feedback_problem(status="attended", rating=0) == "Select a rating from 1 to 5."
    assert "only on an event you attended" in feedback_problem(status="booked", rating=4)
