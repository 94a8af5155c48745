"""The audit log's one helper: every service write calls ``record`` in its own transaction.

with transaction.atomic():
    before = audit.snapshot(meeting, ["status", "published_at"])
    ... change meeting ...
    audit.record("meetings.meeting.publish", meeting, by=user,
                 changes=audit.diff(before, audit.snapshot(meeting, before)))
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.fields.files import FieldFile

from democracy import public_cache
from democracy.models import AuditEvent

SYSTEM_ACTOR = "system"

# --- Secrets never reach the log (issue 11, Security 1) -----------------------------------------
#
# A secret is recognised by its field's name (a password, a TOTP or API key, a token, a session
# key, a one-time code, the security code on a canvass letter), by its form widget (any PasswordInput, whatever it is called)
# or by its value (a stored Django password hash). Whatever it is, the log keeps only the fact
# that it changed. ``record`` applies the name and value rules to every row it writes, so no
# caller can forget; ``changes_from_form`` adds the widget rule for forms (the console).

REDACTED = "[redacted]"

SECRET_NAME = re.compile(
    r"""(^|_)(
        password|passwd|pass_?phrase|pin|
        secret|secret_key|private_key|key|api_?key|bin_?key|otp_?key|totp\w*|
        token|otp|otp_?token|security_?code|
        session_?key|sessionid|csrf\w*
    )\d*$""",
    re.IGNORECASE | re.VERBOSE,
)

# A Django password hash as ``User.password`` stores it (algorithm$...); kept out by value too,
# whatever the key it travels under.
PASSWORD_HASH = re.compile(
    r"^(pbkdf2_sha\d+|argon2|bcrypt(_sha256)?|scrypt|md5|sha1|unsalted_\w+)\$"
)


def is_secret_name(name: str) -> bool:
    """True for a field named like a secret: ``password``, ``new_password1``, ``key``,
    ``otp_token``, ``session_key``, ``api_key``…"""
    return bool(SECRET_NAME.search(str(name)))


def _redact_value(value: Any) -> Any:
    if isinstance(value, str) and PASSWORD_HASH.match(value):
        return REDACTED
    if isinstance(value, list):
        return [_redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: (REDACTED if is_secret_name(k) else _redact_value(v)) for k, v in value.items()}
    return value


def redact(changes: dict[str, Any], *, secret_fields: Iterable[str] = ()) -> dict[str, Any]:
    """``changes`` with every secret replaced by ``REDACTED`` (an empty value stays empty, so
    the log still says whether a secret was set or cleared, never what it is)."""
    named = set(secret_fields)
    redacted: dict[str, Any] = {}
    for name, pair in changes.items():
        if name in named or is_secret_name(name):
            if isinstance(pair, list | tuple):
                redacted[name] = [None if v in (None, "") else REDACTED for v in pair]
            else:
                redacted[name] = REDACTED
        else:
            redacted[name] = _redact_value(pair)
    return redacted


def secret_fields(fields) -> set[str]:
    """The names among ``fields`` (a form's ``fields`` or ``base_fields``) that hold a secret: a
    password widget, or a free-text field named like a secret (a "key decisions only" tick box
    is no secret)."""
    from django import forms

    return {
        name
        for name, field in fields.items()
        if isinstance(field.widget, forms.PasswordInput)
        or (is_secret_name(name) and isinstance(field, forms.CharField))
    }


def secret_form_fields(form) -> set[str]:
    """The fields of ``form`` that hold a secret."""
    return secret_fields(form.fields)


def changes_from_form(form, *, change: bool) -> dict[str, list[Any]]:
    """[before, after] for what ``form`` (already valid) changed: every field when adding, the
    changed ones when changing; secrets redacted by widget and by name."""
    names = form.changed_data if change else list(form.cleaned_data)
    changes = {
        name: [form.initial.get(name) if change else None, form.cleaned_data.get(name)]
        for name in names
        if name in form.cleaned_data
    }
    return redact(_jsonable(changes), secret_fields=secret_form_fields(form))


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
        changes=redact(_jsonable(changes or {})),
        note=note,
        public=public_cache.changes_public(obj),
    )


# --- Redacting rows recorded before secrets were kept out (the one permitted change) -----------

REDACTION_SETTING = "democracy.audit_redaction"


def redact_recorded(audit_event_model=None, content_type_model=None) -> list[int]:
    """Replace every secret in the audit rows already recorded, and record each redaction.

    The log is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE); the trigger lets
    through only an UPDATE of the ``changes`` column made while ``democracy.audit_redaction`` is
    on for the transaction, which this function alone sets (``SET LOCAL``, so it ends with the
    transaction). Each redacted row gets an audit row of its own, by the system, naming the
    fields redacted. Used by migration 0006 and the ``audit_redact_secrets`` command; takes the
    models so a migration can pass its historical ones. Returns the ids of the rows redacted.
    """
    from django.db import transaction

    events = audit_event_model or AuditEvent
    if content_type_model is None:
        content_type = ContentType.objects.get_for_model(AuditEvent)
    else:
        content_type, _ = content_type_model.objects.get_or_create(
            app_label="democracy", model="auditevent"
        )
    redacted: list[int] = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [REDACTION_SETTING])
        for event in events._default_manager.order_by("pk").iterator():
            clean = redact(event.changes or {})
            if clean == (event.changes or {}):
                continue
            fields = sorted(k for k in clean if clean[k] != (event.changes or {}).get(k))
            events._default_manager.filter(pk=event.pk).update(changes=clean)
            events._default_manager.create(
                actor=None,
                actor_name=SYSTEM_ACTOR,
                action="democracy.auditevent.redact",
                content_type_id=content_type.pk,
                object_id=str(event.pk),
                object_repr=f"{event.action} {event.object_repr}"[:255],
                changes={"redacted": [None, fields]},
                note="Secrets removed from a recorded row (issue 11): the one permitted change "
                "to the audit log.",
            )
            redacted.append(event.pk)
        cursor.execute("SELECT set_config(%s, 'off', true)", [REDACTION_SETTING])
    return redacted
