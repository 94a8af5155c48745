"""What every benchmark shares (``make bench``): the quick mode, the tables, and data that must
be committed (another process reads it) removed afterwards.

- ``BENCH_QUICK=1``: small data and few rounds, so the suite can run every benchmark in a few
  minutes (``democracy/tests/test_benchmarks_quick.py``) and they cannot rot. The figures then
  show only that the benchmarks run.
- Each benchmark module keeps a ``Table`` of its figures: written to ``var/bench/<name>.txt``
  (or ``$BENCH_DIR``) after every row and printed together at the end of the run
  (``democracy.benchmarks.report``), never lost in captured output.
- ``committed_data`` builds data outside the test's transaction (a served site, a worker) and
  empties every table afterwards, as the suite does after a transactional test, so nothing one
  module builds is counted by another.

Imports nothing from Django at module level: the report plugin loads it before Django is set up.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUICK = os.environ.get("BENCH_QUICK", "").lower() in {"1", "true", "yes", "on"}


def quick(full, small):
    """``small`` in quick mode, else ``full``."""
    return small if QUICK else full


def bench_dir() -> Path:
    return Path(os.environ.get("BENCH_DIR") or ROOT / "var" / "bench")


class Table:
    """Rows of named figures under a title; rewritten to its file whenever a row is added."""

    def __init__(self, name: str, title: str, columns: list[tuple[str, str]], *, notes=()):
        self.name, self.title, self.columns = name, title, columns
        self.notes = list(notes)
        self.rows: dict[str, dict[str, object]] = {}
        TABLES[name] = self

    def add(self, label: str, **values) -> None:
        self.rows.setdefault(label, {}).update(values)
        self.write()

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)
        self.write()

    def text(self) -> str:
        width = max([len(label) for label in self.rows] + [10])
        heads = [f"{heading:>12}" for _, heading in self.columns]
        lines = [self.title + (" (quick mode: small data, few rounds)" if QUICK else "")]
        lines.append(f"  {'':{width}} " + " ".join(heads))
        for label, values in self.rows.items():
            cells = []
            for key, _ in self.columns:
                value = values.get(key)
                if value is None:
                    cells.append(f"{'':>12}")
                elif isinstance(value, float):
                    cells.append(f"{value:12.2f}")
                else:
                    cells.append(f"{value!s:>12}")
            lines.append(f"  {label:{width}} " + " ".join(cells))
        lines += [f"  {note}" for note in self.notes]
        return "\n".join(lines) + "\n"

    def write(self) -> Path:
        directory = bench_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.txt"
        path.write_text(self.text())
        return path


TABLES: dict[str, Table] = {}


def milliseconds(benchmark) -> dict[str, float]:
    """A finished pytest-benchmark's min and median, in milliseconds."""
    stats = benchmark.stats.stats
    return {"min_ms": stats.min * 1000, "median_ms": stats.median * 1000}


def time_calls(function: Callable[[], object], *, rounds: int, setup=None) -> dict[str, float]:
    """Min and median wall time of ``function`` in milliseconds (``setup`` before each call,
    not timed), for figures measured beside the benchmark proper."""
    times = []
    for _ in range(rounds):
        if setup is not None:
            setup()
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return {"min_ms": min(times), "median_ms": statistics.median(times)}


def render_afresh() -> None:
    """Forget every cached public page (this process's and the shared cache), so the next
    request renders: the uncached figure."""
    from django.core.cache import cache

    from democracy import public_cache

    public_cache.forget()
    cache.clear()


def empty_database() -> None:
    """Every table emptied, as pytest-django does after a transactional test (the audit table
    allows it on the test database only, ``democracy.tests.db_teardown``)."""
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


@contextmanager
def committed_data(django_db_blocker) -> Iterator[None]:
    """Build and use data outside any test transaction (another process must read it), and
    remove it all afterwards, whatever happens."""
    with django_db_blocker.unblock():
        try:
            yield
        finally:
            empty_database()
