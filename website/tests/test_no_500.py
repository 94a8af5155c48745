"""No address answers 500, whatever is typed into its path (issue 11 item 12).

Every URL pattern with path parameters is found by walking the resolver, so a new route is
covered the day it is added. Each parameter is tried at its limits (0, ids beyond bigint, year 0
and 9999, month 13, 29 February in a year without one, very long slugs, unicode, a NUL byte,
path traversal) and with values Hypothesis draws from the parameter's own pattern, as an
anonymous visitor, an officer and a manager holding every staff role (GET, or an empty POST
where a route takes only POST). Anything but a 500 (or an exception the test client re-raises)
is an acceptable answer here: which status each persona gets is the permission matrix's
business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from democracy.roles import Role
from democracy.tests.factories import UserFactory

# Values at their limits. Each parameter is tried with those its pattern accepts: a number
# parameter with every number, a free one (a slug, a string, a path) with the first few numbers,
# the dates and the text.
NUMBERS = [
    "0", "9223372036854775808", "9" * 40, "2147483648", "00", "1", "2147483647",
    "9223372036854775807", "0000", "1969", "9999", "10000", "12", "13", "29", "31", "32",
]  # fmt: skip
NUMBERS_FOR_FREE_PARAMETERS = 4
TEXT = [
    # dates and municipal years: year 0, month 13, 29 February in a year without one
    "0000-01", "9999-00", "2025-02-29", "2026-13-01", "0000-01-01",
    # numbers that are not ids
    "-1", "1e9999", "٢٠٢٥",
    # long, unicode, control characters, traversal, markup
    "a" * 300, "-" * 1000, "名前", "🙂\u202e", "\x00", "../../etc/passwd", "%", "<script>'", " ",
]  # fmt: skip

# Answers of 500 a route gives on purpose, with the reason.
DELIBERATE_500 = {
    # The Modern.Gov-compatible HTTP GET binding answers as ASP.NET does (clients written against
    # Modern.Gov expect it): an unknown web method or a missing parameter is a plain-text 500.
    "moderngov-op": ("Unknown web method ", "Missing parameter: "),
}

# Defects another change removes; strict, so the mark goes when the defect does.
KNOWN_DEFECTS: dict[str, str] = {}


def _group_body(regex: str, name: str) -> str:
    """The pattern inside the named group ``(?P<name>…)`` of ``regex``."""
    start = regex.index(f"(?P<{name}>") + len(f"(?P<{name}>")
    depth, i, in_class = 1, start, False
    while True:
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return regex[start:i]
        i += 1


@dataclass
class Route:
    """One URL pattern: the regexes from the root down, and each parameter's own pattern."""

    label: str
    pieces: list[str]  # one regex per level of the resolver
    params: dict[str, str]
    callback: object

    def path(self, values: dict[str, str]) -> str:
        url = ""
        for piece in self.pieces:
            template, names = normalize(piece)[0]
            url += template % {
                name: quote(values[name], safe="/" if "/" in values[name] else "") for name in names
            }
        return "/" + url

    def reaches(self, path: str) -> bool:
        """Whether ``path`` resolves to this route (a value outside the pattern does not)."""
        try:
            return resolve(unquote(path)).func is self.callback
        except Resolver404:
            return False

    def fits(self, name: str, value: str) -> bool:
        return re.fullmatch(self.params[name], value) is not None

    def ordinary(self, name: str) -> str:
        """An everyday value for the parameter: a small id, a slug, a year, or else the
        simplest value its pattern accepts (an app's label in the console's app index)."""
        for value in ("1", "planning", "2026", "2025-26", "a"):
            if self.fits(name, value):
                return value
        return find(st.from_regex(self.params[name], fullmatch=True), lambda value: True)


def parameterised_routes() -> list[Route]:
    routes = []

    def walk(patterns, pieces, labels):
        for pattern in patterns:
            regex = pattern.pattern.regex.pattern
            if isinstance(pattern, URLResolver):
                label = pattern.namespace or ""
                walk(pattern.url_patterns, [*pieces, regex], [*labels, label] if label else labels)
                continue
            assert isinstance(pattern, URLPattern)
            chain = [*pieces, regex]
            params = {
                name: _group_body(piece, name)
                for piece in chain
                for name in re.compile(piece).groupindex
            }
            if params:
                route = "".join(str(p) for p in chain)
                label = ":".join([*labels, pattern.name or route])
                routes.append(Route(label, chain, params, pattern.callback))

    walk(get_resolver().url_patterns, [], [])
    return routes


ROUTES = parameterised_routes()


def cases(route: Route) -> list[dict[str, str]]:
    """Each parameter at each of its limits in turn, the others at an ordinary value that fits."""
    ordinary = {name: route.ordinary(name) for name in route.params}
    found = [ordinary]
    for name in route.params:
        free = route.fits(name, "a")
        numbers = NUMBERS[:NUMBERS_FOR_FREE_PARAMETERS] if free else NUMBERS
        for value in [*numbers, *TEXT]:
            if route.fits(name, value) and value != ordinary[name]:
                found.append({**ordinary, name: value})
    return found


@pytest.fixture
def visitors(client, db) -> dict:
    """An anonymous visitor, an officer, and a manager who also holds the officer, electoral
    services and appeals clerk roles (so that the electoral register's and the appeals' pages
    read their parameters rather than refusing at the door)."""
    from django.test import Client

    found = {"anonymous": client}
    for persona, roles in [
        ("officer", [Role.DEMOCRATIC_SERVICES_OFFICER]),
        (
            "manager",
            [
                Role.DEMOCRATIC_SERVICES_MANAGER,
                Role.DEMOCRATIC_SERVICES_OFFICER,
                Role.ELECTORAL_SERVICES_OFFICER,
                Role.APPEALS_CLERK,
            ],
        ),
    ]:
        found[persona] = Client()
        found[persona].force_login(
            UserFactory(username=f"limits-{persona}", password=None, roles=roles)
        )
    return found


def problem(route: Route, client, method: str, path: str) -> str | None:
    """None if the answer is acceptable (anything but a 500), else what went wrong."""
    try:
        response = getattr(client, method)(path)
    except Exception as error:  # the test client re-raises what the view raised
        return f"{type(error).__name__}: {error}"[:300]
    if response.status_code < 500:
        return None
    deliberate = DELIBERATE_500.get(route.label, ())
    if deliberate and response.content.decode(errors="replace").startswith(deliberate):
        return None
    return f"status {response.status_code}"


def status(client, method: str, path: str) -> int:
    return getattr(client, method)(path).status_code


def route_params() -> list:
    found = []
    for route in ROUTES:
        reason = KNOWN_DEFECTS.get(route.label)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        found.append(pytest.param(route, id=route.label, marks=marks))
    return found


@pytest.mark.parametrize("route", route_params())
def test_no_path_parameter_at_its_limits_is_a_500(route, visitors):
    """Every limit as a manager (GET, or POST where the route takes only POST); as an anonymous
    visitor too where the route is not behind sign-in; values Hypothesis draws from each
    parameter's pattern as any of the three."""
    paths = [route.path(values) for values in cases(route)]
    paths = [path for path in paths if route.reaches(path)]
    assert paths, f"no value reaches {route.label}: the walk is testing nothing there"
    anonymous, manager = visitors["anonymous"], visitors["manager"]
    # Sign-in and roles are checked before a view reads its parameters: where the first answer
    # sends an anonymous visitor to sign in (or refuses), the rest would only do the same.
    first = anonymous.get(paths[0])
    public = first.status_code != 403 and not (
        first.status_code == 302 and "/login/" in first.get("Location", "")
    )
    post_only = status(manager, "get", paths[0]) == 405
    failures = []
    for path in paths:
        trials = [("manager", manager, "post" if post_only else "get")]
        if public:
            trials.append(("anonymous", anonymous, "get"))
        for persona, client, method in trials:
            found = problem(route, client, method, path)
            if found:
                failures.append(f"{persona} {method.upper()} {path[:120]}: {found}")
    assert failures == []

    @given(
        values=st.fixed_dictionaries(
            {name: st.from_regex(regex, fullmatch=True) for name, regex in route.params.items()}
        ),
        persona=st.sampled_from(sorted(visitors)),
    )
    @settings(
        max_examples=3,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def drawn(values, persona):
        path = route.path(values)
        if route.reaches(path):
            method = "post" if post_only and persona == "manager" else "get"
            assert problem(route, visitors[persona], method, path) is None, (persona, path)

    drawn()


def test_the_walk_finds_every_kind_of_route():
    """The walk sees the routes this test exists for: if it stopped finding them, the test
    above would pass by testing nothing."""
    labels = {route.label for route in ROUTES}
    for expected in [
        "members:allowances-published",
        "members:officer-allowance-scheme",
        "meetings:public-calendar",
        "meetings:public-meeting",
        "councillor",
        "api-v1:meeting",
        "admin:members_councillor_change",
    ]:
        assert expected in labels
    assert len(ROUTES) > 200
    calendar = next(r for r in ROUTES if r.label == "meetings:public-calendar")
    assert any(c["year"] == "0" for c in cases(calendar))
    assert any(c["month"] == "13" for c in cases(calendar))
    allowances = next(r for r in ROUTES if r.label == "members:allowances-published")
    assert {"year": "0000-01"} in cases(allowances)
    assert {"year": "9999-00"} in cases(allowances)
    assert allowances.reaches(allowances.path({"year": "0000-01"}))


# --- The query string --------------------------------------------------------------------------

# Every query parameter a view of ours reads (grep ``request.GET``), Modern.Gov's page parameters
# among them, each set at once to one value at its limits.
QUERY_PARAMETERS = [
    "page", "year", "on", "from", "to", "committee", "status", "when", "type", "by", "show",
    "school", "appeals", "parent", "election_date", "change", "added", "q", "next",
    "ID", "MId", "CId", "M", "DD", "DR", "UID", "FN",
]  # fmt: skip
QUERY_VALUES = [
    "0", "-1", "-6", "99999999999999999999", "0000-01-01", "2025-02-29", "abc", "\x00", "a" * 300,
]  # fmt: skip


def routes_without_parameters() -> list[str]:
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            part = prefix + str(pattern.pattern).removeprefix("^").removesuffix("$")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, part)
            elif "<" not in part and "(" not in part and "\\" not in part:
                found.append("/" + part)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


@pytest.mark.slow
def test_no_query_string_at_its_limits_is_a_500(visitors):
    """Every address without path parameters, as an anonymous visitor and as the manager with
    every staff role, with every query parameter the views read set to each value at its
    limits; a streamed download is read to its end (an error there is a broken file)."""
    paths = routes_without_parameters()
    assert "/appeals/hearings/plan/" in paths and "/ieDecisionDetails.aspx" in paths
    failures = []
    for persona in ("anonymous", "manager"):
        client = visitors[persona]
        for path in paths:
            for value in QUERY_VALUES:
                query = dict.fromkeys(QUERY_PARAMETERS, value)
                try:
                    response = client.get(path, query)
                    if response.streaming:
                        b"".join(response.streaming_content)
                except Exception as error:  # the test client re-raises what the view raised
                    failures.append(f"{persona} {path} {value[:20]!r}: {type(error).__name__}")
                    continue
                if response.status_code >= 500 and not path.startswith("/mgWebService.asmx"):
                    failures.append(f"{persona} {path} {value[:20]!r}: {response.status_code}")
    assert failures == [], "\n".join(failures)
