"""Sign in, two-factor verification and enrolment, and the page for users with no role yet."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from democracy.accounts import services
from democracy.accounts.forms import SignInForm, TokenForm
from democracy.permissions import landing_url, roles_of

SESSION_ENROL_DEVICE = "two_factor_enrol_device"
WRONG_CODE = "The security code is not correct or has expired"
THROTTLED = "You entered a wrong code too recently. Wait a few seconds, then try again"


def _check_code(device, token: str) -> str | None:
    """None if ``token`` is right; otherwise why not: wrong, or django-otp's back-off after an
    earlier wrong code (checked first, since a failed attempt itself starts the back-off)."""
    if not device.verify_is_allowed()[0]:
        return THROTTLED
    return None if device.verify_token(token) else WRONG_CODE


def _safe_next(request: HttpRequest) -> str | None:
    """``next`` when it is a path on this site ("/officers/"); anything else (another site, or
    "abc", which ``redirect`` would try as the name of a URL and fail on) is None."""
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return None


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if user_has_device(form.get_user()):
            verify = reverse("two-factor-verify")
            target = _safe_next(self.request)
            return redirect(f"{verify}?next={target}" if target else verify)
        return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Send a signed-in user to the landing page of their role."""
    return redirect(landing_url(request.user))


@login_required
def no_role(request: HttpRequest) -> HttpResponse:
    if roles_of(request.user):
        return redirect("dashboard")
    return render(request, "registration/no_role.html")


@sensitive_post_parameters("token")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified() or not user_has_device(request.user):
        return redirect(_safe_next(request) or landing_url(request.user))
    form = TokenForm(request.POST or None)
    if form.is_valid():
        token = form.cleaned_data["token"]
        device = next(iter(devices_for_user(request.user, confirmed=True)))
        error = _check_code(device, token)
        if error is None:
            otp_login(request, device)
            return redirect(_safe_next(request) or landing_url(request.user))
        form.add_error("token", error)
    return render(request, "registration/two_factor_verify.html", {"form": form})


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/account_security.html",
        {"has_device": user_has_device(request.user)},
    )


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@sensitive_post_parameters("token")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Show a QR code and the secret for an authenticator app, then confirm with a code."""
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect("two-factor-verify")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(SESSION_ENROL_DEVICE), user=request.user, confirmed=False
    ).first()
    if device is None:
        device = services.totp_enrolment_start(user=request.user)
        request.session[SESSION_ENROL_DEVICE] = device.pk
    form = TokenForm(request.POST or None, submit_label="Turn on two-step verification")
    if form.is_valid():
        error = _check_code(device, form.cleaned_data["token"])
        if error is None:
            services.totp_enrolment_confirm(device=device, by=request.user)
            del request.session[SESSION_ENROL_DEVICE]
            otp_login(request, device)
            messages.success(request, "Two-step verification is now on for your account.")
            return redirect("account-security")
        form.add_error("token", error)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    if not user_has_device(request.user):
        return redirect("account-security")
    if request.method == "POST":
        services.totp_remove(user=request.user, by=request.user)
        messages.success(request, "Two-step verification is now off for your account.")
        return redirect("account-security")
    return render(request, "registration/two_factor_remove.html")
