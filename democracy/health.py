"""``/health/``: a liveness answer for load balancers and monitoring, through the full
middleware stack but touching neither the database nor the cache. The site benchmark serves it
beside the public pages as the trivial view they are compared with."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
