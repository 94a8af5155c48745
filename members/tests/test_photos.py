"""Members' photos are kept out of the public media folder and served by a view that checks who
may see them (issue 10: a person who never held office is not public, by any route): a public
member's photo to anyone, anyone's to officers, and a member's own to them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from democracy.roles import Role
from democracy.tests.factories import CouncillorFactory, TermFactory, UserFactory
from members import public
from members.services import records as services
from members.tests.factories_records import image


@pytest.fixture
def serving(db):
    return TermFactory(start_date=date(2023, 5, 8)).councillor


@pytest.fixture
def never(db):
    """Added by an officer, never in office (not yet, or never)."""
    return CouncillorFactory(first_name="Nina", last_name="Never")


def with_photo(member, fmt="PNG", name="photo.png"):
    services.profile_update(councillor=member, values={"photo": image(fmt, name=name)}, by=None)
    member.refresh_from_db()
    return member


def public_media_files() -> list[Path]:
    return [
        p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file() and "private" not in p.parts
    ]


def test_a_public_members_photo_is_served_to_anyone_and_never_from_the_public_folder(
    client, serving
):
    with_photo(serving)
    assert public_media_files() == []
    url = public.photo_url(serving)
    assert url.startswith(f"/members/{serving.slug}/photo/?v=")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "public" in response["Cache-Control"]
    # A new photo gets a new address, so no cache keeps the old one.
    with_photo(serving, "JPEG", "new.jpg")
    assert public.photo_url(serving) != url


def test_the_photo_of_someone_never_in_office_reaches_officers_and_themselves_only(client, never):
    with_photo(never)
    url = f"/members/{never.slug}/photo/"
    assert client.get(url).status_code == 404
    other = UserFactory(username="other", roles=[Role.COUNCILLOR])
    client.force_login(other)
    assert client.get(url).status_code == 404
    own = UserFactory(username="nina", roles=[Role.COUNCILLOR])
    never.user = own
    never.save(update_fields=["user"])
    client.force_login(own)
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    client.force_login(UserFactory(username="dso", roles=[Role.DEMOCRATIC_SERVICES_OFFICER]))
    assert client.get(url).status_code == 200
    assert public_media_files() == []


def test_no_photo_and_no_member_are_not_found(client, serving):
    assert client.get(f"/members/{serving.slug}/photo/").status_code == 404
    assert client.get("/members/nobody-at-all/photo/").status_code == 404
