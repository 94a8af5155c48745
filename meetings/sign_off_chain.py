"""The council's report sign-off chain, read in one place.

Every reader of the chain (the models' checks, the clearance services, the pages) asks
``sign_off_chain()``, so where the chain is configured (today the ``REPORT_SIGN_OFFS``
environment variable; later the council's constitution settings in the database) changes here
alone.
"""

from __future__ import annotations

from django.conf import settings


def sign_off_chain() -> list[str]:
    """The sign-off roles a report needs, in the order the council lists them (Legal, Finance,
    Director, and any the council adds). Every role must approve after the report's latest
    submission, in any order; a return by any role sends it back to the author."""
    return list(settings.REPORT_SIGN_OFFS)
