"""Two-step verification gate.

A user who has enrolled an authenticator has signed in with their password but is not verified
until they enter a code: until then every page except the code page, sign out and static files
redirects there. When ``OTP_REQUIRED_FOR_MANAGERS`` is on, managers must enrol before they can
use the console.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from democracy.permissions import has_role
from democracy.roles import Role


class TwoFactorGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._exempt(request.path):
            if user_has_device(user):
                if not user.is_verified():
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('two-factor-verify')}?{query}")
            elif (
                settings.OTP_REQUIRED_FOR_MANAGERS
                and request.path.startswith(reverse("admin:index"))
                and has_role(user, Role.DEMOCRATIC_SERVICES_MANAGER)
            ):
                return redirect("two-factor-enrol")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        """Pages an unverified user may reach: signing in or out, the code page, resetting a
        password (which signs nobody in) and static files. Nothing else, not even the two-factor
        settings, or a stolen password alone could switch two-step verification off."""
        open_paths = (
            settings.STATIC_URL,
            reverse("login"),
            reverse("logout"),
            reverse("two-factor-verify"),
            reverse("password-reset"),
        )
        return path.startswith(open_paths)
