"""Role checks shared by every app's permissions and views.

Anonymous visitors to a protected page are sent to sign in; signed-in users without the role get
a 403. Objects a user may not see are a 404 (each app's ``get_<noun>_for_user``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from democracy.roles import LANDING_PAGES, Role


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_democracy_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._democracy_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def landing_url(user) -> str:
    """Where ``user`` lands after signing in: the page of their most senior role."""
    held = roles_of(user)
    for role, url_name in LANDING_PAGES:
        if role in held:
            return reverse(url_name)
    return reverse("account-no-role")


def role_required(*roles: Role) -> Callable:
    """View decorator: sign-in for anonymous visitors, 403 for users without one of ``roles``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator
