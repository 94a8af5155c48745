"""A member's photo, served through a view rather than the public media folder: the file is kept
in private storage, so a person who is not a public member (``members.public``: never in office,
or not yet) has no photo anyone can fetch. A public member's photo is public; officers see any
member's photo, and a member sees their own."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from democracy.permissions import has_role
from democracy.roles import Role
from members import public
from members.models import Councillor

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)


@require_safe
def photo(request: HttpRequest, slug: str) -> FileResponse:
    member = Councillor.all_objects.select_related("profile").filter(slug=slug).first()
    if member is None:
        raise Http404("No such member")
    is_public = public.public_members().filter(pk=member.pk).exists()
    own = request.user.is_authenticated and member.user_id == request.user.pk
    if not (is_public or own or has_role(request.user, *OFFICERS)):
        raise Http404("No such member")
    profile = public.profile_of(member)
    if profile is None or not profile.photo:
        raise Http404("No photo")
    try:
        handle = profile.photo.open("rb")
    except FileNotFoundError:
        raise Http404("No photo") from None
    content_type = mimetypes.guess_type(profile.photo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if not is_public:
        patch_cache_control(response, private=True, no_store=True)
    elif request.user.is_authenticated:
        # Officers and the member see a new photo at once (their pages link it unversioned).
        patch_cache_control(response, private=True, no_cache=True)
    else:
        # The public pages link it with its version (``members.public.photo_url``).
        patch_cache_control(response, public=True, max_age=3600)
    return response
