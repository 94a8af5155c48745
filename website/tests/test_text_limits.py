"""Issue 11, item 7: every free-text field has a limit, in the form and in the database
(``democracy.text_limits``), and a megabyte posted to a real form gets a clear error naming the
field and saves nothing."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from democracy.text_limits import LONG, SHORT, LimitedTextField, limited_text, too_long_message

APPS = ("democracy", "elections", "members", "meetings", "appeals", "website")

# Text the system writes itself, never a person: left without a limit, with the reason.
SYSTEM_TEXT = {
    ("meetings", "SearchEntry", "body"): "the text extracted from a published PDF, for search",
    ("democracy", "Reminder", "email_body"): "an email composed from templates by the system",
}


def _model_text_fields():
    for app in APPS:
        try:
            config = apps.get_app_config(app)
        except LookupError:
            continue
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    yield model, field


def test_every_char_field_of_every_model_has_a_max_length():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in _model_text_fields()
        if isinstance(field, models.CharField) and not field.max_length
    ]
    assert missing == []


def test_every_text_field_of_every_model_is_limited():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model, field in _model_text_fields()
        if isinstance(field, models.TextField)
        and (model._meta.app_label, model.__name__, field.name) not in SYSTEM_TEXT
        and not (isinstance(field, LimitedTextField) and field.max_length)
    ]
    assert unlimited == []


@pytest.mark.django_db
def test_the_database_holds_every_text_limit():
    """A CHECK constraint on the column of every limited TextField, as migrated."""
    missing = []
    with connection.cursor() as cursor:
        for model, field in _model_text_fields():
            if not isinstance(field, LimitedTextField):
                continue
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
            if not any(
                c["check"] and c["columns"] == [field.column] and "length" in name
                for name, c in found.items()
            ):
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == []


@pytest.mark.django_db
def test_the_database_refuses_text_over_the_limit_whatever_the_route():
    from democracy.models import Venue

    venue = Venue.objects.create(name="Civic Centre", address="1 High Street")
    with pytest.raises(IntegrityError), transaction.atomic():
        Venue.objects.filter(pk=venue.pk).update(address="x" * (SHORT + 1))
    Venue.objects.filter(pk=venue.pk).update(address="x" * SHORT)  # the limit itself is fine


def _our_form_classes():
    seen = set()
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".tests" in info.name or ".migrations" in info.name or "benchmarks" in info.name:
                continue
            if not (info.name.endswith(".forms") or ".forms." in info.name or "views" in info.name):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__.split(".")[0] in APPS
                    and value not in seen
                ):
                    seen.add(value)
                    yield value


def _own_fields(form_class):
    """The fields a form of ours declares or takes from its model (not those of Django's own
    forms it extends, such as the password forms)."""
    inherited = {}
    for base in form_class.__mro__[1:]:
        if base.__module__.split(".")[0] not in APPS:
            inherited.update(getattr(base, "base_fields", {}))
    for name, field in form_class.base_fields.items():
        if inherited.get(name) is not field:
            yield name, field


def test_every_text_field_of_every_form_has_a_max_length():
    classes = list(_our_form_classes())
    assert len(classes) > 30
    missing = [
        f"{form_class.__module__}.{form_class.__name__}.{name}"
        for form_class in classes
        for name, field in _own_fields(form_class)
        if type(field) in (forms.CharField, forms.URLField, forms.RegexField, forms.SlugField)
        and not field.max_length
        and not isinstance(field.widget, forms.PasswordInput | forms.HiddenInput)
    ]
    assert missing == []


# Form fields of these kinds hold what a person types.
_TYPED_FIELDS = {"CharField", "EmailField", "URLField", "RegexField", "SlugField"}


def _unlimited_form_field_calls(source: str) -> list[int]:
    """The lines of ``source`` that make a typed form field (``forms.CharField(...)``) with no
    ``max_length``: the scan of declared fields above cannot see a field a form adds in its
    ``__init__`` (one per appeal on a hearing record, one per officer on the attendance)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "forms"
            and node.func.attr in _TYPED_FIELDS
        ):
            continue
        keywords = {k.arg for k in node.keywords}
        if "max_length" in keywords or None in keywords:
            continue
        if node.func.attr == "EmailField":
            continue  # Django's EmailField has its own limit (the check below compares it)
        widget = ast.unparse(node)
        if "PasswordInput" in widget or "HiddenInput" in widget:
            continue
        lines.append(node.lineno)
    return lines


def test_every_form_field_added_in_code_has_a_max_length():
    root = Path(__file__).resolve().parents[2]
    missing = [
        f"{path.relative_to(root)}:{line}"
        for app in APPS
        for path in sorted((root / app).rglob("*.py"))
        if not {"tests", "migrations", "benchmarks"} & set(path.relative_to(root).parts)
        for line in _unlimited_form_field_calls(path.read_text())
    ]
    assert missing == []


def test_the_scan_finds_a_field_added_without_a_limit():
    assert _unlimited_form_field_calls(
        'self.fields["notes"] = forms.CharField(label="Notes", widget=forms.Textarea)'
    ) == [1]
    assert _unlimited_form_field_calls('forms.CharField(label="Notes", max_length=20)') == []
    assert _unlimited_form_field_calls("forms.CharField(widget=forms.PasswordInput)") == []


def test_every_email_field_of_every_form_fits_its_column_and_names_itself():
    """Django's form EmailField takes 320 characters, its model EmailField 254: a 255-character
    address passed the form and was refused by the model with "Ensure this value has at most
    254 characters (it has 255)", naming no field."""
    column = models.EmailField().max_length  # 254
    wrong = [
        f"{form_class.__module__}.{form_class.__name__}.{name}"
        for form_class in _our_form_classes()
        for name, field in _own_fields(form_class)
        if isinstance(field, forms.EmailField)
        and not (
            field.max_length == column
            and field.error_messages.get("max_length")
            == too_long_message(field.label or name, column)
        )
    ]
    assert wrong == []


def test_a_form_field_names_itself_when_too_long():
    field = limited_text("Grounds for the call-in", limit=LONG)
    with pytest.raises(forms.ValidationError) as raised:
        field.clean("x" * (LONG + 1))
    assert raised.value.messages == ["Grounds for the call-in must be 20,000 characters or fewer"]
    assert too_long_message("motion", 2_000) == "Motion must be 2,000 characters or fewer"


# --- A megabyte posted to real forms --------------------------------------------------------------

MEGABYTE = "x" * (1024 * 1024)


def _errors_of(response) -> str:
    """The error summary of the form shown again."""
    assert response.status_code == 200  # the form again, with its errors
    page = response.content.decode()
    start = page.find('class="govuk-error-summary')
    assert start != -1, "no error summary"
    return " ".join(page[start : page.find("</ul>", start)].split())


@pytest.mark.django_db
def test_a_megabyte_gift_description_is_refused_naming_the_field(client, councillor):
    from django.urls import reverse
    from django.utils import timezone

    from members.models import GiftOrHospitality

    client.force_login(councillor)
    received = timezone.localdate()
    page = _errors_of(
        client.post(
            reverse("members:portal-gift-new"),
            {
                "kind": "gift",
                "donor": "Orchard Homes Ltd",
                "description": MEGABYTE,
                "estimated_value": "120.00",
                "received_on_0": str(received.day),
                "received_on_1": str(received.month),
                "received_on_2": str(received.year),
                "accepted": "yes",
                "reason": "",
            },
        )
    )
    assert "Description must be 20,000 characters or fewer" in page
    assert GiftOrHospitality.all_objects.count() == 0


@pytest.mark.django_db
def test_a_megabyte_item_description_is_refused_naming_the_field(client, officer):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from democracy.tests.factories import CommitteeFactory
    from meetings.models import AgendaItem
    from meetings.services import meetings as meeting_services
    from meetings.tests.factories_public import moment

    day = timezone.localdate() + timedelta(days=40)
    meeting = meeting_services.meeting_create(
        committee=CommitteeFactory(name="Planning Committee"),
        starts_at=moment(day, 18, 30),
        ends_at=moment(day, 21),
        location_note="Council Chamber",
        by=None,
    )
    client.force_login(officer)
    page = _errors_of(
        client.post(
            reverse("meetings:item-add", args=[meeting.pk]),
            {"title": "Local plan review", "description": MEGABYTE},
        )
    )
    assert "Description must be 20,000 characters or fewer" in page
    assert not AgendaItem.all_objects.filter(meeting=meeting, title="Local plan review").exists()


@pytest.mark.django_db
def test_a_megabyte_vote_motion_is_refused_naming_the_field(client, settings, tmp_path):
    from django.urls import reverse

    from meetings.models import Vote
    from meetings.tests.factories_public import PublicScene

    settings.MEDIA_ROOT = str(tmp_path)
    scene = PublicScene()
    client.force_login(scene.officer)
    before = Vote.all_objects.count()
    page = _errors_of(
        client.post(
            reverse("meetings:vote-add", args=[scene.public_item.pk]),
            {
                "vote-motion": MEGABYTE,
                "vote-votes_for": "3",
                "vote-votes_against": "0",
                "vote-abstentions": "0",
            },
        )
    )
    assert "Motion or amendment put to the vote must be 20,000 characters or fewer" in page
    assert Vote.all_objects.count() == before


def test_call_in_grounds_of_a_megabyte_are_refused_naming_the_field():
    from meetings.views.decisions import GroundsForm

    form = GroundsForm({"grounds": MEGABYTE})
    assert not form.is_valid()
    assert form.errors["grounds"] == ["Grounds for the call-in must be 20,000 characters or fewer"]


@pytest.mark.django_db
def test_a_service_refuses_text_over_the_limit_naming_the_field():
    """Whatever the route (a form, the console, an import), ``full_clean`` in the service
    refuses it before the database would."""
    from django.core.exceptions import ValidationError

    from democracy.models import Venue

    venue = Venue(name="Civic Centre", address="x" * (SHORT + 1))
    with pytest.raises(ValidationError) as raised:
        venue.full_clean()
    assert raised.value.message_dict["address"] == ["Address must be 2,000 characters or fewer"]
