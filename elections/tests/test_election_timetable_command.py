"""``python manage.py election_timetable`` (issue 13, point 4): its JSON, its text, and its errors
on stderr with exit status 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from democracy.models import NonWorkingDay

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "notice_of_election",
    "nominations_close",
    "withdrawals_close",
    "sopn",
    "registration_deadline",
    "postal_vote_deadline",
    "proxy_deadline",
    "voter_authority_certificate_deadline",
    "notice_of_poll",
    "poll",
}


def run_json(*args: str) -> dict:
    out = StringIO()
    call_command("election_timetable", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def by_step(payload: dict) -> dict[str, dict]:
    return {step["step"]: step for step in payload["steps"]}


@pytest.mark.django_db
def test_json_of_the_7_may_2026_local_elections():
    payload = run_json("--type", "local", "--poll", "2026-05-07")
    steps = by_step(payload)
    assert steps.keys() >= REQUIRED
    assert all({"step", "date", "time", "source"} <= step.keys() for step in payload["steps"])
    assert steps["notice_of_election"]["date"] == "2026-03-30"
    assert steps["nominations_close"] == steps["nominations_close"] | {
        "date": "2026-04-09",
        "time": "16:00",
    }
    assert steps["registration_deadline"]["date"] == "2026-04-20"
    assert steps["registration_deadline"]["time"] == "23:59"
    assert steps["proxy_deadline"]["date"] == "2026-04-28"
    assert steps["poll"] == steps["poll"] | {"date": "2026-05-07", "time": "07:00-22:00"}
    assert "2006/3304" in steps["sopn"]["source"]


@pytest.mark.django_db
def test_json_of_a_uk_by_election_and_a_welsh_local_election():
    steps = by_step(
        run_json("--type", "uk_parliamentary_by", "--poll", "2024-02-15", "--writ", "2024-01-18")
    )
    assert steps["nominations_close"]["date"] == "2024-01-23"
    welsh = by_step(run_json("--type", "local", "--poll", "2022-05-05", "--nation", "WLS"))
    assert "voter_authority_certificate_deadline" not in welsh
    assert welsh["registration_deadline"]["date"] == "2022-04-14"


@pytest.mark.django_db
def test_a_day_of_mourning_in_the_console_is_disregarded():
    # A day appointed for mourning, recorded in the console, is a dies non (Sch 2 r 2).
    NonWorkingDay.objects.create(
        date=date(2026, 4, 22),
        kind=NonWorkingDay.Kind.THANKSGIVING_OR_MOURNING,
        description="National day of mourning",
    )
    steps = by_step(run_json("--type", "local", "--poll", "2026-05-07"))
    assert steps["registration_deadline"]["date"] == "2026-04-17"


@pytest.mark.django_db
def test_text_output():
    out = StringIO()
    call_command("election_timetable", "--type", "pcc", "--poll", "2024-05-02", stdout=out)
    text = out.getvalue()
    assert "Police and crime commissioner election, poll Thursday 2 May 2024 (England)" in text
    assert "Fri 5 Apr 2024 4pm" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "senate", "--poll", "2026-05-07"], "Unknown election type “senate”"),
        (["--type", "local", "--poll", "2026-02-30"], "--poll “2026-02-30” is not a real date"),
        (["--type", "local", "--poll", "2026-05-09"], r"not a working day \(Saturday\)"),
        (["--type", "uk_parliamentary_by", "--poll", "2024-02-15"], "--writ is required"),
        (
            ["--type", "uk_parliamentary_by", "--poll", "2024-02-15", "--writ", "2024-02-01"],
            "is impossible with the writ received on 1 February 2024",
        ),
        (["--type", "local", "--poll", "2026-05-07", "--nation", "SCT"], "not held in Scotland"),
    ],
)
def test_errors_go_to_stderr_with_exit_status_2(args, message):
    with pytest.raises(CommandError, match=message) as raised:
        call_command("election_timetable", *args)
    assert raised.value.returncode == 2


def test_the_real_command_line_exit_status_and_stderr():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "democracy.settings"}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "election_timetable",
            "--type",
            "nope",
            "--poll",
            "2026-05-07",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Unknown election type “nope”" in result.stderr
