"""``manage.py import_register FILE``: import a register file (this system's format or the
Democracy Club export), showing the progress; every error is listed with its line and column,
and nothing is imported unless the whole file is right."""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError

from elections import services

BAR_WIDTH = 40


class Command(BaseCommand):
    help = "Import properties and electors from a CSV file, all or nothing, with progress."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file to import")
        parser.add_argument(
            "--quiet-progress", action="store_true", help="do not draw the progress bar"
        )

    def handle(self, *args, file: str, quiet_progress: bool = False, **options):
        if not os.path.isfile(file):
            raise CommandError(f"There is no file {file}")
        total = os.path.getsize(file) or 1
        started = time.monotonic()

        def progress(phase: str, done: int, rows: int) -> None:
            if quiet_progress:
                return
            filled = int(BAR_WIDTH * done / total)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stderr.write(
                f"\r[{bar}] {100 * done // total:3d}% {rows:,} rows  {phase}", ending=""
            )
            self.stderr.flush()

        job = services.register_import_file(file, progress=progress)
        if not quiet_progress:
            self.stderr.write("")
        seconds = time.monotonic() - started
        if job.status != job.Status.DONE:
            for error in job.errors:
                column = f", column {error['column']}" if error["column"] else ""
                self.stdout.write(f"Line {error['line']}{column}: {error['reason']}")
            hidden = job.error_count - len(job.errors)
            if hidden:
                self.stdout.write(f"... and {hidden:,} more errors")
            raise CommandError(
                f"Nothing was imported: {job.error_count:,} error{'s' if job.error_count != 1 else ''}"
                f" in {file}"
            )
        self.stdout.write(
            f"Imported {job.rows_read:,} rows ({job.get_layout_display()}): "
            f"{job.properties_imported:,} properties, {job.electors_imported:,} electors "
            f"in {seconds:.1f} s"
        )
