"""What the public may see of elections: the one place the public side (the composition root,
``website``) reads electoral geography from.

Public: wards (name, GSS code, number of councillors, dates in force), past and present, and
polling districts (code, name, ward): the council publishes both (wards by the Local Government
Boundary Commission's orders; polling districts under the Representation of the People Act 1983
s18A-18C, reviewed and published by the council). Nothing else of elections is public yet: the
register of electors (an anonymous elector, Representation of the People Act 1983 s9B, is never
shown) and poll records come with the elections issue, and each must add here only what the law
publishes.
"""

from __future__ import annotations

from datetime import date

from elections.models import PollingDistrict, Ward, WardQuerySet


def wards() -> WardQuerySet:
    """Every ward, past and present (terms of office refer to wards since abolished)."""
    return Ward.objects.all()


def current_wards(on: date | None = None) -> WardQuerySet:
    """The wards in force on ``on`` (today by default)."""
    return Ward.objects.current(on)


def polling_districts():
    """Every polling district, with its ward."""
    return PollingDistrict.objects.select_related("ward")
