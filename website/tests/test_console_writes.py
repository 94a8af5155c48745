"""Every write path reaches the services (issue 10, point 3): for each model registered in the
managers' console, saving through it (add and change forms, inlines, actions, delete) either goes
through the service, audited with its consequences, or is refused.

``CONSOLE`` below is the one place the expected behaviour is written, model by model; a model
registered in the console with no entry (or an inline or action not listed for it) fails
``test_every_registered_model_has_an_entry``. Each outcome is either ``REFUSED`` (the console
answers 403 and nothing changes) or the audit action the save must write, by the manager.
The forms are posted as a browser would: the page is fetched, its form read back field by field,
the listed values changed, and the form posted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from democracy.models import AuditEvent, NonWorkingDay, Reminder, User
from democracy.roles import Role
from democracy.tests.factories import CouncillorFactory, UserFactory, WardFactory
from elections.models import PollingDistrict, Ward
from members.models import Councillor, SpecialResponsibility

REFUSED = "refused"


@dataclass
class Console:
    """What the console does with one model: each outcome is ``REFUSED`` or an audit action."""

    add: str
    change: str
    delete: str
    inlines: dict[str, str] = field(default_factory=dict)  # inline model -> outcome of a new row
    actions: dict[str, str] = field(default_factory=dict)  # action -> outcome
    add_data: dict[str, object] = field(default_factory=dict)
    change_data: dict[str, object] = field(default_factory=dict)
    inline_rows: dict[str, dict[str, object]] = field(default_factory=dict)  # prefix -> new row
    make: Callable[[], object] | None = None  # an instance, where the demo has none
    # A row nothing depends on, to delete (where the demo's rows are all in use: a polling
    # district with electors on the register is protected).
    make_to_delete: Callable[[], object] | None = None
    # Personal data shown only to electoral services: to a manager without that role every page
    # of the model answers 403 (``elections/tests/test_console_register.py`` shows the rest).
    electoral_only: bool = False


def _reminder():
    from django.contrib.contenttypes.models import ContentType

    return Reminder.outbox.create(
        subject_type=ContentType.objects.get_for_model(Councillor),
        subject_id=str(Councillor.all_objects.order_by("pk").first().pk),
        kind="demo",
        due_on=date(2026, 1, 5),
        send_at=timezone.now(),
        email_subject="A reminder",
        email_body="Body",
        recipients=["someone@example.org"],
    )


def _attempt():
    return AccessAttempt.objects.create(
        username="officer",
        ip_address="127.0.0.1",
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/account/login/",
        failures_since_start=5,
        attempt_time=timezone.now(),
    )


def _access_log():
    return AccessLog.objects.create(
        username="officer",
        ip_address="127.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/account/login/",
        attempt_time=timezone.now(),
    )


def _failure_log():
    return AccessFailureLog.objects.create(
        username="officer",
        ip_address="127.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/account/login/",
        attempt_time=timezone.now(),
        locked_out=True,
    )


def _device():
    return TOTPDevice.objects.create(
        user=UserFactory(username="has-a-device"), name="Authenticator app", confirmed=True
    )


def _withholding():
    from members.services.allowances import withholding_record

    with transaction.atomic():
        return withholding_record(
            councillor=Councillor.all_objects.order_by("pk").first(),
            start_date=date(2026, 6, 1),
            end_date=date(2026, 9, 1),
            reason="Suspended by the Standards Committee",
            by=None,
        )


def _first_councillor_without_profile() -> Councillor:
    return Councillor.all_objects.filter(allowances_profile__isnull=True).order_by(
        "pk"
    ).first() or CouncillorFactory(first_name="Payroll", last_name="Newcomer")


def _unheld_responsibility() -> SpecialResponsibility:
    return SpecialResponsibility.objects.create(name="Chair of a new panel", slug="new-panel")


READ_ONLY = Console(add=REFUSED, change=REFUSED, delete=REFUSED)


def _electoral_user():
    return User.objects.filter(username="console-electoral").first() or UserFactory(
        username="console-electoral", roles=[Role.ELECTORAL_SERVICES_OFFICER]
    )


def _register_property():
    from elections.tests.factories_register import PropertyFactory

    return PropertyFactory()


def _elector():
    from elections.tests.factories_register import ElectorFactory

    return ElectorFactory()


def _application():
    from elections.tests.factories_registration import receive

    with transaction.atomic():
        return receive(_electoral_user())


def _objection():
    from elections import registration
    from elections.models import Elector

    application = _application()
    objector = Elector.register.live().order_by("pk").first() or _elector()
    with transaction.atomic():
        return registration.objection_record(
            application=application,
            objector_number=objector.elector_number,
            objector_name="An Objector",
            grounds="Not resident",
            received_on=application.received_on,
            by=None,
        )


def _canvass():
    from elections import canvass

    with transaction.atomic():
        return canvass.canvass_create(year=2031, by=None)


def _canvass_property():
    from elections.models import CanvassProperty

    return CanvassProperty.register.create(
        canvass=_canvass(), property=_register_property(), route=2
    )


def _election():
    from elections.tests.factories_elections import make_election

    with transaction.atomic():
        return make_election(
            _electoral_user(), title="Console test election", poll_date=date(2031, 5, 1)
        )


def _contest():
    from elections import election_services

    election = _election()
    with transaction.atomic():
        return election_services.contest_create(
            election=election, ward=Ward.objects.order_by("pk").first(), seats=1, by=None
        )


def _candidate():
    from elections.tests.factories_nominations import nominate

    with transaction.atomic():
        return nominate(_contest(), _electoral_user(), "Smith", "Ann")


def _result():
    from elections.tests.factories_results import enter_single

    with transaction.atomic():
        return enter_single(_contest(), _electoral_user())


def register_only(make) -> Console:
    return Console(add=REFUSED, change=REFUSED, delete=REFUSED, make=make, electoral_only=True)


CONSOLE: dict[str, Console] = {
    # Roles are kept by a data migration and roles_sync; only a superuser changes one.
    "auth.group": READ_ONLY,
    "democracy.user": Console(
        add="democracy.user.create",
        change="democracy.user.update",
        delete=REFUSED,
        add_data={
            "username": "newcomer",
            "usable_password": "true",
            "password1": "Unusual-Pass-4471",
            "password2": "Unusual-Pass-4471",
        },
        change_data={"first_name": "Renamed"},
    ),
    "democracy.auditevent": READ_ONLY,
    "democracy.reminder": Console(add=REFUSED, change=REFUSED, delete=REFUSED, make=_reminder),
    "democracy.nonworkingday": Console(
        add="democracy.nonworkingday.create",
        change="democracy.nonworkingday.update",
        delete="democracy.nonworkingday.delete",
        add_data={"date": "2022-09-19", "kind": "thanksgiving_or_mourning", "description": "X"},
        change_data={"description": "State Funeral of Queen Elizabeth II"},
        make=lambda: NonWorkingDay.objects.create(
            date=date(2023, 5, 8), kind="thanksgiving_or_mourning", description="Coronation"
        ),
    ),
    "elections.ward": Console(
        add="elections.ward.create",
        change="elections.ward.update",
        delete=REFUSED,
        inlines={"elections.pollingdistrict": "elections.pollingdistrict.create"},
        add_data={"name": "Newtown", "slug": "newtown", "seats": "2", "created_on": "2023-05-04"},
        change_data={"gss_code": "E05099999"},
        inline_rows={"polling_districts": {"code": "ZZ", "name": "Newtown North"}},
    ),
    "elections.pollingdistrict": Console(
        add="elections.pollingdistrict.create",
        change="elections.pollingdistrict.update",
        delete="elections.pollingdistrict.delete",
        add_data={"code": "ZY", "name": "Added district"},
        change_data={"name": "Renamed district"},
        make_to_delete=lambda: PollingDistrict.objects.create(
            ward=Ward.objects.order_by("pk").first(), code="ZX", name="Unused district"
        ),
    ),
    "elections.elector": register_only(_elector),
    "elections.property": register_only(_register_property),
    "elections.registrationapplication": register_only(_application),
    "elections.applicationobjection": register_only(_objection),
    "elections.canvassproperty": register_only(_canvass_property),
    "elections.candidate": register_only(_candidate),
    "elections.canvass": Console(add=REFUSED, change=REFUSED, delete=REFUSED, make=_canvass),
    "elections.election": Console(add=REFUSED, change=REFUSED, delete=REFUSED, make=_election),
    "elections.contest": Console(add=REFUSED, change=REFUSED, delete=REFUSED, make=_contest),
    "elections.contestresult": Console(add=REFUSED, change=REFUSED, delete=REFUSED, make=_result),
    "elections.registeredparty": Console(
        add="elections.registeredparty.create",
        change="elections.registeredparty.update",
        delete=REFUSED,
        inlines={"elections.partydescription": "elections.partydescription.create"},
        add_data={"name": "Kingsmere Independents", "ec_reference": "PP9999"},
        change_data={"emblem": "A kingfisher"},
        inline_rows={"descriptions": {"description": "Kingsmere Independents"}},
    ),
    "members.councillor": Console(
        add="members.councillor.create",
        change="members.councillor.update",
        delete=REFUSED,
        inlines={
            "members.term": "members.term.start",
            "members.groupmembership": REFUSED,
            "members.cooption": REFUSED,
            "members.privatecontact": REFUSED,
        },
        add_data={"kind": "elected", "title": "Cllr", "first_name": "New", "last_name": "Member"},
        change_data={"council_phone": "01632 960001"},
        inline_rows={
            "terms": {
                "start_date": "2011-05-09",
                "start_reason": "ordinary",
                "end_date": "2015-05-11",
                "end_reason": "retired",
            }
        },
    ),
    "members.politicalgroup": Console(
        add="members.politicalgroup.create",
        change="members.politicalgroup.update",
        delete=REFUSED,
        inlines={"members.groupmembership": REFUSED},
        add_data={
            "name": "Green Party",
            "short_name": "Green",
            "slug": "green",
            "colour": "#00703c",
            "constituted_on": "2023-05-08",
        },
        change_data={"short_name": "Renamed"},
    ),
    "members.position": Console(
        add="members.position.create",
        change="members.position.update",
        delete=REFUSED,
        inlines={"members.positionholding": REFUSED},
        add_data={"title": "Deputy Mayor of the Canal", "kind": "mayor", "holders": "1"},
        change_data={"portfolio": "Civic duties"},
    ),
    "members.outsidebody": Console(
        add="members.outsidebody.create",
        change="members.outsidebody.update",
        delete=REFUSED,
        inlines={"members.outsidebodyappointment": REFUSED},
        add_data={"name": "Canal Trust", "kind": "charity"},
        change_data={"description": "Looks after the canal"},
    ),
    "members.trainingmodule": READ_ONLY,
    "members.trainingevent": READ_ONLY,
    "members.interestdeclaration": Console(
        add=REFUSED, change=REFUSED, delete=REFUSED, inlines={"members.interest": REFUSED}
    ),
    "members.allowancescheme": Console(
        add=REFUSED,
        change=REFUSED,
        delete=REFUSED,
        inlines={"members.srarate": REFUSED, "members.mileagerate": REFUSED},
    ),
    "members.specialresponsibility": Console(
        add="members.specialresponsibility.create",
        change="members.specialresponsibility.update",
        delete=REFUSED,
        add_data={"name": "Chair of the Canal Panel", "slug": "canal-chair"},
        change_data={"name": "Renamed responsibility"},
    ),
    "members.specialresponsibilityholding": Console(
        add="members.responsibility_holding.start",
        change="members.responsibility_holding.end",
        delete=REFUSED,
        add_data={"start_date": "2026-06-01"},
        change_data={"end_date": "2026-12-01"},
    ),
    "members.allowancewithholding": Console(
        add=REFUSED, change=REFUSED, delete=REFUSED, make=_withholding
    ),
    "members.renunciation": READ_ONLY,
    "members.allowancesprofile": Console(
        add="members.allowances_profile.create",
        change="members.allowances_profile.update",
        delete=REFUSED,
        add_data={"payroll_number": "P-20001"},
        change_data={"cost_centre": "CC-99"},
    ),
    "members.allowancepayment": READ_ONLY,
    "members.dispensation": READ_ONLY,
    "members.giftorhospitality": READ_ONLY,
    "meetings.reporttemplate": Console(
        add="meetings.reporttemplate.create",
        change="meetings.reporttemplate.update",
        delete=REFUSED,
        inlines={"meetings.reporttemplatesection": "meetings.reporttemplatesection.create"},
        add_data={"name": "Cabinet report", "is_active": "on"},
        change_data={"description": "The report to the executive."},
        inline_rows={
            "sections": {"position": "99", "heading": "Local implications", "guidance": ""}
        },
    ),
    "meetings.committee": Console(
        add="meetings.committee.create",
        change="meetings.committee.update",
        delete=REFUSED,
        inlines={"meetings.committeemembership": "meetings.membership.appoint"},
        add_data={
            "name": "Canal Panel",
            "slug": "canal-panel",
            "kind": "committee",
            "size": "5",
            "quorum": "3",
            "established_on": "2026-05-19",
        },
        change_data={"terms_of_reference": "To look after the canal."},
        inline_rows={
            "memberships": {
                "coopted_name": "Dr Ada Lovelace",
                "role": "coopted_non_voting",
                "start_date": "2026-06-01",
            }
        },
    ),
    "appeals.schoolcalendar": Console(
        add="appeals.schoolcalendar.create",
        change="appeals.schoolcalendar.update",
        delete=REFUSED,
        inlines={
            "appeals.schoolterm": "appeals.schoolterm.create",
            "appeals.schoolclosure": "appeals.schoolclosure.create",
        },
        add_data={"name": "St Mary's", "slug": "st-marys", "nation": "england"},
        change_data={"name": "Renamed calendar"},
        inline_rows={
            "terms": {"name": "Summer 2031", "first_day": "2031-04-22", "last_day": "2031-07-22"},
            "closures": {"date": "2031-03-03", "reason": "Training day"},
        },
    ),
    "otp_totp.totpdevice": Console(
        add=REFUSED,
        change=REFUSED,
        delete=REFUSED,
        actions={"reset": "democracy.user.two_factor_remove"},
        make=_device,
    ),
    "axes.accessattempt": Console(
        add=REFUSED, change=REFUSED, delete="axes.accessattempt.release", make=_attempt
    ),
    "axes.accesslog": Console(add=REFUSED, change=REFUSED, delete=REFUSED, make=_access_log),
    "axes.accessfailurelog": Console(
        add=REFUSED, change=REFUSED, delete=REFUSED, make=_failure_log
    ),
}


# --- Reading a form back as a browser would -------------------------------------------------------


class FormReader(HTMLParser):
    """The fields of the console's change form (``<form id="<model>_form">``) as a browser would
    post them: text and hidden inputs, ticked boxes, chosen options, text areas."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
                return
            self._add(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def read_form(response, model) -> dict[str, object]:
    reader = FormReader(f"{model._meta.model_name}_form")
    html = response.content.decode()
    # A text area's first newline is not part of its value.
    reader.feed(html.replace("<textarea", "\n<textarea"))
    data: dict[str, object] = {}
    for name, values in reader.data.items():
        if name.endswith("-__prefix__") or "__prefix__" in name:
            continue
        data[name] = values if len(values) != 1 else values[0].removeprefix("\n")
    return data


def add_inline_row(data: dict[str, object], prefix: str, row: dict[str, object]) -> None:
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in row.items():
        data[f"{prefix}-{total}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)


# --- The demo council, loaded once ---------------------------------------------------------------


@pytest.fixture
def manager(db):
    """A Democratic Services Manager (not a superuser); the demo has its own "manager"."""
    return UserFactory(
        username="console-manager",
        roles=[Role.DEMOCRATIC_SERVICES_MANAGER, Role.DEMOCRATIC_SERVICES_OFFICER],
    )


@pytest.fixture
def console(kingsmere, db, client, manager):
    client.force_login(manager)
    return client


def url(model, view: str, obj=None) -> str:
    base = f"/manage/{model._meta.app_label}/{model._meta.model_name}/"
    return {"add": f"{base}add/", "changelist": base}.get(view) or f"{base}{obj.pk}/{view}/"


def instance(label: str, model):
    entry = CONSOLE[label]
    obj = model._default_manager.order_by("pk").first()
    if obj is None and entry.make is not None:
        obj = entry.make()
    assert obj is not None, f"{label}: give the entry a make() (the demo has none)"
    return obj


def audited(action: str, manager, since: int) -> bool:
    return AuditEvent.private_objects.filter(pk__gt=since, action=action, actor=manager).exists()


def last_event() -> int:
    return AuditEvent.private_objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def manager_request(manager):
    request = RequestFactory().get("/manage/")
    request.user = manager
    return request


def registered() -> list[tuple[str, type]]:
    return sorted((m._meta.label_lower, m) for m in admin.site._registry)


# --- The tests ------------------------------------------------------------------------------------


def test_every_registered_model_has_an_entry(db, manager):
    request = manager_request(manager)
    labels = {label for label, _ in registered()}
    assert labels - set(CONSOLE) == set(), "say how the console writes the new model"
    assert set(CONSOLE) - labels == set(), "an entry for a model no longer in the console"
    for label, model in registered():
        model_admin = admin.site._registry[model]
        inlines = {inline.model._meta.label_lower for inline in model_admin.inlines}
        assert inlines == set(CONSOLE[label].inlines), label
        actions = set(model_admin.get_actions(request)) - {"delete_selected"}
        assert actions <= set(CONSOLE[label].actions), f"{label}: list the action {actions}"


@pytest.mark.parametrize("label", sorted(CONSOLE))
def test_adding(console, manager, label):
    model = dict(registered())[label]
    entry = CONSOLE[label]
    since = last_event()
    count = model._default_manager.count()
    if entry.add == REFUSED:
        assert console.get(url(model, "add")).status_code == 403
        assert console.post(url(model, "add"), entry.add_data).status_code == 403
        assert model._default_manager.count() == count
        return
    page = console.get(url(model, "add"))
    assert page.status_code == 200
    data = read_form(page, model)
    data.update(_add_values(label, entry))
    response = console.post(url(model, "add"), data)
    assert response.status_code == 302, _errors(response)
    assert model._default_manager.count() == count + 1
    assert audited(entry.add, manager, since), f"{label}: no {entry.add} audit row"


def _add_values(label: str, entry: Console) -> dict[str, object]:
    values = dict(entry.add_data)
    if label == "elections.pollingdistrict":
        from elections.models import Ward

        values["ward"] = str(Ward.objects.order_by("pk").first().pk)
    if label == "members.specialresponsibilityholding":
        values["councillor"] = str(Councillor.all_objects.serving(date(2026, 6, 1)).first().pk)
        values["responsibility"] = str(_unheld_responsibility().pk)
    if label == "members.allowancesprofile":
        values["councillor"] = str(_first_councillor_without_profile().pk)
    return values


@pytest.mark.parametrize("label", sorted(CONSOLE))
def test_changing(console, manager, label):
    model = dict(registered())[label]
    entry = CONSOLE[label]
    obj = instance(label, model)
    since = last_event()
    page = console.get(url(model, "change", obj))
    if entry.electoral_only:
        assert page.status_code == 403
        assert console.get(url(model, "changelist")).status_code == 403
        assert console.post(url(model, "change", obj), {"name": "Changed"}).status_code == 403
        assert last_event() == since
        return
    assert page.status_code == 200
    data = read_form(page, model)
    if entry.change == REFUSED:
        data.update(entry.change_data or {"name": "Changed in the console"})
        assert console.post(url(model, "change", obj), data).status_code == 403
        assert last_event() == since
        return
    data.update(entry.change_data)
    response = console.post(url(model, "change", obj), data)
    assert response.status_code == 302, _errors(response)
    assert audited(entry.change, manager, since), f"{label}: no {entry.change} audit row"


@pytest.mark.parametrize("label", sorted(CONSOLE))
def test_deleting(console, manager, label):
    model = dict(registered())[label]
    entry = CONSOLE[label]
    obj = instance(label, model)
    since = last_event()
    if entry.delete == REFUSED:
        assert console.post(url(model, "delete", obj), {"post": "yes"}).status_code == 403
        bulk = console.post(
            url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk]}
        )
        assert bulk.status_code in {200, 302, 403}
        assert model._default_manager.filter(pk=obj.pk).exists(), f"{label} was deleted"
        assert last_event() == since
        return
    if entry.make_to_delete is not None:
        obj = entry.make_to_delete()
    response = console.post(url(model, "delete", obj), {"post": "yes"})
    assert response.status_code == 302, _errors(response)
    assert not model._default_manager.filter(pk=obj.pk).exists()
    assert audited(entry.delete, manager, since), f"{label}: no {entry.delete} audit row"


INLINES = sorted(
    (label, inline_label) for label, entry in CONSOLE.items() for inline_label in entry.inlines
)


@pytest.mark.parametrize(("label", "inline_label"), INLINES)
def test_inline_rows(console, manager, label, inline_label):
    model = dict(registered())[label]
    entry = CONSOLE[label]
    outcome = entry.inlines[inline_label]
    obj = instance(label, model)
    model_admin = admin.site._registry[model]
    request = manager_request(manager)
    [inline] = [
        i
        for i in (inline_class(model, admin.site) for inline_class in model_admin.inlines)
        if i.model._meta.label_lower == inline_label
    ]
    if outcome == REFUSED:
        assert not inline.has_add_permission(request, obj)
        assert not inline.has_change_permission(request, obj)
        assert not inline.has_delete_permission(request, obj)
        return
    if not outcome.endswith(".create"):  # through a service: rows are never deleted here
        assert not inline.has_delete_permission(request, obj)
    prefix, row = next(
        (p, r)
        for p, r in entry.inline_rows.items()
        if getattr(model, p).rel.related_model._meta.label_lower == inline_label
    )
    row = dict(row)
    if inline_label == "members.term":  # a past term, for a ward of the time
        row["ward"] = str(WardFactory(name="Old Town", created_on=date(2003, 5, 1)).pk)
    since = last_event()
    page = console.get(url(model, "change", obj))
    data = read_form(page, model)
    add_inline_row(data, prefix, row)
    response = console.post(url(model, "change", obj), data)
    assert response.status_code == 302, _errors(response)
    assert audited(outcome, manager, since), f"{inline_label}: no {outcome} audit row"


@pytest.mark.parametrize(
    ("label", "action"),
    sorted((label, action) for label, entry in CONSOLE.items() for action in entry.actions),
)
def test_actions(console, manager, label, action):
    model = dict(registered())[label]
    outcome = CONSOLE[label].actions[action]
    obj = instance(label, model)
    since = last_event()
    chosen = {"action": action, "_selected_action": [obj.pk]}
    response = console.post(url(model, "changelist"), chosen)
    if outcome == REFUSED:
        assert last_event() == since
        return
    # A dangerous action asks first, and does nothing until the manager confirms.
    assert response.status_code == 200
    assert 'name="confirmed" value="yes"' in response.content.decode()
    assert last_event() == since
    response = console.post(url(model, "changelist"), {**chosen, "confirmed": "yes"})
    assert response.status_code == 302
    assert audited(outcome, manager, since), f"{label}: no {outcome} audit row"


def test_the_manager_persona_is_not_a_superuser(manager):
    assert not manager.is_superuser and isinstance(manager, User)


def _errors(response) -> str:
    context = getattr(response, "context", None)
    if not context or "adminform" not in context:
        return f"status {response.status_code}"
    parts = [str(context["adminform"].form.errors)]
    for formset in context.get("inline_admin_formsets", []):
        parts.append(f"{formset.formset.prefix}: {formset.formset.errors}")
        parts.append(str(formset.formset.non_form_errors()))
    return "\n".join(parts)
