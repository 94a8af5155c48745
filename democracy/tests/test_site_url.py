"""The site's own address follows where ``make run`` serves (issue 11 item 13): with
``PORT=8811 make run`` every absolute link in the iCal feed, the API and the Modern.Gov service
pointed at :8000."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from democracy.tests.factories_worker import child_environment

ROOT = Path(__file__).resolve().parents[2]


def site_url(**environment: str) -> str:
    """SITE_URL as the settings read it from ``environment`` (in a fresh process, as the web
    server, the worker and beat each read it)."""
    env = child_environment(drop={"SITE_URL", "HOST", "PORT"}, **environment)
    completed = subprocess.run(
        [sys.executable, "-c", "from democracy import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8811"}, "http://127.0.0.1:8811"),
        ({"HOST": "localhost", "PORT": "8811"}, "http://localhost:8811"),
        ({"HOST": "0.0.0.0", "PORT": "9000"}, "http://127.0.0.1:9000"),  # noqa: S104
        ({"HOST": "::1", "PORT": "9000"}, "http://[::1]:9000"),
        ({"PORT": "8811", "SITE_URL": "https://democracy.example.gov.uk"}, "https://democracy.example.gov.uk"),
    ],
)  # fmt: skip
def test_the_default_site_url_is_where_make_run_serves(environment, expected):
    assert site_url(**environment) == expected
