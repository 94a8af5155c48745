"""One world for the cross-domain tests (the permission matrix and the planted-secret crawl):
the named personas and a container each app's world builder fills with the objects it makes,
named so that the permission matrix can address them, and with the secrets it plants.

This module knows no app: each app's ``tests/factories_world.py`` has a ``build(world)`` that
adds its objects and plants, and ``website/tests/factories_world.py`` runs them in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from democracy.roles import Role

# The personas of the permission matrix, in the order its tables list them. ``anonymous`` is a
# visitor who is not signed in; every other persona is an account holding the roles below.
PERSONAS = (
    "anonymous",
    "committee_councillor",
    "other_councillor",
    "co_opted_member",
    "author",
    "officer",
    "manager",
    "electoral_officer",
    "clerk",
    "panel_member",
)

PERSONA_ROLES: dict[str, list[Role]] = {
    "committee_councillor": [Role.COUNCILLOR],
    "other_councillor": [Role.COUNCILLOR],
    "co_opted_member": [Role.CO_OPTED_MEMBER],
    "author": [Role.REPORT_AUTHOR],
    "officer": [Role.DEMOCRATIC_SERVICES_OFFICER],
    "manager": [Role.DEMOCRATIC_SERVICES_MANAGER, Role.DEMOCRATIC_SERVICES_OFFICER],
    "electoral_officer": [Role.ELECTORAL_SERVICES_OFFICER],
    "clerk": [Role.APPEALS_CLERK],
    "panel_member": [Role.APPEALS_PANEL_MEMBER],
}

PERSONA_NAMES: dict[str, tuple[str, str]] = {
    "committee_councillor": ("Carys", "Chairwood"),
    "other_councillor": ("Owen", "Otherfield"),
    "co_opted_member": ("Coral", "Coopersmith"),
    "author": ("Aled", "Authorson"),
    "officer": ("Olwen", "Officerly"),
    "manager": ("Megan", "Managerial"),
    "electoral_officer": ("Elis", "Electorly"),
    "clerk": ("Cai", "Clerkwell"),
    "panel_member": ("Pam", "Panelbury"),
}


OFFICERS = ("officer", "manager")


@dataclass(frozen=True)
class Plant:
    """A string that must never reach the public, nor any persona not entitled to it, and
    where an entitled user does see it (so that finding it nowhere else proves something: the
    string really is in the system).

    ``seen_at`` is a URL that ``seen_by`` (a persona) gets with the string in it (text of a
    PDF counts); ``entitled`` are the personas who may see it besides the officers (who may
    see everything); ``search`` are words around the secret that site search is asked for."""

    secret: str
    what: str
    seen_at: str
    seen_by: str = "officer"
    entitled: tuple[str, ...] = ()
    search: tuple[str, ...] = ()

    def entitles(self, persona: str) -> bool:
        return persona in OFFICERS or persona in self.entitled or persona == self.seen_by


@dataclass(repr=False)
class World:
    """What the builders made: ``users`` by persona, ``objects`` by the names the permission
    matrix's URL templates use (``{held_meeting.pk}``), and the ``plants``."""

    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    plants: list[Plant] = field(default_factory=list)

    def add(self, **named) -> None:
        clash = set(named) & set(self.objects)
        assert not clash, f"two builders named {sorted(clash)}"
        self.objects.update(named)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"<World: {len(self.objects)} objects, {len(self.plants)} plants>"

    def plant(
        self, secret: str, what: str, seen_at: str, *, seen_by="officer", entitled=(), search=()
    ):
        unknown = {seen_by, *entitled} - set(PERSONAS)
        assert not unknown, f"no such persona: {unknown}"
        self.plants.append(Plant(secret, what, seen_at, seen_by, tuple(entitled), tuple(search)))


def build_personas(world: World) -> None:
    """Accounts for every persona but ``anonymous``, made through the accounts service (with no
    usable password: tests sign them in with ``force_login``). The councillors' and co-opted
    member's records are the members builder's to make and link."""
    from democracy.accounts.services import user_create

    for persona, roles in PERSONA_ROLES.items():
        first, last = PERSONA_NAMES[persona]
        world.users[persona] = user_create(
            username=persona.replace("_", "-"),
            first_name=first,
            last_name=last,
            email=f"{persona.replace('_', '.')}@council.example.org",
            roles=roles,
            by=None,
        )


def build_foundations(world: World) -> None:
    """Rows of the foundations' own models that the console lists: a council-designated day, a
    second console user with an authenticator (never a persona: the two-step gate would stop
    them), and lock-out records. Reminders are derived at the end, from what the apps made."""
    from datetime import date

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from democracy.accounts.services import user_create
    from democracy.models import NonWorkingDay

    day = NonWorkingDay(
        date=date(2027, 1, 4), kind="council_designated", description="Council closure day"
    )
    day.full_clean()
    day.save()
    holder = user_create(
        username="console-user",
        first_name="Tomos",
        last_name="Twostep",
        email="tomos.twostep@council.example.org",
        roles=[Role.DEMOCRATIC_SERVICES_MANAGER, Role.DEMOCRATIC_SERVICES_OFFICER],
        by=None,
    )
    device = TOTPDevice.objects.create(user=holder, name="Phone", confirmed=True)
    now = timezone.now()
    seen = {"ip_address": "192.0.2.10", "user_agent": "Mozilla/5.0", "path_info": "/account/login/"}
    attempt = AccessAttempt.objects.create(
        username="someone", failures_since_start=1, get_data="", post_data="", **seen
    )
    log = AccessLog.objects.create(username="someone", attempt_time=now, **seen)
    failure = AccessFailureLog.objects.create(
        username="someone", attempt_time=now, locked_out=False, **seen
    )
    world.add(
        non_working_day=day,
        console_user=holder,
        totp_device=device,
        access_attempt=attempt,
        access_log=log,
        access_failure=failure,
    )
