"""Issue 11, item 8: lock-outs after failed sign-ins were keyed on the connecting address only,
so behind a reverse proxy every visitor shared the proxy's. With the trusted proxies configured
(``AXES_IPWARE_PROXY_COUNT``, ``AXES_IPWARE_META_PRECEDENCE_ORDER``; ``democracy.client_ip``)
the visitor's own address is used; without, the header is ignored, so it cannot dodge one."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from democracy.client_ip import client_ip

pytestmark = pytest.mark.django_db

PROXY = "172.18.0.1"  # the reverse proxy, as the web server sees it


def sign_in(client, username: str, password: str, forwarded_for: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


def test_behind_the_proxy_a_lock_out_is_the_visitors_not_everyones(
    client, officer, password, settings, behind_one_proxy
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # The left-most address is the visitor's own claim; the proxy appended the real one.
        sign_in(client, officer.username, "not the password", "10.9.9.9, 203.0.113.5")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    assert sign_in(client, officer.username, password, "203.0.113.5").status_code == 429
    # Someone else behind the same proxy can still sign in.
    other = sign_in(client, officer.username, password, "198.51.100.7")
    assert other.status_code == 302


def test_without_a_proxy_configured_the_header_is_ignored(client, officer, password, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, officer.username, "not the password", f"198.51.100.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
    # A new forged header does not get round the lock-out.
    assert sign_in(client, officer.username, password, "192.0.2.99").status_code == 429


@pytest.mark.parametrize(
    ("count", "header", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "forged, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.1, 203.0.113.5, 172.18.0.9", "203.0.113.5"),
        (2, "203.0.113.5", PROXY),  # not through both proxies: the connecting address
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
        (0, "203.0.113.5", PROXY),
    ],
)
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(
    settings, count, header, expected
):
    settings.AXES_IPWARE_PROXY_COUNT = count
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected
