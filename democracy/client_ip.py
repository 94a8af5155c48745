"""The visitor's address, for lock-outs after failed sign-ins (django-axes).

Behind a reverse proxy every request comes from the proxy's address, so lock-outs keyed on the
connecting address (``REMOTE_ADDR``) would lock a user name out for everyone, and tell nobody
apart. With ``AXES_IPWARE_PROXY_COUNT`` trusted proxies in front (an environment setting), the
visitor's address is the one the outermost trusted proxy saw: the N-th from the right of the
header they write (``AXES_IPWARE_META_PRECEDENCE_ORDER``, by default X-Forwarded-For), because
each proxy appends the address it received the request from, and whatever is further left was
written by the visitor and may be forged. A request that has not come through that many proxies
is keyed on its connecting address. With no proxy configured (the default) the header is
ignored, so it cannot be used to dodge a lock-out.

The settings are django-axes' own names; this function is its ``AXES_CLIENT_IP_CALLABLE``, so it
does not depend on django-ipware being installed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.AXES_IPWARE_PROXY_COUNT or 0
    if count <= 0:
        return remote
    for key in settings.AXES_IPWARE_META_PRECEDENCE_ORDER:
        if key == "REMOTE_ADDR":
            return remote
        addresses = [a.strip() for a in request.META.get(key, "").split(",") if a.strip()]
        if len(addresses) >= count and _valid(addresses[-count]):
            return addresses[-count]
    return remote
