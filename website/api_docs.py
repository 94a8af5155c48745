"""``/api/v1/docs``: the open data API documented for people, rendered on the server from the
same OpenAPI description the API serves (``/api/v1/openapi.json``), so it cannot drift from it.

A GOV.UK page like any other: no script, no styles of its own, nothing from another site (the
Swagger and Redoc pages django-ninja offers run a large script bundle and are not accessible);
it works under the site's Content-Security-Policy and passes axe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from democracy.public_cache import public_conditional
from website.api import api, operations

WHERE = {"path": "Path", "query": "Query string"}


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass
class Field:
    name: str
    type: str
    type_anchor: str  # the schema it refers to, if any
    required: bool


@dataclass
class Shape:
    """A schema from the description's components: an object with fields."""

    name: str
    anchor: str
    fields: list[Field] = field(default_factory=list)


@dataclass
class Operation:
    path: str
    anchor: str
    summary: str
    description: SafeString
    parameters: list[Parameter]
    responses: list[tuple[str, str, str, str]]  # status, meaning, type, anchor


def anchor(kind: str, name: str) -> str:
    return f"{kind}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def prose(text: str) -> SafeString:
    """The description's few Markdown marks: `code` and paragraphs."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    html = []
    for paragraph in paragraphs:
        escaped = str(escape(paragraph))
        html.append(
            '<p class="govuk-body">' + re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped) + "</p>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every piece was escaped above


def type_of(schema: dict) -> tuple[str, str]:
    """A schema's type in words, and the anchor of the named schema it refers to ("" if
    none): ``integer``, ``date``, ``list of MeetingOut``, ``string or null``."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return name, anchor("schema", name)
    if "anyOf" in schema:
        parts = [type_of(option) for option in schema["anyOf"]]
        return " or ".join(text for text, _ in parts), next((a for _, a in parts if a), "")
    if schema.get("type") == "array":
        text, target = type_of(schema.get("items", {}))
        return f"list of {text}", target
    kind = schema.get("type", "any")
    formats = {"date": "date", "date-time": "date and time"}
    return formats.get(schema.get("format", ""), kind), ""


def documented_operations() -> list[Operation]:
    found = []
    for operation in operations():
        parameters = []
        for parameter in operation["parameters"]:
            text, _ = type_of(parameter.get("schema", {}))
            parameters.append(
                Parameter(
                    name=parameter["name"],
                    where=WHERE.get(parameter["in"], parameter["in"]),
                    type=text,
                    required=bool(parameter.get("required")),
                    description=parameter.get("description", ""),
                )
            )
        responses = []
        for status, response in operation["responses"].items():
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            text, target = type_of(schema) if schema else ("", "")
            responses.append((str(status), response.get("description", ""), text, target))
        found.append(
            Operation(
                path=operation["path"],
                anchor=anchor("get", operation["path"]),
                summary=operation["summary"],
                description=prose(operation["description"]),
                parameters=parameters,
                responses=responses,
            )
        )
    return found


def shapes() -> list[Shape]:
    schemas = api.get_openapi_schema()["components"].get("schemas", {})
    found = []
    for name, schema in sorted(schemas.items()):
        shape = Shape(name=name, anchor=anchor("schema", name))
        required = set(schema.get("required", []))
        for field_name, field_schema in schema.get("properties", {}).items():
            text, target = type_of(field_schema)
            shape.fields.append(Field(field_name, text, target, field_name in required))
        found.append(shape)
    return found


@require_safe
@public_conditional
def api_docs(request: HttpRequest) -> HttpResponse:
    documented = documented_operations()
    groups: dict[str, list[Operation]] = {}
    for operation, raw in zip(documented, operations(), strict=True):
        groups.setdefault(raw["tag"], []).append(operation)
    return render(
        request,
        "website/api_docs.html",
        {
            "title": api.title,
            "version": api.version,
            "description": prose(api.description),
            "groups": list(groups.items()),
            "shapes": shapes(),
            "index_url": reverse("api-v1:index"),
            "openapi_url": reverse("api-v1:openapi-json"),
        },
    )
