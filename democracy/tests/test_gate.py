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


LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def test_the_import_contracts_hold():
    """``.importlinter``: the composition root above the apps, the apps in their order, the
    foundations below; appeals apart; the composition root through each app's public side; no
    cycles inside an app."""
    result = run(LINT_IMPORTS, "--no-cache")
    assert "Contracts: " in result.stdout and " broken" in result.stdout, result.stdout
    assert result.returncode == 0, result.stdout + result.stderr


PACKAGES = ("website", "meetings", "members", "elections", "appeals", "democracy")


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("democracy/back_arrow.py", "from meetings import models\n"),
        ("elections/back_arrow.py", "from members import models\n"),
        ("appeals/back_arrow.py", "from elections import models\n"),
        ("members/back_arrow.py", "from appeals import models\n"),
        ("website/back_arrow.py", "from meetings.services import agenda\n"),
        ("meetings/services/back_arrow.py", "from meetings.tasks import packs\n"),
    ],
)
def test_a_new_back_arrow_breaks_the_contracts(tmp_path, module, source):
    """The contracts are not vacuous: a copy of the project with one forbidden import added
    fails them."""
    import shutil

    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pdf", "*.json", "data", "static"),
        )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    before = subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert before.returncode == 0, before.stdout + before.stderr
    (tmp_path / module).write_text(source)
    after = subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert after.returncode != 0, after.stdout
    assert "Broken contracts" in after.stdout, after.stdout


def test_no_app_reaches_another_by_a_model_name_string():
    """``apps.get_model`` only hides an arrow from the contracts; outside migrations (where the
    historical models require it) nothing uses it."""
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            if "get_model(" in path.read_text():
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def imported_modules(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, module) for every import in ``path`` (or ``source`` as if it were there),
    relative ones resolved, and for ``from m import n`` both ``m`` and ``m.n`` (``n`` may be a
    module)."""
    import ast

    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    tree = ast.parse(path.read_text() if source is None else source, str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def test_imported_modules_resolve_relative_imports_and_imported_names():
    source = "import a.test_b\nfrom .test_c import d\nfrom .. import test_e\n"
    found = imported_modules(ROOT / "meetings" / "tests" / "probe.py", source)
    assert (1, "a.test_b") in found
    assert (2, "meetings.tests.test_c") in found
    assert (3, "meetings.test_e") in found


def test_no_module_imports_a_test_module():
    """Shared helpers live in ``factories*.py`` modules and shared fixtures in a conftest.py, so
    no module of the project (tests, benchmarks and conftests included) imports a ``test_*``
    module: a test module can then be changed, moved or deleted on its own."""
    offenders = []
    for path in [
        ROOT / "conftest.py",
        *(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")),
    ]:
        for line, module in imported_modules(path):
            if any(part.startswith("test_") for part in module.split(".")):
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert offenders == []
