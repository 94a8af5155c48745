"""Shared write helpers for the apps' services: validate, save and audit in one step.

Apps keep their own ``<entity>_<verb>`` services (the place for business rules); these two
helpers only remove the boilerplate every one of them would otherwise repeat. Both must run
inside the caller's ``transaction.atomic`` (``audit.record`` checks).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from democracy import audit


def create_audited[M: models.Model](
    obj: M, action: str, *, by, fields: Iterable[str], note: str = ""
) -> M:
    """Validate and insert ``obj``, then audit it with ``fields`` as [None, value]."""
    obj.full_clean()
    obj.save(force_insert=True)
    after = audit.snapshot(obj, fields)
    audit.record(action, obj, by=by, changes=audit.diff(dict.fromkeys(after), after), note=note)
    return obj


def update_audited[M: models.Model](
    obj: M, values: dict[str, Any], action: str, *, by, note: str = ""
) -> M:
    """Apply ``values`` to ``obj``, validate, save the changed fields and audit the difference."""
    before = audit.snapshot(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    after = audit.snapshot(obj, values)
    changes = audit.diff(before, after)
    if changes:
        obj.save(update_fields=[obj._meta.get_field(n).attname for n in changes])
        audit.record(action, obj, by=by, changes=changes, note=note)
    return obj
