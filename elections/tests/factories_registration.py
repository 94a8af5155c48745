"""Helpers for the rolling registration tests: an application through the service, with
everything valid unless told otherwise."""

from __future__ import annotations

from datetime import date

from elections import registration
from elections.tests.factories_register import PropertyFactory


def receive(by, **values):
    """An application received on 10 January 2019 (its objection period ends on 17 January)."""
    defaults = {
        "received_on": date(2019, 1, 10),
        "first_names": "Imogen",
        "surname": "Thistlewood",
        "date_of_birth": date(1990, 3, 4),
        "nationality": "british",
        "nino": "AB 12 34 56 C",
    }
    defaults.update(values)
    if "address" not in defaults:
        defaults["address"] = PropertyFactory()
    return registration.application_receive(by=by, **defaults)


def accepted(by, *, today=date(2019, 1, 18), **values):
    """An application received, verified by a DWP match and accepted on ``today``."""
    application = receive(by, **values)
    application = registration.application_verify(
        application=application, verification="dwp_match", by=by, today=today
    )
    return registration.application_determine(
        application=application, accept=True, by=by, today=today
    )
