"""The demo council: Kingsmere District Council, a fictional English district.

Generated deterministically (fixed seeds), loaded idempotently: every object is looked up by
its natural key first, so a second run neither duplicates nor wipes anything, including changes
made through the system since the first run. Demo accounts are never created in production.

Its meetings live on the day they are loaded (``today``, the real day by default): the municipal
year around that day, meetings before it held and minuted, the next ones published on time, the
forward plan giving notice of the key decisions to come. Loading again on a later day carries
the year on from where it was.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from appeals import demo as appeals_demo
from democracy.accounts.services import user_create
from democracy.demo_accounts import DEMO_LOGINS, DEMO_PASSWORD
from democracy.models import User
from democracy.roles import Role
from democracy.validity import in_force_on
from elections import demo as elections_demo
from meetings import demo as meetings_demo
from meetings.models import Committee, CommitteeMembership
from members import demo as members_demo
from members.demo import allowances as allowances_demo
from members.demo import interests as interests_demo
from members.demo import records as records_demo
from members.models import Councillor


class DemoRefusedInProduction(RuntimeError):
    pass


class DemoDayRefused(ValueError):
    """The day asked for is before the demo council's first municipal year."""


def _users(leader: Councillor) -> None:
    for login in DEMO_LOGINS:
        if User.objects.filter(username=login.username).exists():
            continue
        first, last = login.first_name, login.last_name
        if login.role is Role.COUNCILLOR:
            first, last = leader.first_name, leader.last_name
        roles = [login.role]
        if login.role is Role.DEMOCRATIC_SERVICES_MANAGER:
            roles.append(Role.DEMOCRATIC_SERVICES_OFFICER)
        user = user_create(
            username=login.username,
            first_name=first,
            last_name=last,
            email=f"{login.username}@kingsmere.example.org",
            roles=roles,
            password=DEMO_PASSWORD,
            by=None,
        )
        if login.role is Role.COUNCILLOR:
            members_demo.link_login(leader, user)
        if login.role is Role.CO_OPTED_MEMBER:
            members_demo.link_login(
                Councillor.all_objects.get(slug=slugify(f"{first} {last}")), user
            )


def _special_responsibilities(committees) -> dict[str, list[Councillor]]:
    """Who holds each special responsibility in the allowances scheme: the Leader (Cabinet's
    chair), the Deputy Leader (its vice-chair), the other Cabinet members and the chairs."""
    posts: dict[str, list[Councillor]] = {}
    # Named as the demo first named them (by slug), so a committee renamed since keeps its post.
    names = {slugify(name): name for name, *_ in meetings_demo.COMMITTEES}
    for committee in committees:
        seats = (
            committee.memberships.filter(
                in_force_on(meetings_demo.ANNUAL_MEETING), councillor__isnull=False
            )
            .select_related("councillor")
            .order_by("pk")
        )
        chair = [s.councillor for s in seats if s.role == "chair"][:1]
        if committee.kind == "executive":
            posts["Leader of the Council"] = chair
            posts["Deputy Leader of the Council"] = [
                s.councillor for s in seats if s.role == "vice_chair"
            ][:1]
            posts["Cabinet Member"] = [s.councillor for s in seats if s.role == "member"]
        elif committee.kind == "council":
            posts["Chair of the Council"] = chair
        else:
            posts[f"Chair of the {names.get(committee.slug, committee.name)}"] = chair
    return posts


def _committee_seats() -> list[records_demo.CommitteeSeats]:
    """Every committee with who sat where at the annual meeting, for the members demo's
    positions and training: the composition root reads meetings so that members need not."""
    seats: dict[int, dict[str, list[Councillor]]] = {}
    for membership in (
        CommitteeMembership.objects.filter(in_force_on(records_demo.ANNUAL_MEETING))
        .select_related("councillor")
        .order_by("councillor__last_name", "councillor__first_name")
    ):
        roles = seats.setdefault(membership.committee_id, {})
        roles.setdefault(membership.role, []).append(membership.councillor)
    return [
        records_demo.CommitteeSeats(
            slug=committee.slug,
            name=committee.name,
            kind=committee.kind,
            seats=seats.get(committee.pk, {}),
        )
        for committee in Committee.objects.order_by("name")
    ]


@transaction.atomic
def load(*, today: date | None = None, register_electors: int | None = None) -> None:
    """Load the demo council as it stands on ``today`` (the day of loading by default), with a
    register of ``register_electors`` electors (``elections.demo.REGISTER_ELECTORS``, about
    80,000, by default)."""
    if settings.PRODUCTION:
        raise DemoRefusedInProduction("The demo council is never loaded in production.")
    today = today or timezone.localdate()
    try:
        meetings_demo.DemoYear.around(today)
    except ValueError as exc:
        raise DemoDayRefused(str(exc)) from None
    elections_demo.load()
    elections_demo.load_register(today=today, electors=register_electors)
    elections_demo.load_elections(today=today)
    members_demo.load()
    committees = meetings_demo.load()
    records_demo.load(committees=_committee_seats())
    meetings_demo.require_training()
    interests_demo.load()
    allowances_demo.load(posts=_special_responsibilities(committees))
    cabinet = next(c for c in committees if c.kind == "executive")
    leader = cabinet.memberships.get(role="chair").councillor
    _users(leader)
    # Appeals after the accounts: the clerk clerks its hearings, the panel account sits on one.
    appeals_demo.load(today=today)
    # The year's meetings need the demo accounts (the report author), so they come last.
    meetings_demo.load_municipal_year(today=today)
