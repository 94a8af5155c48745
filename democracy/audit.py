"""The audit log's one helper: every service write calls ``record`` in its own transaction.

with transaction.atomic():
    before = audit.snapshot(meeting, ["status", "published_at"])
    ... change meeting ...
    audit.record("meetings.meeting.publish", meeting, by=user,
                 changes=audit.diff(before, audit.snapshot(meeting, before)))
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.fields.files import FieldFile

from democracy.models import AuditEvent

SYSTEM_ACTOR = "system"


class AuditOutsideTransaction(RuntimeError):
    """Raised when ``record`` is called outside a transaction: the change and its record must
    commit together or not at all."""


class AuditJSONEncoder(DjangoJSONEncoder):
    """Dates, decimals and UUIDs as Django encodes them; a related object as its id and name; a
    set of related objects as their names; an uploaded file as its stored name."""

    def default(self, o: Any) -> Any:
        if isinstance(o, models.Model):
            return {"id": o.pk, "repr": str(o)}
        if isinstance(o, models.QuerySet | models.Manager):
            return sorted(str(item) for item in o.all())
        if isinstance(o, FieldFile):  # an uploaded file: its stored name
            return o.name or ""
        return super().default(o)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=AuditJSONEncoder))


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` on ``obj``, ready to store as JSON."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
        elif field.is_relation:
            related = getattr(obj, name)
            values[name] = _jsonable(related) if related is not None else None
        else:
            values[name] = _jsonable(getattr(obj, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field name to [before, after] for every field whose value changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def record(
    action: str,
    obj: models.Model,
    *,
    by,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit row for ``action`` on ``obj`` by ``by`` (a user, or None for the system).

    ``action`` names the app, entity and verb, e.g. ``members.councillor.create``.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit.record({action!r}) must be called inside the service's transaction."
        )
    if obj.pk is None:
        raise ValueError(f"audit.record({action!r}): save the object before recording it.")
    actor = by if getattr(by, "is_authenticated", False) else None
    actor_name = (actor.get_full_name() or actor.get_username()) if actor else SYSTEM_ACTOR
    return AuditEvent.private_objects.create(
        actor=actor,
        actor_name=actor_name[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=_jsonable(changes or {}),
        note=note,
    )
