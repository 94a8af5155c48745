"""Factories for the register of electors' tests: a polling district, properties and electors.

Electors are made through their ``register`` manager (they have no ``objects``)."""

from __future__ import annotations

from datetime import date

import factory

from democracy.tests.factories import WardFactory
from elections.models import Elector, PollingDistrict, Property


class PollingDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollingDistrict
        django_get_or_create = ("code",)

    ward = factory.SubFactory(WardFactory)
    code = "KA"
    name = factory.LazyAttribute(lambda d: f"District {d.code}")


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    reference = factory.Sequence(lambda n: f"P{n}")
    address_1 = factory.Sequence(lambda n: f"{n + 1} Mill Lane")
    address_3 = "Kingsmere"
    postcode = "KM1 2AB"
    polling_district = factory.SubFactory(PollingDistrictFactory)


class ElectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Elector

    qualifying_address = factory.SubFactory(PropertyFactory)
    polling_district = factory.SelfAttribute("qualifying_address.polling_district")
    number = factory.Sequence(lambda n: n + 1)
    first_names = "Jane"
    surname = factory.Sequence(lambda n: f"Elector{n}")
    added_on = date(2025, 12, 1)
