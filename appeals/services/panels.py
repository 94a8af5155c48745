"""Writes to the pool of panel members and their declared connections. Validated, atomic,
audited (names and categories only; a connection with a child is recorded against the appeal's
id, never the child's name)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from appeals import rules
from appeals.models import Appeal, Connection, PanelMember
from appeals.models.schools import AdmissionAuthority, School
from democracy.permissions import has_role
from democracy.roles import Role
from democracy.services import create_audited, update_audited

MEMBER_FIELDS = ["name", "email", "categories", "trained_on", "user", "active"]


def _check(categories: Iterable[str], user) -> list[str]:
    categories = sorted(set(categories))
    if not categories:
        raise ValidationError({"categories": "Choose at least one category"})
    if conflict := rules.category_conflicts(categories):
        raise ValidationError({"categories": conflict})
    if user is not None and not has_role(user, Role.APPEALS_PANEL_MEMBER):
        raise ValidationError({"user": f"{user} does not have the Appeals Panel Member role"})
    return categories


@transaction.atomic
def panel_member_create(
    *,
    name: str,
    categories: Iterable[str],
    email: str = "",
    trained_on: date | None = None,
    user=None,
    by,
) -> PanelMember:
    """Add someone to the pool. A lay member cannot also be appointed for education experience
    or as a head teacher (SI 2012/9 Schedule: lay members have no personal experience in the
    management of a school or the provision of education in one)."""
    categories = _check(categories, user)
    return create_audited(
        PanelMember(
            name=name, email=email, categories=categories, trained_on=trained_on, user=user
        ),
        "appeals.panel_member.create",
        by=by,
        fields=MEMBER_FIELDS,
    )


@transaction.atomic
def panel_member_update(*, member: PanelMember, by, **values) -> PanelMember:
    if "categories" in values or "user" in values:
        values["categories"] = _check(
            values.get("categories", member.categories), values.get("user", member.user)
        )
    return update_audited(member, values, "appeals.panel_member.update", by=by)


@transaction.atomic
def connection_declare(
    *,
    member: PanelMember,
    kind: str,
    school: School | None = None,
    admission_authority: AdmissionAuthority | None = None,
    appeal: Appeal | None = None,
    description: str = "",
    by,
) -> Connection:
    """Record a connection a member declares; the panel rules then keep them off hearings of
    that school, authority or appeal."""
    needs = {
        Connection.Kind.SCHOOL: ("school", school),
        Connection.Kind.AUTHORITY: ("admission_authority", admission_authority),
        Connection.Kind.CHILD: ("appeal", appeal),
        Connection.Kind.DECISION: ("appeal", appeal),
    }
    if kind not in needs:
        raise ValidationError({"kind": "Choose what the connection is with"})
    field, value = needs[Connection.Kind(kind)]
    if value is None:
        what = {
            "school": "the school",
            "admission_authority": "the authority",
            "appeal": "the appeal",
        }
        raise ValidationError({field: f"Choose {what[field]} the connection is with"})
    return create_audited(
        Connection(
            member=member,
            kind=kind,
            school=school if field == "school" else None,
            admission_authority=admission_authority if field == "admission_authority" else None,
            appeal=appeal if field == "appeal" else None,
            description=description,
        ),
        "appeals.connection.declare",
        by=by,
        fields=["member", "kind", "school", "admission_authority", "appeal"],
    )
