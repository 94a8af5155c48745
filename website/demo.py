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

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from appeals import demo as appeals_demo
from democracy import constitution
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
from members.demo import councillors as councillors_demo
from members.demo import interests as interests_demo
from members.demo import records as records_demo
from members.models import Councillor, GroupMembership, Term


class DemoRefusedInProduction(RuntimeError):
    pass


class DemoDayRefused(ValueError):
    """The day asked for is before the demo council's first municipal year."""


def _users(leader: Councillor) -> None:
    # Every demo account has the same password: hash it once (PBKDF2 takes a good half second).
    hashed = make_password(DEMO_PASSWORD)
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
            by=None,
        )
        User.objects.filter(pk=user.pk).update(password=hashed)
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


def _last_election(*, by: User) -> None:
    """The ordinary election at which the sitting councillors were elected, with its results:
    its winners are the members demo's councillors (their names and the group they stood for),
    so that the result, the terms of office and the groups agree. That is the previous poll of
    the four-year cycle until May 2027; the members demo does not yet carry the council through
    a later ordinary election, so loaded after it the demo still shows the 2023 election as the
    last one with results."""
    winners = [
        elections_demo.Winner(
            ward_id=ward.pk,
            first_name=councillor.first_name,
            last_name=councillor.last_name,
            group=group,
        )
        for ward, councillor, group in councillors_demo.ordinary_election_winners()
    ]
    elections_demo.load_last_election(poll=councillors_demo.POLL, winners=winners, by=by)


def _resignation(*, today: date) -> tuple[Term, str | None] | None:
    """The vacancy of the by-election being run on ``today``: a backbench councillor resigned a
    few weeks ago, their term ended through the members service (which ends their group
    membership and committee seats that day). Before the allowances and the year's meetings,
    which follow from who serves. Returns the ended term and the group that defends the seat;
    None when the vacancy would fall before the committee seats of the demo's first municipal
    year began (the first weeks after it), which it would predate."""
    dates = elections_demo.by_election_dates(today)
    if dates.vacancy_on <= meetings_demo.ANNUAL_MEETING:
        return None
    # Not in the ward of the earlier by-election; never a councillor with a post or a seat
    # beyond the full Council's (they would need replacing on their committees).
    avoid = set(
        Term.objects.filter(start_reason=Term.StartReason.BY_ELECTION).values_list(
            "ward_id", flat=True
        )
    )
    seated = set(
        CommitteeMembership.objects.exclude(committee__kind="council", role="member")
        .exclude(councillor=None)
        .values_list("councillor_id", flat=True)
    )
    councillor = councillors_demo.resignation_candidate(avoid_wards=avoid, seated=seated)
    already = Term.objects.filter(councillor=councillor, end_date__isnull=False).first()
    vacancy_on = already.end_date if already else dates.vacancy_on
    membership = (
        GroupMembership.objects.filter(
            in_force_on(vacancy_on - timedelta(days=1)), councillor=councillor
        )
        .select_related("group")
        .first()
    )
    term = councillors_demo.resign(councillor=councillor, effective=vacancy_on)
    return term, membership.group.short_name if membership else None


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
    # The demo never changes the constitution: its thousands of service calls read it once.
    with constitution.read_once():
        _load(today=today, register_electors=register_electors)


def _load(*, today: date, register_electors: int | None) -> None:
    elections_demo.load()
    elections_demo.load_register(today=today, electors=register_electors)
    elections_demo.load_elections(today=today)
    members_demo.load()
    committees = meetings_demo.load()
    vacancy = _resignation(today=today)
    records_demo.load(committees=_committee_seats())
    meetings_demo.require_training()
    interests_demo.load()
    allowances_demo.load(posts=_special_responsibilities(committees))
    cabinet = next(c for c in committees if c.kind == "executive")
    leader = cabinet.memberships.get(role="chair").councillor
    _users(leader)
    # The elections after the accounts: the electoral services officer runs them.
    electoral = User.objects.get(username="electoral")
    # Rolling registration first: the additions published on the last notice are on the
    # register the canvass matches and the results count against.
    elections_demo.load_registration(today=today, by=electoral)
    _last_election(by=electoral)
    if vacancy is not None:
        term, defending = vacancy
        elections_demo.load_by_election(
            today=today, ward=term.ward, vacancy_on=term.end_date, defending=defending, by=electoral
        )
    elections_demo.load_canvass(today=today, by=electoral)
    # Appeals after the accounts: the clerk clerks its hearings, the panel account sits on one.
    appeals_demo.load(today=today)
    # The year's meetings need the demo accounts (the report author), so they come last.
    meetings_demo.load_municipal_year(today=today)
