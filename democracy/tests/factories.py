"""Factories for the foundation's models and the core records other apps build on."""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth.models import Group
from django.db import models

from democracy.models import User
from democracy.roles import Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted: list[Role] | None, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[r.value for r in extracted]))
            if Role.DEMOCRATIC_SERVICES_MANAGER in extracted:
                self.is_staff = True
                self.save(update_fields=["is_staff"])


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "elections.Ward"

    name = factory.Sequence(lambda n: f"Ward {n}")
    slug = factory.Sequence(lambda n: f"ward-{n}")
    seats = 3
    created_on = date(2019, 5, 2)


class PoliticalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.PoliticalGroup"

    name = factory.Sequence(lambda n: f"Group {n}")
    short_name = factory.Sequence(lambda n: f"G{n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    colour = "#1d70b8"
    constituted_on = date(2019, 5, 6)


class CouncillorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Councillor"

    title = "Cllr"
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    slug = factory.Sequence(lambda n: f"councillor-{n}")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Term"

    councillor = factory.SubFactory(CouncillorFactory)
    ward = factory.SubFactory(WardFactory)
    start_date = date(2023, 5, 8)
    start_reason = "ordinary"


class CoOptionFactory(factory.django.DjangoModelFactory):
    """A voting co-option of a co-opted member (``Councillor.kind`` "coopted")."""

    class Meta:
        model = "members.CoOption"

    councillor = factory.SubFactory(CouncillorFactory, kind="coopted", title="Mr")
    appointment = "Independent member of the Audit and Governance Committee"
    appointed_by = "Council, 22 May 2025"
    start_date = date(2025, 6, 2)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Committee"

    name = factory.Sequence(lambda n: f"Committee {n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")
    kind = "committee"
    size = 9
    quorum = 3
    established_on = date(2023, 5, 16)


# The signed-in personas with a fixture of that name in the root conftest, for tests that ask
# each in turn (the permission matrix's full list is ``factories_world.PERSONAS``).
PERSONAS = [
    "officer",
    "manager",
    "author",
    "councillor",
    "electoral_officer",
    "clerk",
    "panel_member",
]


def set_constitution(**values) -> None:
    """Give the council's constitution these values for a test (the row, directly: the
    manager's audited change is ``democracy.constitution.constitution_update``). Yes/no periods
    may be given as 0 or 1, as ``period()`` reads them."""
    from democracy.constitution import constitution
    from democracy.models import Constitution

    row = constitution()
    for name, value in values.items():
        if isinstance(Constitution._meta.get_field(name), models.BooleanField):
            value = bool(value)
        setattr(row, name, value)
    row.save()
