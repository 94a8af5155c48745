"""The gate every change passes: lint, formatting, migrations, and the installed packages."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from django.core.management import call_command

from democracy.roles import Role

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing_to_lint():
    result = run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    result = run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_pip_finds_no_broken_requirements():
    result = run(sys.executable, "-m", "pip", "check")
    assert result.returncode == 0, result.stdout


def pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name] = version
    return pins


def test_every_requirement_is_pinned_exactly():
    lines = [
        line.split("#", 1)[0].strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
    ]
    loose = [line for line in lines if line and not re.fullmatch(r"[A-Za-z0-9_.\-]+==[\w.]+", line)]
    assert loose == []


def test_installed_versions_are_the_pinned_ones_so_nothing_was_downgraded():
    mismatched = {
        name: (version, metadata.version(name))
        for name, version in pinned().items()
        if metadata.version(name) != version
    }
    assert mismatched == {}


def test_the_roles_migration_creates_exactly_the_roles_the_code_names():
    from importlib import import_module

    created = set(import_module("democracy.migrations.0002_roles").ROLE_NAMES)
    created.add(import_module("democracy.migrations.0005_co_opted_member_role").NAME)
    assert created == {role.value for role in Role}
