"""The deployment files: docker-compose.yml, deploy/Dockerfile, .env.example and .dockerignore.

Everything here runs offline and needs no database: the Compose file is checked against the
Compose Specification's JSON schema shipped in democracy/tests/data/ (see the README there), and
the production settings are exercised through `manage.py check` in a subprocess.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from democracy.tests.factories_worker import child_environment

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTINGS = ROOT / "democracy" / "settings.py"
SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "compose-spec.json"

SERVICES = {"postgres", "redis", "migrate", "web", "worker", "beat"}
APP_SERVICES = {"migrate", "web", "worker", "beat"}
LONG_RUNNING = {"postgres", "redis", "web", "worker", "beat"}
MANDATORY_IN_PRODUCTION = {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL"}

# Variables settings.py reads that a council does not put in .env, each with the reason.
NOT_IN_ENV_EXAMPLE = {
    # Fixed to "production" by docker-compose.yml (and the image), so .env cannot switch it off.
    "ENVIRONMENT",
    # Production refuses DEBUG on; there is nothing for a council to set.
    "DEBUG",
    # Pinned by docker-compose.yml's `environment:` to the compose postgres and redis services.
    "DATABASE_URL",
    "REDIS_URL",
    # Paths inside the image (deploy/Dockerfile), backed by compose volumes.
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "CELERY_BEAT_SCHEDULE_FILENAME",
    # Test-suite only: its database name, and the task results the worker tests read back.
    "TEST_DATABASE_NAME",
    "CELERY_RESULT_BACKEND",
    "CELERY_TASK_IGNORE_RESULT",
    # Development-only mail settings, read only when EMAIL_URL is unset (production forbids that).
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
    # Where `make run` serves, for the development default of SITE_URL (.env.example sets it).
    "HOST",
    "PORT",
}
# Pinned by docker-compose.yml, so an active line in .env.example would only mislead.
PINNED_BY_COMPOSE = {"ENVIRONMENT", "DATABASE_URL", "REDIS_URL"}


# --- Helpers --------------------------------------------------------------------------------------


def load_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def load_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def compose_validator() -> jsonschema.protocols.Validator:
    schema = load_schema()
    # The schema declares "https://json-schema.org/draft-07/schema", a spelling jsonschema's
    # validator_for() does not map, so the draft is chosen from the declaration explicitly.
    assert "draft-07" in schema["$schema"], schema["$schema"]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def schema_errors(document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in compose_validator().iter_errors(document)
    ]


def environment_of(service: dict) -> dict[str, str]:
    environment = service.get("environment", {})
    if isinstance(environment, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return {key: "" if value is None else str(value) for key, value in environment.items()}


def command_of(service: dict) -> list[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def env_files_of(service: dict) -> list[str]:
    env_file = service.get("env_file", [])
    entries = [env_file] if isinstance(env_file, (str, dict)) else env_file
    return [entry["path"] if isinstance(entry, dict) else entry for entry in entries]


def volume_mounts(service: dict) -> list[tuple[str | None, str, str]]:
    """(source, target, type) for each mount; the short syntax is "source:target[:mode]"."""
    mounts = []
    for entry in service.get("volumes", []):
        if isinstance(entry, dict):
            mounts.append((entry.get("source"), entry["target"], entry.get("type", "volume")))
            continue
        parts = entry.split(":")
        if len(parts) == 1:
            mounts.append((None, parts[0], "volume"))  # an anonymous volume
            continue
        source, target = parts[0], parts[1]
        kind = "bind" if source.startswith((".", "/", "~", "$")) else "volume"
        mounts.append((source, target, kind))
    return mounts


def published_container_ports(service: dict) -> set[int]:
    ports: set[int] = set()
    for entry in service.get("ports", []):
        if isinstance(entry, dict):
            target = str(entry["target"])
        else:
            target = str(entry).split("/")[0].rsplit(":", 1)[-1]
        start, _, end = target.partition("-")
        ports.update(range(int(start), int(end or start) + 1))
    return ports


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, arguments = line.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


def dockerfile_env() -> dict[str, str]:
    values: dict[str, str] = {}
    for keyword, arguments in dockerfile_instructions():
        if keyword == "ENV":
            for pair in shlex.split(arguments):
                key, _, value = pair.partition("=")
                values[key] = value
    return values


def variables_settings_reads() -> set[str]:
    """Every environment variable settings.py reads: env.X("NAME", ...) calls and "NAME" in env."""
    tree = ast.parse(SETTINGS.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "env"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and any(isinstance(op, ast.In) for op in node.ops)
            and any(isinstance(c, ast.Name) and c.id == "env" for c in node.comparators)
        ):
            names.add(node.left.value)
    return names


def env_example_variables() -> tuple[dict[str, str], set[str]]:
    """(active NAME=value lines, names documented in commented-out "# NAME=value" lines)."""
    active: dict[str, str] = {}
    documented: set[str] = set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line):
            assert match.group(1) not in active, f"{match.group(1)} is set twice in .env.example"
            active[match.group(1)] = match.group(2)
        elif match := re.match(r"^#\s*([A-Z][A-Z0-9_]*)=", line):
            documented.add(match.group(1))
    return active, documented


def clean_environment(**overrides: str) -> dict[str, str]:
    """This process's environment without anything settings.py reads, plus the overrides."""
    environment = child_environment(drop=variables_settings_reads())
    environment["DATABASE_URL"] = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/democracy"
    )
    environment["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    environment.update(overrides)
    return environment


def production_environment(**overrides: str) -> dict[str, str]:
    settings = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "ALLOWED_HOSTS": "democracy.example.org",
        "EMAIL_URL": "smtp+tls://user:pass@smtp.example.org:587",
    }
    settings.update(overrides)
    return clean_environment(**settings)


def manage(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


# --- docker-compose.yml ---------------------------------------------------------------------------


def test_the_bundled_schema_is_the_compose_specification() -> None:
    schema = load_schema()
    assert schema["title"] == "Compose Specification"
    # Features of the current specification, so an old copy of the schema is noticed.
    assert {"include", "models"} <= set(schema["properties"])
    assert "develop" in schema["definitions"]["service"]["properties"]


def test_compose_file_validates_against_the_compose_specification() -> None:
    assert schema_errors(load_compose()) == []


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        ("misspelt service key", "enviroment"),
        ("unknown depends_on condition", "service_finished"),
        ("top-level typo", "volume"),
    ],
)
def test_the_schema_check_rejects_a_broken_compose_file(breakage: str, expected: str) -> None:
    document = copy.deepcopy(load_compose())
    if breakage == "misspelt service key":
        document["services"]["web"]["enviroment"] = document["services"]["web"].pop("environment")
    elif breakage == "unknown depends_on condition":
        document["services"]["web"]["depends_on"]["migrate"]["condition"] = "service_finished"
    else:
        document["volume"] = document.pop("volumes")
    errors = schema_errors(document)
    assert errors, f"the schema accepted a compose file with a {breakage}"
    assert any(expected in error for error in errors), errors


def test_compose_file_uses_the_compose_specification_without_a_version_key() -> None:
    assert "version" not in load_compose()


def test_compose_file_has_the_six_services() -> None:
    assert set(load_compose()["services"]) == SERVICES


def test_app_services_build_the_deploy_image_and_read_dot_env() -> None:
    services = load_compose()["services"]
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == {"context": ".", "dockerfile": "deploy/Dockerfile"}, name
        assert env_files_of(service) == [".env"], name
        assert (ROOT / service["build"]["context"] / service["build"]["dockerfile"]).is_file()


def test_app_services_pin_production_and_the_compose_database_and_broker() -> None:
    services = load_compose()["services"]
    for name in APP_SERVICES:
        environment = environment_of(services[name])
        assert environment.get("ENVIRONMENT") == "production", name
        assert re.fullmatch(r"postgres://[^@/]+@postgres:5432/\w+", environment["DATABASE_URL"]), (
            name
        )
        assert re.fullmatch(r"redis://redis:6379/\d+", environment["REDIS_URL"]), name


def test_postgres_password_is_shared_by_the_database_and_database_url() -> None:
    services = load_compose()["services"]
    password = environment_of(services["postgres"])["POSTGRES_PASSWORD"]
    assert password.startswith("${POSTGRES_PASSWORD"), "the password must come from .env"
    assert f":{password}@" in environment_of(services["web"])["DATABASE_URL"]


def test_every_named_volume_is_declared_and_used() -> None:
    compose = load_compose()
    declared = set(compose.get("volumes") or {})
    used = set()
    for name, service in compose["services"].items():
        for source, target, kind in volume_mounts(service):
            assert source is not None, f"{name} mounts an anonymous volume at {target}"
            if kind == "volume":
                used.add(source)
    assert used <= declared, f"undeclared volumes: {used - declared}"
    assert declared <= used, f"declared but unused volumes: {declared - used}"
    assert {"postgres-data", "media", "beat-schedule"} <= declared


def test_volumes_are_mounted_where_the_image_keeps_its_state() -> None:
    services = load_compose()["services"]
    image_env = dockerfile_env()
    postgres_targets = {target for _, target, _ in volume_mounts(services["postgres"])}
    assert "/var/lib/postgresql/data" in postgres_targets
    media_root = image_env["MEDIA_ROOT"]
    for name in ("web", "worker"):
        assert ("media", media_root) in {(s, t) for s, t, _ in volume_mounts(services[name])}, name
    beat_dir = str(Path(image_env["CELERY_BEAT_SCHEDULE_FILENAME"]).parent)
    assert ("beat-schedule", beat_dir) in {(s, t) for s, t, _ in volume_mounts(services["beat"])}


def test_start_up_order() -> None:
    services = load_compose()["services"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert "redis" in depends_on, name
    healthcheck = services["postgres"]["healthcheck"]
    assert "pg_isready" in " ".join(
        healthcheck["test"] if isinstance(healthcheck["test"], list) else [healthcheck["test"]]
    )
    assert "healthcheck" in services["redis"]


def test_service_commands() -> None:
    services = load_compose()["services"]
    assert command_of(services["migrate"])[:4] == ["python", "manage.py", "migrate", "--noinput"]
    assert command_of(services["worker"])[:4] == ["celery", "-A", "democracy", "worker"]
    assert command_of(services["beat"])[:4] == ["celery", "-A", "democracy", "beat"]
    # web runs the image's CMD (gunicorn) unless it says otherwise.
    web_command = command_of(services["web"])
    assert not web_command or web_command[:2] == ["gunicorn", "democracy.wsgi"]


def test_restart_policies() -> None:
    services = load_compose()["services"]
    for name in LONG_RUNNING:
        assert services[name].get("restart") == "unless-stopped", name
    assert services["migrate"].get("restart", "no") == "no"


def test_only_the_web_service_publishes_a_port() -> None:
    services = load_compose()["services"]
    for name, service in services.items():
        ports = published_container_ports(service)
        assert not ports & {5432, 6379}, f"{name} publishes a database or broker port"
        if name != "web":
            assert not ports, f"{name} publishes {ports}"
    assert published_container_ports(services["web"]) == {8000}
    assert "ports" not in services["postgres"]
    assert "ports" not in services["redis"]


def test_redis_keeps_nothing_on_disk() -> None:
    redis = load_compose()["services"]["redis"]
    command = command_of(redis)
    assert command[command.index("--save") + 1] == ""
    assert command[command.index("--appendonly") + 1] == "no"
    assert "volumes" not in redis
    assert "only source of truth" in COMPOSE_FILE.read_text(encoding="utf-8")


# --- deploy/Dockerfile ----------------------------------------------------------------------------


def test_dockerfile_base_user_static_files_and_command() -> None:
    instructions = dockerfile_instructions()
    keywords = [keyword for keyword, _ in instructions]
    assert instructions[0][0] == "FROM"
    assert instructions[0][1].startswith("python:3.12"), instructions[0][1]

    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users, "the image must not run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}
    last_user = max(i for i, keyword in enumerate(keywords) if keyword == "USER")
    assert "CMD" in keywords[last_user:]

    runs = [arguments for keyword, arguments in instructions if keyword == "RUN"]
    assert any("pip install --no-cache-dir -r requirements.txt" in run for run in runs)
    collectstatic = [run for run in runs if "collectstatic" in run]
    assert len(collectstatic) == 1
    assert "--noinput" in collectstatic[0]
    assert "ENVIRONMENT=production" in collectstatic[0]

    commands = [arguments for keyword, arguments in instructions if keyword == "CMD"]
    assert len(commands) == 1
    command = json.loads(commands[0])  # the exec form, so gunicorn is PID 1 and gets SIGTERM
    assert command[:2] == ["gunicorn", "democracy.wsgi"]
    assert "0.0.0.0:8000" in command
    assert ("EXPOSE", "8000") in instructions
    assert dockerfile_env()["ENVIRONMENT"] == "production"
    assert int(dockerfile_env()["WEB_CONCURRENCY"]) >= 2


def test_dockerfile_bakes_no_secret_into_the_runtime_environment() -> None:
    baked = set(dockerfile_env())
    for keyword, arguments in dockerfile_instructions():
        if keyword == "ARG":
            baked.add(arguments.split("=")[0])
    assert not baked & (
        MANDATORY_IN_PRODUCTION | {"DATABASE_URL", "REDIS_URL", "POSTGRES_PASSWORD"}
    )


def test_dockerfile_installs_what_weasyprint_needs() -> None:
    runs = " ".join(
        arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"
    )
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-liberation",
    ):
        assert package in runs, package


def test_dockerignore_keeps_local_state_and_secrets_out_of_the_image() -> None:
    entries = {
        line.strip().rstrip("/")
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for required in (".venv", "var", ".git", ".env"):
        assert required in entries, required
    assert {"node_modules", "**/node_modules"} & entries
    assert {"__pycache__", "**/__pycache__"} & entries


# --- .env.example ---------------------------------------------------------------------------------


def test_settings_parser_finds_the_variables_it_must() -> None:
    found = variables_settings_reads()
    assert found >= MANDATORY_IN_PRODUCTION | {"DATABASE_URL", "REDIS_URL", "COUNCIL_NATION"}
    assert found >= NOT_IN_ENV_EXAMPLE, f"stale allow-list entries: {NOT_IN_ENV_EXAMPLE - found}"


def test_env_example_covers_every_variable_settings_reads() -> None:
    active, documented = env_example_variables()
    missing = variables_settings_reads() - set(active) - documented - NOT_IN_ENV_EXAMPLE
    assert not missing, f"settings.py reads these but .env.example does not mention them: {missing}"


def test_env_example_sets_the_mandatory_production_variables() -> None:
    active, _ = env_example_variables()
    assert set(active) >= MANDATORY_IN_PRODUCTION
    assert not PINNED_BY_COMPOSE & set(active)
    # Every ${VAR} the compose file interpolates has a line in .env.example.
    interpolated = set(
        re.findall(r"\$\{([A-Z][A-Z0-9_]*)", COMPOSE_FILE.read_text(encoding="utf-8"))
    )
    assert interpolated, "the compose file takes POSTGRES_PASSWORD from .env"
    assert interpolated <= set(active), interpolated - set(active)


def test_env_example_holds_placeholders_not_secrets() -> None:
    active, _ = env_example_variables()
    # Too short for production, so a copied-but-unedited .env refuses to start.
    assert len(active["SECRET_KEY"]) < 50
    assert active["POSTGRES_PASSWORD"] == "CHANGE-ME"
    assert "example.org" in active["EMAIL_URL"]
    for name, value in active.items():
        assert "$" not in value, f"{name}: Compose would interpolate the $"


# --- The production settings themselves -----------------------------------------------------------


def test_check_deploy_finds_no_issues_in_production() -> None:
    result = manage("check", "--deploy", env=production_environment())
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, output
    assert output == "System check identified no issues (0 silenced).", output


@pytest.mark.parametrize(
    ("case", "overrides", "named"),
    [
        ("no secret key", {"SECRET_KEY": None}, "SECRET_KEY"),
        ("short secret key", {"SECRET_KEY": "too-short-to-be-a-secret"}, "SECRET_KEY"),
        ("debug on", {"DEBUG": "true"}, "DEBUG"),
        ("unknown nation", {"COUNCIL_NATION": "scotland"}, "COUNCIL_NATION"),
        ("no allowed hosts", {"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ("no email url", {"EMAIL_URL": None}, "EMAIL_URL"),
        (
            "private files under the published media",
            {"MEDIA_ROOT": "/srv/democracy/media", "PRIVATE_MEDIA_ROOT": "/srv/democracy/media/p"},
            "PRIVATE_MEDIA_ROOT",
        ),
        (
            "private files in the published media",
            {"MEDIA_ROOT": "/srv/democracy/media", "PRIVATE_MEDIA_ROOT": "/srv/democracy/media/"},
            "PRIVATE_MEDIA_ROOT",
        ),
        (
            "private files with no place of their own",
            {"PRIVATE_MEDIA_ROOT": ""},
            "PRIVATE_MEDIA_ROOT",
        ),
    ],
)
def test_production_refuses_to_start_with_unsafe_configuration(
    case: str, overrides: dict[str, str | None], named: str
) -> None:
    environment = production_environment(
        **{key: value for key, value in overrides.items() if value is not None}
    )
    for key, value in overrides.items():
        if value is None:
            environment.pop(key, None)
    result = manage("check", env=environment)
    assert result.returncode != 0, f"{case}: production started anyway"
    assert "ImproperlyConfigured" in result.stderr, result.stderr[-2000:]
    error_line = [line for line in result.stderr.splitlines() if "ImproperlyConfigured" in line][-1]
    assert named in error_line, error_line
