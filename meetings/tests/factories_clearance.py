"""Helpers for the tests of report clearance: approvers who hold sign-off roles."""

from __future__ import annotations

from democracy.tests.factories import UserFactory
from meetings.models import SignOffHolder


def make_approver(role: str, username: str, *, deputy: bool = False, **kwargs):
    """A user with no other role who holds (or deputises for) the sign-off ``role``."""
    user = UserFactory(username=username, **kwargs)
    SignOffHolder.all_objects.create(role=role, user=user, deputy=deputy)
    return user
