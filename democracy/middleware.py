"""Response headers and error pages that protect what a page shows.

``SignedInPagesNotStoredMiddleware``: a signed-in user's page may show what the public cannot
(a councillor's private record, claims, the portal, officers' screens with personal details),
and even a public page shows who is signed in, so no response to a signed-in user may be kept by
the browser or anything between: ``Cache-Control: private, no-store``. Public pages for anonymous visitors keep their own caching
(``democracy.public_cache``).

``DebugPagesOnlyForInternalIPsMiddleware``: with DEBUG on (``make run``), Django answers a
missing page with every URL pattern and an error with the traceback, the settings and the
request. Those pages go only to requests from ``INTERNAL_IPS`` (this machine); anyone else gets
the ordinary 404, 400 or 500 page, as in production. With DEBUG off it does nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_resolver
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.csp import CSP, build_policy

# Every debug page Django renders (technical 404 and 500, the default URLconf page) carries this.
DEBUG_PAGE_MARKER = b'<meta name="robots" content="NONE,NOARCHIVE">'


def _not_stored(response: HttpResponse) -> bool:
    return "no-store" in response.get("Cache-Control", "")


class SignedInPagesNotStoredMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _not_stored(response):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _from_internal_ip(request: HttpRequest) -> bool:
    return request.META.get("REMOTE_ADDR") in settings.INTERNAL_IPS


def _is_debug_page(response: HttpResponse) -> bool:
    if response.streaming or response.status_code not in (400, 404, 500):
        return False
    if response.status_code == 500:
        return True  # with DEBUG on, an uncaught error is always answered with the traceback
    body = response.content
    plain_traceback = response.get("Content-Type", "").startswith("text/plain") and (
        b"Traceback" in body or b"Request Method" in body
    )
    return DEBUG_PAGE_MARKER in body or plain_traceback


class DebugPagesOnlyForInternalIPsMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not settings.DEBUG or _from_internal_ip(request) or not _is_debug_page(response):
            return response
        status = response.status_code
        handler = get_resolver().resolve_error_handler(status)
        page = handler(request) if status == 500 else handler(request, exception=None)
        # This middleware is outermost (so that it also sees errors raised by other middleware),
        # so the page it substitutes has not been through theirs: give it their headers.
        page.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.SECURE_CSP)
        page.headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        page.headers["X-Content-Type-Options"] = "nosniff"
        add_never_cache_headers(page)
        return page
