from django.urls import path

from democracy.public_cache import public_conditional
from members.views import (
    allowances,
    co_opted,
    gifts,
    interests,
    interests_public,
    outside_bodies_public,
    photos,
    portal,
    records,
    training,
)

app_name = "members"
# Public registers answer conditional GETs and are cached for anonymous visitors until the next
# audited change (democracy.public_cache).
cached = public_conditional

urlpatterns = [
    path("portal/", portal.portal, name="portal"),
    *records.urlpatterns,
    *co_opted.urlpatterns,
    *training.urlpatterns,
    *allowances.urlpatterns,
    # The member portal: a councillor's own register, and gifts and hospitality.
    path("portal/interests/", interests.portal_interests, name="portal-interests"),
    path("portal/interests/start/", interests.portal_start, name="portal-interests-start"),
    path(
        "portal/interests/declarations/<int:pk>/",
        interests.portal_declaration,
        name="portal-declaration",
    ),
    path(
        "portal/interests/declarations/<int:pk>/interests/new/",
        interests.portal_interest_add,
        name="portal-interest-add",
    ),
    path(
        "portal/interests/declarations/<int:pk>/interests/<int:line>/",
        interests.portal_interest_edit,
        name="portal-interest-edit",
    ),
    path(
        "portal/interests/declarations/<int:pk>/interests/<int:line>/remove/",
        interests.portal_interest_remove,
        name="portal-interest-remove",
    ),
    path(
        "portal/interests/declarations/<int:pk>/submit/",
        interests.portal_submit,
        name="portal-declaration-submit",
    ),
    path("portal/gifts/", gifts.portal_gifts, name="portal-gifts"),
    path("portal/gifts/new/", gifts.portal_gift_new, name="portal-gift-new"),
    path("portal/gifts/<int:pk>/correct/", gifts.portal_gift_correct, name="portal-gift-correct"),
    # Officers: review and publish, sensitive interests, dispensations, gifts.
    path("officers/interests/", interests.officer_queue, name="officer-interests"),
    path(
        "officers/interests/declarations/<int:pk>/",
        interests.officer_declaration,
        name="officer-declaration",
    ),
    path(
        "officers/interests/declarations/<int:pk>/publish/",
        interests.officer_publish,
        name="officer-declaration-publish",
    ),
    path(
        "officers/interests/declarations/<int:pk>/return/",
        interests.officer_return,
        name="officer-declaration-return",
    ),
    path(
        "officers/interests/declarations/<int:pk>/interests/<int:line>/sensitive/",
        interests.officer_sensitive,
        name="officer-interest-sensitive",
    ),
    path(
        "officers/interests/dispensations/",
        interests.officer_dispensations,
        name="officer-dispensations",
    ),
    path(
        "officers/interests/dispensations/new/",
        interests.officer_dispensation_new,
        name="officer-dispensation-new",
    ),
    path("officers/interests/gifts/", gifts.officer_gifts, name="officer-gifts"),
    path(
        "officers/interests/gifts/<int:pk>/publish/",
        gifts.officer_gift_publish,
        name="officer-gift-publish",
    ),
    path(
        "officers/interests/gifts/<int:pk>/return/",
        gifts.officer_gift_return,
        name="officer-gift-return",
    ),
    # Public registers (no sign-in). Fixed paths before the councillor slug paths.
    path("outside-bodies/", outside_bodies_public.outside_bodies_page, name="outside-bodies"),
    path("interests/", cached(interests_public.register_index), name="interests-index"),
    path("interests.csv", cached(interests_public.registers_csv), name="interests-csv"),
    path("dispensations/", cached(interests_public.dispensations), name="dispensations"),
    path("gifts/", cached(interests_public.gifts_all), name="gifts"),
    path("gifts.csv", cached(interests_public.gifts_csv), name="gifts-csv"),
    path("<slug:slug>/interests/", cached(interests_public.register), name="interests"),
    path(
        "<slug:slug>/interests/<int:version>/",
        cached(interests_public.register_version),
        name="interests-version",
    ),
    path(
        "<slug:slug>/interests.json", cached(interests_public.register_json), name="interests-json"
    ),
    path("<slug:slug>/gifts/", cached(interests_public.gifts_for), name="gifts-for"),
    path("<slug:slug>/photo/", photos.photo, name="photo"),
]
