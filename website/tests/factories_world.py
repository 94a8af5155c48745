"""The one world the permission matrix and the planted-secret crawl both run against.

``build_world()`` makes the personas, then runs each app's ``tests/factories_world.build`` in
the order the apps depend on each other. A new domain (the register of electors, appeals) adds
its objects and plants its secrets in its own builder, and both tests cover them: the planted
secrets are crawled for, and every object it names can be addressed by the permission matrix's
URL templates (``website/tests/permission_matrix.py``).
"""

from __future__ import annotations

import importlib
import io
import re
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pypdf import PdfReader

from democracy import reminders
from democracy.models import Room
from democracy.tests.factories_world import World, build_foundations, build_personas
from website.tests.permission_matrix import ADMIN_MODELS

# Lowest first: each builder may use what those before it made.
BUILDERS = [
    "elections.tests.factories_world",
    "members.tests.factories_world",
    "meetings.tests.factories_world",
    "appeals.tests.factories_world",
]


def build_world() -> World:
    world = World()
    build_personas(world)
    build_foundations(world)
    for name in BUILDERS:
        importlib.import_module(name).build(world)
    reminders.derive(timezone.localdate())
    secrets = [plant.secret.casefold() for plant in world.plants]
    overlapping = [(a, b) for a in secrets for b in secrets if a != b and a in b]
    assert len(secrets) == len(set(secrets)) and not overlapping, (
        f"every planted secret must be unique and no part of another: {overlapping}"
    )
    return world


def build_packs_and_index() -> None:
    """Build every requested pack and the search index in this process (the matrix's way; the
    planted-secret test has the real worker do both)."""
    from datetime import timedelta

    from meetings import packs, search

    packs.build_pending_packs(older_than=timedelta(0))
    search.reindex_all()


def url_context(world: World) -> dict:
    """What the URL templates are filled from: the world's objects, and a few values worked out
    from them (a console object for each registered model, Modern.Gov attachment ids, a password
    reset link)."""
    context = dict(world.objects)
    context["admin"] = {
        label: apps.get_model(label)._base_manager.order_by("pk").values_list("pk", flat=True)[0]
        for label in ADMIN_MODELS
    }
    # The Modern.Gov attachment id: the document's id and a digit for its kind (report 1,
    # appendix 2) - the web service's wire format.
    for name in [
        "public_report",
        "exempt_report",
        "unpublished_report",
        "report_exempt_report",
    ]:
        context[f"{name}_attachment"] = world.objects[name].pk * 10 + 1
    for name in ["public_appendix", "exempt_appendix"]:
        context[f"{name}_attachment"] = world.objects[name].pk * 10 + 2
    context["next_register_version"] = world.published_declaration.version + 1
    context["meeting_content_type"] = ContentType.objects.get_for_model(world.held_meeting).pk
    context["room"] = Room.objects.select_related("venue").order_by("pk").first()
    context["venue"] = context["room"].venue
    user = world.users["officer"]
    context["reset"] = SimpleNamespace(
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    return context


def response_text(response) -> str:
    """Everything a response says: its headers, and its body (a PDF's text and metadata)."""
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf") and body:
        reader = PdfReader(io.BytesIO(body))
        meta = " ".join(str(v) for v in (reader.metadata or {}).values())
        pages = "\n".join(page.extract_text() or "" for page in reader.pages)
        return f"{headers}\n{meta}\n{pages}"
    text = body.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("text/calendar"):
        text = re.sub(r"\r?\n[ \t]", "", text)  # unfold iCalendar's 75-octet lines (RFC 5545 3.1)
    return f"{headers}\n{text}"
