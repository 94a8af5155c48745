"""The council's constitution: the one place every app reads it, and the one service that
changes it.

PostgreSQL is the source of truth (``democracy.models.Constitution``, one row). Within a request
the row is read once and kept for the rest of that request, so a page that asks for ten periods
runs one query; outside a request (a Celery task, a management command, a test) every read goes
to the database, so a change is seen at once everywhere. A change made during a request replaces
that request's copy too.

    period("call_in_working_days")   a period or threshold by its name in statutory.PERIODS
    sign_off_chain()                 the ordered sign-offs a report needs
    meeting_defaults()               the usual start time and length of a meeting
    constitution_update(values=…, by=…)  the manager's change: checked against the law, audited
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import time
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.db import models, transaction
from django.utils import timezone

from democracy import audit, statutory
from democracy.models import Constitution

# The row as read during the current request; None outside a request (read the database).
_request_copy: ContextVar[dict[str, Constitution | None] | None] = ContextVar(
    "constitution_request_copy", default=None
)


def _request_begins(**kwargs) -> None:
    _request_copy.set({"row": None})


def _request_ends(**kwargs) -> None:
    _request_copy.set(None)


request_started.connect(_request_begins, dispatch_uid="constitution_request_begins")
request_finished.connect(_request_ends, dispatch_uid="constitution_request_ends")


@contextmanager
def read_once() -> Iterator[None]:
    """Read the row once for a block of work outside a request, as a request does (the demo
    loader's thousands of service calls); a change made inside the block replaces the copy."""
    token = _request_copy.set({"row": None})
    try:
        yield
    finally:
        _request_copy.reset(token)


def _is_flag(field: models.Field) -> bool:
    return isinstance(field, models.BooleanField)


def statutory_values() -> dict[str, Any]:
    """The constitution a new council starts from: each period's statutory value for its nation
    and kind (``democracy.statutory``), the usual sign-offs and meeting time."""
    values: dict[str, Any] = {}
    defaults = statutory.defaults_for(settings.COUNCIL_NATION, settings.COUNCIL_KIND)
    for name, value in defaults.items():
        field = Constitution._meta.get_field(name)
        values[name] = bool(value) if _is_flag(field) else value
    return values


def _load() -> Constitution:
    row = Constitution.objects.filter(pk=1).first()
    if row is None:
        # The data migration seeds the row; a database emptied since (a test that flushes every
        # table) gets the statutory values back rather than an error.
        row, _ = Constitution.objects.get_or_create(pk=1, defaults=statutory_values())
    return row


def constitution() -> Constitution:
    """The council's constitution (read once per request; see the module docstring)."""
    copy = _request_copy.get()
    if copy is None:
        return _load()
    if copy["row"] is None:
        copy["row"] = _load()
    return copy["row"]


def period(name: str) -> int:
    """A period or threshold of the constitution by its name in ``democracy.statutory.PERIODS``
    (where each cites its source); a yes/no choice reads as 1 or 0."""
    if name not in statutory.PERIODS:
        raise KeyError(f"No such period: {name}")
    return int(getattr(constitution(), name))


def sign_off_chain() -> list[str]:
    """The sign-offs a report needs before it is ready, in order (the council's report clearance
    process): the single place the chain is read."""
    return list(constitution().report_sign_offs)


@dataclass(frozen=True)
class MeetingDefaults:
    start_time: time
    duration_minutes: int


def meeting_defaults() -> MeetingDefaults:
    row = constitution()
    return MeetingDefaults(row.meeting_start_time, row.meeting_duration_minutes)


# --- The manager's change -----------------------------------------------------------------------

EDITABLE = [
    f.name for f in Constitution._meta.concrete_fields if f.name not in {"id", "updated_at"}
]


def _label(name: str) -> str:
    return str(Constitution._meta.get_field(name).verbose_name)


class StatutoryLimit(Protocol):
    """The law's limit on a period an app keeps in the constitution but this foundation may not
    know (it imports no app): ``appeals.rules.Period`` is one."""

    def check(self, value: int, *, label: str | None = None) -> str | None:
        """Why the law forbids ``value``, naming the field by ``label``, the limit and its
        source; None if it may stand."""

    def describe(self) -> str:
        """The limit in a sentence, shown beside the field."""


_app_limits: dict[str, StatutoryLimit] = {}


def register_statutory_limits(limits: Mapping[str, StatutoryLimit]) -> None:
    """An app gives the law's limits on the periods of its own it keeps in the constitution
    (called from its ``AppConfig.ready``); ``constitution_update`` then refuses a value the law
    forbids on those fields like on its own."""
    unknown = set(limits) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not part of the constitution: {', '.join(sorted(unknown))}")
    _app_limits.update(limits)


def limit_description(name: str) -> str:
    """The law's limit on a field, in a sentence ("" when it has none)."""
    period = statutory.PERIODS.get(name)
    if period and period.limit:
        value = period.default_for(settings.COUNCIL_NATION, settings.COUNCIL_KIND)
        law = period.law_for(settings.COUNCIL_KIND)
        word = "minimum" if period.limit == "floor" else "maximum"
        return f"The law's {word} is {value} ({law})."
    if name in _app_limits:
        return _app_limits[name].describe()
    return ""


def law_objections(values: dict[str, Any]) -> dict[str, str]:
    """Each value the law forbids, by field, with the reason (``statutory.limit_objection``, or
    the limit an app registered)."""
    problems: dict[str, str] = {}
    for name, value in values.items():
        if name in _app_limits and value is not None:
            if problem := _app_limits[name].check(int(value), label=_label(name)):
                problems[name] = problem
            continue
        if name in statutory.PERIODS and not isinstance(value, bool) and value is not None:
            problem = statutory.limit_objection(
                name,
                int(value),
                label=_label(name),
                nation=settings.COUNCIL_NATION,
                kind=settings.COUNCIL_KIND,
            )
            if problem:
                problems[name] = problem
    return problems


def _clean_sign_offs(chain: list[str]) -> list[str]:
    cleaned = [role.strip() for role in chain if role.strip()]
    seen: dict[str, str] = {}
    for role in cleaned:
        first = seen.setdefault(role.casefold(), role)
        if first is not role:
            raise ValidationError(
                {"report_sign_offs": f"Report sign-off chain names {first} twice"}
            )
    return cleaned


@transaction.atomic
def constitution_update(*, values: dict[str, Any], by, note: str = "") -> Constitution:
    """Change the constitution. A value the law forbids is refused, naming the field, the
    statutory limit and its source; nothing is saved unless every value stands. The change is
    audited with each field's before and after."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not part of the constitution: {', '.join(sorted(unknown))}")
    problems = law_objections(values)
    if problems:
        raise ValidationError(problems)
    if "report_sign_offs" in values:
        values = {**values, "report_sign_offs": _clean_sign_offs(values["report_sign_offs"])}
    _load()  # the row exists before it is locked
    row = Constitution.objects.select_for_update().get(pk=1)
    before = audit.snapshot(row, values)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    after = audit.snapshot(row, values)
    changes = audit.diff(before, after)
    if changes:
        row.updated_at = timezone.now()
        row.save(update_fields=[*changes, "updated_at"])
        audit.record("democracy.constitution.update", row, by=by, changes=changes, note=note)
    copy = _request_copy.get()
    if copy is not None:
        copy["row"] = row
    return row
