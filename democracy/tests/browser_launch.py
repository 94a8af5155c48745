"""Registered by ``pytest_plugins`` in the root conftest, after pytest-playwright, so this
definition of ``browser_type_launch_args`` overrides the plugin's own."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API keeps an event loop running in the test thread for the whole session,
# and Django refuses ORM calls from a thread with a running loop unless told otherwise. The
# tests' own calls (factories, flushing the database between tests) are ordinary sync code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (``make test`` installs it) rather than a downloaded browser;
    the flags keep it off the network this machine does not have."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
