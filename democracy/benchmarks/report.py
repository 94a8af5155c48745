"""A pytest plugin (registered by the root conftest.py): at the end of a run, print every
benchmark table written during it (``democracy.benchmarks.support.Table``) and where each was
saved, so the figures are seen beside pytest-benchmark's own table, not lost in captured output."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter):
    from democracy.benchmarks.support import TABLES, bench_dir

    if not TABLES:
        return
    terminalreporter.section("benchmark tables")
    for table in TABLES.values():
        terminalreporter.write(table.text() + "\n")
    terminalreporter.write_line(f"Saved in {bench_dir()}/")
