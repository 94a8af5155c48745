"""The annual canvass (issue 12, point 5; DOMAIN.md C4): every write, audited.

* ``canvass_create``: a year's canvass with its dates (``canvass_rules.canvass_dates``).
* The data step: ``match_import_start`` / ``match_import_run`` stream a CSV of national data
  match results (elector number, green/amber/red) through PostgreSQL ``COPY`` into a staging
  table, check it line by line and then as a whole, and save it all or nothing;
  ``match_local_override`` records a local data matching result that overrides the national one.
* ``defined_property_set`` marks a property for Route 3 with its responsible person.
* ``canvass_route`` allocates every property to a route in one set-wise SQL statement that
  mirrors ``canvass_rules.canvass_route`` (a test holds them to the same answers).
* Communications: ``batch_create`` records a mail-merge batch; ``batch_run`` (the task's work)
  claims it once, issues each property a fresh security code (only its salted hash is kept),
  renders the letters one page a property, stores the PDF once under the hash of its content,
  and records the contact attempt of every property in it: the first, or for a Route 2 written
  reminder (a CCB or canvass form as the second or third attempt, RPR 2001 reg 32ZBD) the
  second or third, to the properties still without a response and due that attempt
  (``canvass_rules.written_attempt_due``).
* ``response_record``, ``contact_record``: responses (no change, or changes kept as pending
  alterations) and Route 2 contact attempts.

Audit rows name properties by reference and electors by number, never a person.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from democracy import audit, pdf
from democracy.storage import private_storage
from elections import canvass_rules
from elections.canvass_rules import Route
from elections.importer import Errors
from elections.models import (
    Canvass,
    CanvassBatch,
    CanvassContact,
    CanvassMatch,
    CanvassMatchImport,
    CanvassProperty,
    CanvassResponse,
    DefinedProperty,
    Elector,
    PollingDistrict,
    Property,
    canvass_reference,
    parse_canvass_reference,
)
from elections.register_rules import format_elector_number, parse_elector_number

# --- The canvass ---------------------------------------------------------------------------------


@transaction.atomic
def canvass_create(
    *,
    year: int,
    election_in_period: bool = False,
    starts_on: date | None = None,
    revised_register_by: date | None = None,
    previous_revised_on: date | None = None,
    by,
) -> Canvass:
    """Open the canvass of ``year`` with the statutory dates unless others are given."""
    dates = canvass_rules.canvass_dates(year, election_in_period=election_in_period)
    canvass = Canvass(
        year=year,
        election_in_period=election_in_period,
        starts_on=starts_on or dates.starts_on,
        revised_register_by=revised_register_by or dates.revised_register_by,
        previous_revised_on=previous_revised_on,
        created_by=by,
    )
    problem = canvass_rules.canvass_dates_problem(
        canvass.starts_on, canvass.revised_register_by, year
    )
    if problem:
        raise ValidationError({"revised_register_by": problem})
    if Canvass.objects.filter(year=year).exists():
        raise ValidationError({"year": f"There is already a canvass for {year}"})
    canvass.full_clean()
    canvass.save()
    audit.record(
        "elections.canvass.create",
        canvass,
        by=by,
        changes={
            "year": [None, year],
            "starts_on": [None, canvass.starts_on.isoformat()],
            "revised_register_by": [None, canvass.revised_register_by.isoformat()],
        },
    )
    return canvass


# --- The data step: national data match results ----------------------------------------------

MATCH_COLUMNS = ["elector_number", "result"]
MATCH_BATCH_ROWS = 50_000
MAX_ERRORS_SHOWN = 10_000
Progress = Callable[[str, int, int], None]


@dataclass
class MatchImportResult:
    rows: int = 0
    imported: int = 0
    errors: Errors = field(default_factory=Errors)

    @property
    def ok(self) -> bool:
        return not self.errors


def _lines(binary, errors: Errors, counter: list[int]):
    """The file's lines decoded one at a time, counting bytes read; a line that is not UTF-8 is
    an error on that line."""
    for number, raw in enumerate(binary, start=1):
        counter[0] += len(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            errors.add(number, "", "The line is not UTF-8 text: save the file as CSV UTF-8")
            text = "\n"
        if number == 1:
            text = text.removeprefix("\ufeff")
        yield text


def match_results_import(
    binary,
    *,
    canvass: Canvass,
    progress: Progress | None = None,
    batch_rows: int = MATCH_BATCH_ROWS,
) -> MatchImportResult:
    """Read a national data match file (``elector_number,result``) into ``canvass``: every line
    checked, every error kept with its line and column, nothing saved unless all is right."""
    result = MatchImportResult()
    errors = result.errors
    progress = progress or (lambda phase, done, rows: None)
    counter = [0]
    reader = csv.reader(_lines(binary, errors, counter))
    header = next(reader, None)
    if header is None:
        errors.add(1, "", "The file is empty: it has no header row and no rows")
        return result
    names = [h.strip().lower() for h in header]
    if names != MATCH_COLUMNS:
        for column in MATCH_COLUMNS:
            if column not in names:
                errors.add(1, column, f"The column “{column}” is missing")
        if not errors:
            errors.add(1, "", "The first line must be: elector_number,result")
        return result
    districts = dict(PollingDistrict.objects.values_list("code", "pk"))
    results = {r.value for r in canvass_rules.MatchResult}

    def rows():
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                result.rows += 1
                errors.add(reader.line_num, "", f"The row cannot be read as CSV ({error})")
                continue
            line = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            result.rows += 1
            if len(cells) != 2:
                errors.add(line, "", f"The row has {len(cells)} columns; the header has 2")
                continue
            number, outcome = cells
            parsed = parse_elector_number(number)
            district = districts.get(parsed[0]) if parsed else None
            if parsed is None:
                errors.add(
                    line, "elector_number", f"“{number[:20]}” is not an elector number, like KA12"
                )
            elif district is None:
                errors.add(
                    line, "elector_number", f"There is no polling district “{parsed[0][:10]}”"
                )
            match = canvass_rules.parse_match_result(outcome)
            if match is None or match.value not in results:
                errors.add(line, "result", "The result must be green, amber or red")
            if parsed is None or district is None or match is None:
                continue
            yield f"{line},{district},{parsed[1]},{parsed[2]},{match.value}\n"

    source = rows()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS canvass_match_staging")
        cursor.execute(
            "CREATE TEMPORARY TABLE canvass_match_staging (line_no integer, district_id bigint,"
            " number integer, suffix integer, result text)"
        )
        try:
            while True:
                chunk = list(_take(source, batch_rows))
                if chunk:
                    cursor.copy_expert(
                        "COPY canvass_match_staging FROM STDIN WITH (FORMAT csv)",
                        io.StringIO("".join(chunk)),
                    )
                progress("Reading and checking the file", counter[0], result.rows)
                if len(chunk) < batch_rows:
                    break
            if not errors and result.rows == 0:
                errors.add(2, "", "The file has a header row but no rows to import")
            if errors:
                return result
            progress("Checking against the register", counter[0], result.rows)
            _match_whole_file_checks(cursor, errors)
            if errors:
                return result
            progress("Saving the results", counter[0], result.rows)
            with transaction.atomic():
                cursor.execute(
                    """
                    INSERT INTO elections_canvassmatch
                           (canvass_id, elector_id, national_result, local_result)
                    SELECT %s, e.id, s.result, ''
                      FROM canvass_match_staging s
                      JOIN elections_elector e
                        ON e.polling_district_id = s.district_id AND e.number = s.number
                       AND e.suffix = s.suffix AND e.deleted_on IS NULL
                    ON CONFLICT (canvass_id, elector_id)
                    DO UPDATE SET national_result = EXCLUDED.national_result
                    """,
                    [canvass.pk],
                )
                result.imported = cursor.rowcount
        finally:
            cursor.execute("DROP TABLE IF EXISTS canvass_match_staging")
    return result


def _take(iterator, n: int):
    for _, item in zip(range(n), iterator, strict=False):
        yield item


def _match_whole_file_checks(cursor, errors: Errors) -> None:
    """An elector number twice in the file; one not on the register; an anonymous elector
    (they are left out of the national data match, DOMAIN.md C4). Only the bad lines come back
    from the database."""
    cursor.execute(
        """
        SELECT line_no, code, number, suffix, elector_id, anonymous, first_line FROM (
            SELECT s.line_no, d.code, s.number, s.suffix, e.id AS elector_id, e.anonymous,
                   min(s.line_no) OVER (PARTITION BY s.district_id, s.number, s.suffix)
                       AS first_line
              FROM canvass_match_staging s
              JOIN elections_pollingdistrict d ON d.id = s.district_id
              LEFT JOIN elections_elector e
                ON e.polling_district_id = s.district_id AND e.number = s.number
               AND e.suffix = s.suffix AND e.deleted_on IS NULL) checked
         WHERE line_no <> first_line OR elector_id IS NULL OR anonymous
         ORDER BY line_no
         LIMIT %s
        """,
        [MAX_ERRORS_SHOWN],
    )
    for line, code, number, suffix, elector_id, _anonymous, first in cursor.fetchall():
        label = format_elector_number(code, number, suffix)
        if line != first:
            reason = f"Elector number {label} is also on line {first}"
        elif elector_id is None:
            reason = f"Elector number {label} is not on the register"
        else:
            reason = f"Elector {label} is an anonymous elector: they are not data matched"
        errors.add(line, "elector_number", reason)


def match_import_start(*, canvass: Canvass, upload, by) -> CanvassMatchImport:
    """Keep an uploaded data match file in private storage and record the import, waiting for
    the task (``elections.tasks.import_canvass_matches``) that the caller queues."""
    with transaction.atomic():
        job = CanvassMatchImport.objects.create(
            canvass=canvass, filename=upload.name[:255], bytes_total=upload.size or 0, created_by=by
        )
        job.stored_as = private_storage.save(f"canvass-matches/{job.pk}.csv", upload)
        job.save(update_fields=["stored_as"])
        audit.record("elections.canvass_match_import.start", job, by=by)
    return job


def match_import_run(job_id: int, *, path: str | None = None) -> CanvassMatchImport:
    """Run a data match import with its progress recorded as it goes; claimed once, so a
    duplicate delivery of the task does nothing."""
    claimed = CanvassMatchImport.objects.filter(
        pk=job_id, status=CanvassMatchImport.Status.WAITING
    ).update(status=CanvassMatchImport.Status.RUNNING)
    job = CanvassMatchImport.objects.select_related("canvass").get(pk=job_id)
    if not claimed:
        return job
    path = path or private_storage.path(job.stored_as)
    job.bytes_total = os.path.getsize(path)
    job.save(update_fields=["bytes_total"])

    def record(phase: str, done: int, rows: int) -> None:
        CanvassMatchImport.objects.filter(pk=job.pk).update(
            phase=phase, bytes_read=done, rows_read=rows
        )

    with open(path, "rb") as binary:
        result = match_results_import(binary, canvass=job.canvass, progress=record)
    job.refresh_from_db()
    job.status = CanvassMatchImport.Status.DONE if result.ok else CanvassMatchImport.Status.FAILED
    job.phase = ""
    job.rows_read = result.rows
    job.bytes_read = job.bytes_total
    job.results_imported = result.imported if result.ok else 0
    job.error_count = result.errors.count
    job.errors = [error.as_dict() for error in result.errors.kept]
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save()
        audit.record(
            f"elections.canvass_match_import.{'done' if result.ok else 'failed'}",
            job,
            by=None,
            changes={
                "rows": [None, result.rows],
                "results": [None, job.results_imported],
                "errors": [None, job.error_count],
            },
        )
    if job.stored_as:
        private_storage.delete(job.stored_as)  # the file names electors: not kept
    return job


@transaction.atomic
def match_local_override(*, canvass: Canvass, elector: Elector, result: str, by) -> CanvassMatch:
    """Record a local data matching result for ``elector`` (it overrides the national one;
    an empty ``result`` removes the override)."""
    if result and result not in CanvassMatch.Result.values:
        raise ValidationError({"result": "Choose green, amber or red"})
    if elector.anonymous:
        raise ValidationError(
            {"elector_number": "An anonymous elector is not data matched: canvass them directly"}
        )
    match, _ = CanvassMatch.register.select_for_update().get_or_create(
        canvass=canvass, elector=elector
    )
    before = match.local_result
    match.local_result = result
    match.save(update_fields=["local_result"])
    audit.record(
        "elections.canvass_match.local_override",
        match,
        by=by,
        changes={"elector": [None, str(elector)], "local_result": [before, result]},
    )
    return match


@transaction.atomic
def defined_property_set(
    *,
    canvass: Canvass,
    property: Property,
    kind: str,
    responsible_person: str,
    responsible_email: str = "",
    by,
) -> DefinedProperty:
    """Choose a property for Route 3 this year, with its responsible person (DOMAIN.md C4: not
    an ordinary block of flats, and only with a responsible person)."""
    defined, _created = DefinedProperty.register.get_or_create(
        canvass=canvass,
        property=property,
        defaults={"kind": kind, "responsible_person": responsible_person},
    )
    defined.kind = kind
    defined.responsible_person = responsible_person
    defined.responsible_email = responsible_email
    defined.full_clean()
    defined.save()
    audit.record(
        "elections.canvass.defined_property",
        defined,
        by=by,
        changes={"property": [None, property.reference], "kind": [None, kind]},
    )
    return defined


# --- Routing, set-wise -----------------------------------------------------------------------

# The same rule as ``canvass_rules.canvass_route``, for every property at once: Route 3 for a
# defined property with a responsible person; Route 1 where every live elector is green (local
# over national) and none is anonymous; Route 2 for the rest, including empty properties.
# A property whose communication has gone out keeps its route (its code was printed for it).
ROUTE_SQL = """
WITH electors AS (
    SELECT e.qualifying_address_id AS property_id,
           count(*) AS electors,
           count(*) FILTER (
               WHERE NOT e.anonymous
                 AND COALESCE(NULLIF(m.local_result, ''), NULLIF(m.national_result, ''))
                     = 'green') AS green
      FROM elections_elector e
      LEFT JOIN elections_canvassmatch m ON m.elector_id = e.id AND m.canvass_id = %(canvass)s
     WHERE e.qualifying_address_id IS NOT NULL
       AND e.added_on <= %(on)s AND (e.deleted_on IS NULL OR e.deleted_on > %(on)s)
     GROUP BY e.qualifying_address_id
)
INSERT INTO elections_canvassproperty (canvass_id, property_id, route, security_code_hash,
                                       response)
SELECT %(canvass)s, p.id,
       CASE WHEN d.id IS NOT NULL AND d.responsible_person <> '' THEN 3
            WHEN COALESCE(x.electors, 0) > 0 AND x.green = x.electors THEN 1
            ELSE 2 END,
       '', ''
  FROM elections_property p
  LEFT JOIN electors x ON x.property_id = p.id
  LEFT JOIN elections_definedproperty d ON d.property_id = p.id AND d.canvass_id = %(canvass)s
ON CONFLICT (canvass_id, property_id) DO UPDATE SET route = EXCLUDED.route
 WHERE elections_canvassproperty.code_issued_at IS NULL
   AND elections_canvassproperty.route <> EXCLUDED.route
"""


def canvass_route(*, canvass: Canvass, by, on: date | None = None) -> dict[int, int]:
    """Allocate every property on the register to its route for ``canvass``, in one statement
    whatever the size of the register; returns the number of properties on each route."""
    on = on or timezone.localdate()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(ROUTE_SQL, {"canvass": canvass.pk, "on": on})
            changed = cursor.rowcount
            cursor.execute(
                "SELECT route, count(*) FROM elections_canvassproperty WHERE canvass_id = %s"
                " GROUP BY route ORDER BY route",
                [canvass.pk],
            )
            counts = dict(cursor.fetchall())
        canvass.routed_at = timezone.now()
        canvass.save(update_fields=["routed_at"])
        audit.record(
            "elections.canvass.route",
            canvass,
            by=by,
            changes={
                **{f"route_{route}": [None, counts.get(route, 0)] for route in (1, 2, 3)},
                "properties_changed": [None, changed],
            },
        )
    return {route: counts.get(route, 0) for route in (1, 2, 3)}


# --- Security codes ------------------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from paper
CODE_LENGTH = 10
_hasher = PBKDF2PasswordHasher()


def code_iterations() -> int:
    """PBKDF2 rounds for a security code: fewer than a password's (a batch issues thousands at a
    time, and guessing online is throttled), enough that a stolen table is no list of codes."""
    return getattr(settings, "CANVASS_CODE_HASH_ITERATIONS", 20_000)


def new_security_code() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def normalise_code(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def hash_security_code(code: str) -> str:
    return _hasher.encode(normalise_code(code), _hasher.salt(), iterations=code_iterations())


def security_code_matches(code: str, encoded: str) -> bool:
    if not encoded:
        # Spend the same time as a real check, so timing says nothing of the reference.
        _hasher.encode(normalise_code(code) or "x", "equalise", iterations=code_iterations())
        return False
    return _hasher.verify(normalise_code(code), encoded)


# --- Communications: mail-merge batches --------------------------------------------------------

BATCH_CHUNK = 100  # properties rendered at a time; the progress is recorded between chunks
MAX_BATCH = 5_000  # letters in one file: a print run, and a file a worker holds in memory
KIND_ROUTE = {
    CanvassBatch.Kind.CCA: Route.MATCHED,
    CanvassBatch.Kind.CCB: Route.UNMATCHED,
    CanvassBatch.Kind.CANVASS_FORM: Route.UNMATCHED,
    CanvassBatch.Kind.ROUTE_3: Route.DEFINED,
}
KIND_TITLE = {
    CanvassBatch.Kind.CCA: "Canvass Communication A",
    CanvassBatch.Kind.CCB: "Canvass Communication B",
    CanvassBatch.Kind.CANVASS_FORM: "Canvass form",
    CanvassBatch.Kind.ROUTE_3: "Route 3 canvass communication",
}
KIND_METHOD = {
    CanvassBatch.Kind.CCA: CanvassContact.Method.CCA,
    CanvassBatch.Kind.CCB: CanvassContact.Method.CCB,
    CanvassBatch.Kind.CANVASS_FORM: CanvassContact.Method.CANVASS_FORM,
    CanvassBatch.Kind.ROUTE_3: CanvassContact.Method.ROUTE_3,
}
#: The kinds of letter that can be a Route 2 property's second or third (written) attempt.
REMINDER_KINDS = (CanvassBatch.Kind.CCB, CanvassBatch.Kind.CANVASS_FORM)


def _batch_properties(batch: CanvassBatch):
    """The properties a batch writes to. The first communication: every property of the kind's
    route without a response. A written second or third attempt: the Route 2 properties still
    without a response that are due it, set-wise as ``canvass_rules.written_attempt_due`` says
    for one property (attempts are numbered in order, so "had exactly the attempts before it"
    is "has attempt n - 1 and not attempt n"; a third letter only after a personal attempt)."""
    from django.db.models import Exists, OuterRef

    found = CanvassProperty.register.filter(
        canvass=batch.canvass, route=KIND_ROUTE[batch.kind], response=""
    )
    if batch.attempt > 1:
        contacts = CanvassContact.objects.filter(canvass_property=OuterRef("pk"))
        found = found.filter(
            Exists(contacts.filter(number=batch.attempt - 1)),
            ~Exists(contacts.filter(number__gte=batch.attempt)),
        )
        if batch.attempt == canvass_rules.ROUTE_2_ATTEMPTS:
            found = found.filter(
                Exists(contacts.filter(method__in=list(canvass_rules.PERSONAL_METHODS)))
            )
    if batch.polling_district_id:
        found = found.filter(property__polling_district_id=batch.polling_district_id)
    return found


@transaction.atomic
def batch_create(
    *,
    canvass: Canvass,
    kind: str,
    polling_district: PollingDistrict | None = None,
    attempt: int = 1,
    by,
) -> CanvassBatch:
    """Record a batch of communications to build: every property of the kind's route (in the
    district, if one is given) that has not responded; for a second or third attempt (a CCB or
    canvass form to Route 2), only those due it."""
    if kind not in CanvassBatch.Kind.values:
        raise ValidationError({"kind": "Choose the communication"})
    attempt = int(attempt or 1)
    if attempt not in (1, 2, 3):
        raise ValidationError({"attempt": "Choose the first, second or third contact attempt"})
    if attempt > 1 and kind not in REMINDER_KINDS:
        raise ValidationError(
            {
                "attempt": "A second or third contact attempt by letter is a Canvass "
                "Communication B or a canvass form, to Route 2 properties"
            }
        )
    if canvass.routed_at is None:
        raise ValidationError({"kind": "Allocate the properties to routes first"})
    batch = CanvassBatch(
        canvass=canvass,
        kind=kind,
        attempt=attempt,
        polling_district=polling_district,
        created_by=by,
    )
    batch.total = _batch_properties(batch).count()
    if not batch.total and attempt > 1:
        raise ValidationError(
            {
                "attempt": f"No Route 2 property without a response is due contact attempt "
                f"{attempt} by letter"
                + (
                    " (a third attempt by letter needs a personal attempt first)"
                    if attempt == canvass_rules.ROUTE_2_ATTEMPTS
                    else ""
                )
            }
        )
    if not batch.total:
        raise ValidationError({"kind": "There are no properties to write to on that route"})
    if batch.total > MAX_BATCH:
        raise ValidationError(
            {
                "polling_district": f"That is {batch.total:,} letters: build them one polling "
                f"district at a time (up to {MAX_BATCH:,} in a batch)"
            }
        )
    batch.save()
    audit.record(
        "elections.canvass_batch.create",
        batch,
        by=by,
        changes={
            "kind": [None, kind],
            "attempt": [None, attempt],
            "properties": [None, batch.total],
        },
    )
    return batch


@dataclass
class Letter:
    reference: str
    security_code: str
    address_lines: list[str]
    postcode: str
    names: list[str]
    responsible_person: str = ""


def batch_html(
    letters: list[Letter], *, kind: str, canvass: Canvass, respond_url: str, attempt: int = 1
) -> str:
    return render_to_string(
        "elections/canvass/communication_pdf.html",
        {
            "letters": letters,
            "kind": kind,
            "attempt": attempt,
            "title": KIND_TITLE[kind],
            "canvass": canvass,
            "council_name": settings.COUNCIL_NAME,
            "respond_url": respond_url,
        },
    )


def render_batch_pdf(
    letters: list[Letter], *, kind: str, canvass: Canvass, respond_url: str, attempt: int = 1
) -> bytes:
    """The letters as a tagged PDF, one page a property (pure: letters in, bytes out)."""
    html = batch_html(letters, kind=kind, canvass=canvass, respond_url=respond_url, attempt=attempt)
    return pdf.render_pdf(html, title=f"{KIND_TITLE[kind]}: canvass {canvass.year}")


def respond_url() -> str:
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("elections:canvass-respond")


def _letters(batch: CanvassBatch, properties: list[CanvassProperty], codes: dict[int, str]):
    """One letter a property, naming its live electors but never an anonymous one (RPA 1983
    s9B) and no overseas elector (they have no address)."""
    ids = [cp.property_id for cp in properties]
    names: dict[int, list[str]] = {pid: [] for pid in ids}
    for pid, title, first, surname in (
        Elector.register.live()
        .filter(qualifying_address_id__in=ids, anonymous=False, overseas=False)
        .order_by("number", "suffix")
        .values_list("qualifying_address_id", "title", "first_names", "surname")
    ):
        names[pid].append(" ".join(part for part in (title, first, surname) if part))
    responsible = dict(
        DefinedProperty.register.filter(canvass=batch.canvass, property_id__in=ids).values_list(
            "property_id", "responsible_person"
        )
    )
    return [
        Letter(
            reference=canvass_reference(batch.canvass.year, cp.property_id),
            security_code=codes[cp.pk],
            address_lines=cp.property.address_lines,
            postcode=cp.property.postcode,
            names=names[cp.property_id],
            responsible_person=responsible.get(cp.property_id, ""),
        )
        for cp in properties
    ]


def batch_run(batch_id: int) -> CanvassBatch:
    """Build a batch: claimed once (a duplicate or retried task finds it taken and does
    nothing); a fresh security code for each property, of which only the salted hash is kept;
    the letters rendered a chunk at a time with the progress recorded; the PDF stored once under
    the SHA-256 of its content; the first contact attempt recorded for every property. The codes,
    the file and the attempts are committed together, so a failed build leaves no code issued."""
    claimed = CanvassBatch.objects.filter(pk=batch_id, status=CanvassBatch.Status.WAITING).update(
        status=CanvassBatch.Status.RUNNING, claimed_at=timezone.now(), phase="Issuing codes"
    )
    batch = CanvassBatch.objects.select_related("canvass").get(pk=batch_id)
    if not claimed:
        return batch
    try:
        with transaction.atomic():
            _batch_build(batch)
    except Exception as error:
        CanvassBatch.objects.filter(pk=batch.pk).update(
            status=CanvassBatch.Status.FAILED,
            phase="",
            error=f"{type(error).__name__}"[:500],
            finished_at=timezone.now(),
        )
        raise
    batch.refresh_from_db()
    return batch


def _progress(batch: CanvassBatch, phase: str, done: int) -> None:
    # Outside the build's transaction, so the officer's page sees it as it goes.
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "UPDATE elections_canvassbatch SET phase = %s, done_count = %s WHERE id = %s",
                [phase, done, batch.pk],
            )
        other.commit()
    finally:
        other.close()


def _batch_build(batch: CanvassBatch) -> None:
    properties = list(
        _batch_properties(batch)
        .select_related("property")
        .order_by(
            "property__polling_district_id", "property__postcode", "property__address_1", "pk"
        )
        .select_for_update(of=("self",))
    )
    now = timezone.now()
    codes = {cp.pk: new_security_code() for cp in properties}
    for cp in properties:
        cp.security_code_hash = hash_security_code(codes[cp.pk])
        cp.code_issued_at = now
    CanvassProperty.register.bulk_update(
        properties, ["security_code_hash", "code_issued_at"], batch_size=2000
    )
    url = respond_url()
    parts = []
    for start in range(0, len(properties), BATCH_CHUNK):
        chunk = properties[start : start + BATCH_CHUNK]
        html = batch_html(
            _letters(batch, chunk, codes),
            kind=batch.kind,
            canvass=batch.canvass,
            respond_url=url,
            attempt=batch.attempt,
        )
        parts.append(pdf.prepare_html(html, title=KIND_TITLE[batch.kind]))
        _progress(batch, "Writing the letters", start + len(chunk))
    _progress(batch, "Saving the file", len(properties))
    title = f"{KIND_TITLE[batch.kind]}: canvass {batch.canvass.year}"
    data = pdf.merge(parts, title=title, footer_label=title)
    digest = hashlib.sha256(data).hexdigest()
    name = f"canvass-batches/{digest}.pdf"
    if not private_storage.exists(name):
        name = private_storage.save(name, ContentFile(data))
    _record_attempts(batch, [cp.pk for cp in properties], now.date())
    CanvassBatch.objects.filter(pk=batch.pk).update(
        status=CanvassBatch.Status.DONE,
        phase="",
        done_count=len(properties),
        pages=pdf.page_count(data),
        content_sha256=digest,
        stored_as=name,
        finished_at=timezone.now(),
    )
    audit.record(
        "elections.canvass_batch.done",
        batch,
        by=None,
        changes={"properties": [None, len(properties)], "sha256": [None, digest]},
    )


def _record_attempts(batch: CanvassBatch, ids: list[int], made_on: date) -> None:
    """Each letter is a contact attempt: the batch's ``attempt`` (the first, or a Route 2
    written second or third), one row a property, a property that already has that attempt left
    as it is. Route 2's next attempt falls due after the canvass's interval; after the third,
    none (RPR 2001 reg 32ZBD; ``canvass_rules.route_2_next_attempt``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO elections_canvasscontact (canvass_property_id, number, method, made_on)
            SELECT id, %s, %s, %s FROM elections_canvassproperty WHERE id = ANY(%s)
            ON CONFLICT (canvass_property_id, number) DO NOTHING
            RETURNING canvass_property_id
            """,
            [batch.attempt, KIND_METHOD[batch.kind], made_on, ids],
        )
        recorded = [row[0] for row in cursor.fetchall()]
    if KIND_ROUTE[batch.kind] != Route.UNMATCHED:
        return
    if batch.attempt == 1:
        due = made_on + timedelta(days=batch.canvass.attempt_interval_days)
        CanvassProperty.register.filter(pk__in=recorded, next_attempt_due=None).update(
            next_attempt_due=due
        )
        return
    due = (
        made_on + timedelta(days=batch.canvass.attempt_interval_days)
        if batch.attempt < canvass_rules.ROUTE_2_ATTEMPTS
        else None
    )
    CanvassProperty.register.filter(pk__in=recorded).update(next_attempt_due=due)


# --- Responses and contact attempts ------------------------------------------------------------


@transaction.atomic
def response_record(
    *,
    canvass_property: CanvassProperty,
    outcome: str,
    channel: str,
    changes: list[dict] | None = None,
    by=None,
) -> CanvassResponse:
    """Record a response: "no change", or "changes" kept on the response as pending alterations
    (for the officer to determine). The latest response is the property's; no more contact
    attempts are due."""
    if outcome not in (CanvassProperty.Response.NO_CHANGE, CanvassProperty.Response.CHANGES):
        raise ValidationError({"outcome": "Choose no change or changes"})
    if channel not in CanvassResponse.Channel.values:
        raise ValidationError({"channel": "Choose how the response came"})
    changes = changes or []
    if outcome == CanvassProperty.Response.CHANGES and not changes:
        raise ValidationError({"changes": "Say what has changed"})
    response = CanvassResponse(
        canvass_property=canvass_property,
        outcome=outcome,
        channel=channel,
        changes=changes if outcome == CanvassProperty.Response.CHANGES else [],
        alteration=(
            CanvassResponse.Alteration.PENDING
            if outcome == CanvassProperty.Response.CHANGES
            else CanvassResponse.Alteration.NONE
        ),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    response.full_clean()
    response.save()
    CanvassProperty.register.filter(pk=canvass_property.pk).update(
        response=outcome, responded_at=response.received_at, next_attempt_due=None
    )
    audit.record(
        "elections.canvass_response.record",
        response,
        by=by,
        changes={
            "property": [None, canvass_property.reference],
            "outcome": [None, outcome],
            "channel": [None, channel],
            "changes": [None, len(response.changes)],  # how many, never who
        },
    )
    return response


def pending_alterations(canvass: Canvass | None = None):
    """Responses whose changes are still to be determined: what the register's alterations
    (notices of alteration) take up. Each response's ``changes`` is a list of ``{"kind": "add"
    or "remove", "name": …}`` (from the online form) or ``{"kind": "note", "text": …}`` (an
    officer's record of a paper or telephone response)."""
    found = CanvassResponse.register.filter(alteration=CanvassResponse.Alteration.PENDING)
    if canvass is not None:
        found = found.filter(canvass_property__canvass=canvass)
    return found.select_related("canvass_property__property").order_by("received_at", "pk")


@transaction.atomic
def contact_record(
    *, canvass_property: CanvassProperty, method: str, made_on: date, by
) -> CanvassContact:
    """Record a contact attempt at a Route 2 property: the next number, and the rule that one
    of the three is personal (``canvass_rules.attempts_problem``)."""
    locked = CanvassProperty.register.select_for_update().get(pk=canvass_property.pk)
    if locked.route != Route.UNMATCHED:
        raise ValidationError({"method": "Contact attempts are recorded for Route 2 properties"})
    if method not in CanvassContact.Method.values:
        raise ValidationError({"method": "Choose how contact was attempted"})
    before = [(c.made_on, c.method) for c in locked.contacts.all()]
    problem = canvass_rules.attempts_problem([*before, (made_on, method)])
    if problem:
        raise ValidationError({"method": problem})
    contact = CanvassContact(
        canvass_property=locked,
        number=len(before) + 1,
        method=method,
        made_on=made_on,
        recorded_by=by,
    )
    contact.full_clean()
    contact.save()
    nxt = canvass_rules.route_2_next_attempt(
        [*before, (made_on, method)],
        responded=bool(locked.response),
        interval_days=locked.canvass.attempt_interval_days,
    )
    locked.next_attempt_due = nxt[1] if nxt else None
    locked.save(update_fields=["next_attempt_due"])
    audit.record(
        "elections.canvass_contact.record",
        contact,
        by=by,
        changes={
            "property": [None, locked.reference],
            "number": [None, contact.number],
            "method": [None, method],
        },
    )
    return contact


# --- The online response: who may answer for a property ----------------------------------------

THROTTLE_PER_VISITOR = 20  # failed attempts an hour from one address
THROTTLE_PER_REFERENCE = 5  # failed attempts an hour at one reference, from anywhere


def _throttle_key(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:canvass:{value}".encode()).hexdigest()


def _hour():
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def _failures(scope: str, key: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count FROM elections_canvassattemptcount"
            " WHERE scope = %s AND key = %s AND hour = %s",
            [scope, key, _hour()],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def _count_failure(scope: str, key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO elections_canvassattemptcount (scope, key, hour, count)
            VALUES (%s, %s, %s, 1)
            ON CONFLICT (scope, key, hour)
            DO UPDATE SET count = elections_canvassattemptcount.count + 1
            """,
            [scope, key, _hour()],
        )


class Throttled(Exception):
    """Too many failed attempts from this visitor or at this reference: try again later."""


def response_access(*, reference: str, code: str, visitor: str, today: date | None = None):
    """The canvass property that ``reference`` and ``code`` open, or None: the same None whether
    the reference does not exist, the code is wrong, or the canvass is over, so the answer says
    nothing of which references exist. Failures are counted per visitor (a hash of their
    address) and per reference, per hour, in the database; past the limits, ``Throttled``."""
    today = today or timezone.localdate()
    reference = "".join(reference.upper().split())
    parsed = parse_canvass_reference(reference)
    visitor_key, reference_key = _throttle_key(f"ip:{visitor}"), _throttle_key(f"ref:{reference}")
    if (
        _failures("visitor", visitor_key) >= THROTTLE_PER_VISITOR
        or _failures("reference", reference_key) >= THROTTLE_PER_REFERENCE
    ):
        raise Throttled
    found = (
        CanvassProperty.register.select_related("canvass", "property")
        .filter(canvass__year=parsed[0], property_id=parsed[1])
        .first()
        if parsed
        else None
    )
    encoded = found.security_code_hash if found else ""
    ok = security_code_matches(code, encoded)
    if ok and found.canvass.revised_register_by < today:
        ok = False
    if not ok:
        _count_failure("visitor", visitor_key)
        _count_failure("reference", reference_key)
        return None
    return found


def expire_attempt_counts(*, older_than: timedelta = timedelta(days=1)) -> int:
    from elections.models import CanvassAttemptCount

    return CanvassAttemptCount.objects.filter(hour__lt=timezone.now() - older_than).delete()[0]


LOST_AFTER = timedelta(minutes=10)


def sweep(*, queue_batch, queue_import, now=None) -> int:
    """What the beat does every few minutes: batches and imports still waiting long after they
    were asked for (their task's message was lost) are queued again (each is claimed once, so a
    late original does no harm), and attempt counts older than a day are dropped. Returns how
    many were queued."""
    now = now or timezone.now()
    waiting_batches = list(
        CanvassBatch.objects.filter(
            status=CanvassBatch.Status.WAITING, created_at__lt=now - LOST_AFTER
        ).values_list("pk", flat=True)[:100]
    )
    waiting_imports = list(
        CanvassMatchImport.objects.filter(
            status=CanvassMatchImport.Status.WAITING, created_at__lt=now - LOST_AFTER
        ).values_list("pk", flat=True)[:100]
    )
    for pk in waiting_batches:
        queue_batch(pk)
    for pk in waiting_imports:
        queue_import(pk)
    expire_attempt_counts()
    return len(waiting_batches) + len(waiting_imports)


# --- Progress: by route and district -------------------------------------------------------------


@dataclass
class ProgressRow:
    route: int
    district_code: str
    district_name: str
    properties: int = 0
    no_change: int = 0
    changes: int = 0
    overdue: int = 0

    @property
    def responded(self) -> int:
        return self.no_change + self.changes

    @property
    def outstanding(self) -> int:
        return self.properties - self.responded

    @property
    def percent(self) -> int:
        return round(100 * self.responded / self.properties) if self.properties else 0


def canvass_progress(canvass: Canvass, *, today: date | None = None) -> list[ProgressRow]:
    """Properties, responses and overdue contact attempts by route and polling district: one
    query, whatever the size of the register."""
    from django.db.models import Count, Q

    today = today or timezone.localdate()
    rows = (
        CanvassProperty.register.filter(canvass=canvass)
        .values("route", "property__polling_district__code", "property__polling_district__name")
        .annotate(
            properties=Count("id"),
            no_change=Count("id", filter=Q(response="no_change")),
            changes=Count("id", filter=Q(response="changes")),
            overdue=Count("id", filter=Q(response="", next_attempt_due__lt=today)),
        )
        .order_by("route", "property__polling_district__code")
    )
    return [
        ProgressRow(
            route=r["route"],
            district_code=r["property__polling_district__code"],
            district_name=r["property__polling_district__name"],
            properties=r["properties"],
            no_change=r["no_change"],
            changes=r["changes"],
            overdue=r["overdue"],
        )
        for r in rows
    ]


def progress_by_route(rows: list[ProgressRow]) -> list[ProgressRow]:
    totals: dict[int, ProgressRow] = {}
    for row in rows:
        total = totals.setdefault(row.route, ProgressRow(row.route, "", "All districts"))
        total.properties += row.properties
        total.no_change += row.no_change
        total.changes += row.changes
        total.overdue += row.overdue
    return [totals[route] for route in sorted(totals)]


# --- Reminders: Route 2 contact attempts due -------------------------------------------------

REMINDER_KIND = "canvass_attempt_due"
REMINDER_LOOK_BACK_DAYS = 60


def electoral_emails() -> list[str]:
    from democracy.models import User
    from democracy.roles import Role

    return sorted(
        User.objects.filter(is_active=True, groups__name=Role.ELECTORAL_SERVICES_OFFICER.value)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def attempts_due(today: date):
    """Reminders for electoral services when Route 2 contact attempts fall due: one a polling
    district and day, counting the properties (never naming anyone). Derived from the database
    by each tick of the outbox, so a lost tick loses nothing."""
    from datetime import datetime, time

    from django.db.models import Count
    from django.urls import reverse

    from democracy.reminders import ReminderSpec

    due = (
        CanvassProperty.register.filter(
            route=Route.UNMATCHED,
            response="",
            next_attempt_due__lte=today,
            next_attempt_due__gte=today - timedelta(days=REMINDER_LOOK_BACK_DAYS),
            canvass__revised_register_by__gte=today,
        )
        .values("canvass__year", "property__polling_district", "next_attempt_due")
        .annotate(count=Count("id"))
        .order_by("canvass__year", "property__polling_district", "next_attempt_due")
    )
    due = list(due)
    if not due:
        return
    recipients = electoral_emails()
    districts = PollingDistrict.objects.in_bulk([row["property__polling_district"] for row in due])
    for row in due:
        district = districts[row["property__polling_district"]]
        year, on = row["canvass__year"], row["next_attempt_due"]
        link = settings.SITE_URL.rstrip("/") + reverse("elections:canvass", args=[year])
        yield ReminderSpec(
            subject=district,
            kind=f"{REMINDER_KIND}:{year}",
            due_on=on,
            send_at=timezone.make_aware(datetime.combine(on, time(8, 0))),
            recipients=recipients,
            email_subject=f"Canvass {year}: contact attempts due in {district.code}",
            email_body=(
                f"{row['count']} Route 2 propert{'y' if row['count'] == 1 else 'ies'} in polling "
                f"district {district.code} {district.name} had no response, and the next contact "
                f"attempt was due by {on:%-d %B %Y}. One of the three attempts must be personal "
                f"(a door knock or a telephone call).\n\nThe canvass: {link}\n"
            ),
        )


# --- Statistics of the electorate (issue 12, point 6) ------------------------------------------

STATISTICS_COLUMNS = [
    ("total", "Electorate"),
    ("attainers", "Attainers"),
    ("postal", "Postal voters"),
    ("proxy", "Proxy voters"),
    ("overseas", "Overseas electors"),
    ("anonymous", "Anonymous electors"),
    ("service", "Service voters"),
    ("eu", "EU citizens (G, B)"),
    ("peers", "Peers (L)"),
    ("opted_out", "Opted out of the open register"),
    ("additions", "Additions since the last revision"),
    ("deletions", "Deletions since the last revision"),
]


def revision_since(on: date) -> date:
    """The first day counted for additions and deletions: the day after the last revised
    register published on or before ``on``."""
    last = (
        Canvass.objects.filter(revised_register_by__lt=on)
        .order_by("-revised_register_by")
        .values_list("revised_register_by", flat=True)
        .first()
    )
    return canvass_rules.revision_start(last, on)


def electorate_statistics(*, on: date, since: date) -> list[dict]:
    """The electorate of each polling district on ``on`` with the figures the Electoral
    Commission's returns ask for, and additions and deletions from ``since``: one query."""
    from django.db.models import Count, Q

    live = Q(added_on__lte=on) & (Q(deleted_on__isnull=True) | Q(deleted_on__gt=on))

    def live_count(extra: Q | None = None) -> Count:
        return Count("id", filter=live & extra if extra is not None else live)

    rows = (
        Elector.register.values(
            "polling_district__code", "polling_district__name", "polling_district__ward__name"
        )
        .annotate(
            total=live_count(),
            attainers=live_count(Q(attainer_18_on__gt=on)),
            postal=live_count(Q(absent_vote__in=["postal"])),
            proxy=live_count(Q(absent_vote__in=["proxy", "postal_proxy"])),
            overseas=live_count(Q(overseas=True)),
            anonymous=live_count(Q(anonymous=True)),
            service=live_count(Q(service_voter=True)),
            eu=live_count(Q(franchise__in=["G", "B"])),
            peers=live_count(Q(franchise="L")),
            opted_out=live_count(Q(open_register_opt_out=True)),
            additions=Count("id", filter=Q(added_on__gte=since, added_on__lte=on)),
            deletions=Count("id", filter=Q(deleted_on__gte=since, deleted_on__lte=on)),
        )
        .order_by("polling_district__code")
    )
    return [
        {
            "district": r["polling_district__code"],
            "district_name": r["polling_district__name"],
            "ward": r["polling_district__ward__name"],
            **{key: r[key] for key, _ in STATISTICS_COLUMNS},
        }
        for r in rows
    ]


def statistics_totals(rows: list[dict], by: str | None = None) -> list[dict]:
    """``rows`` added up by ``by`` (``"ward"``), or into one total row."""
    groups: dict[str, dict] = {}
    for row in rows:
        name = row[by] if by else "Total"
        total = groups.setdefault(name, {"name": name, **{k: 0 for k, _ in STATISTICS_COLUMNS}})
        for key, _ in STATISTICS_COLUMNS:
            total[key] += row[key]
    return [groups[name] for name in sorted(groups)]


def electorate_by_franchise(*, on: date) -> list[tuple[str, int]]:
    from django.db.models import Count, Q

    live = Q(added_on__lte=on) & (Q(deleted_on__isnull=True) | Q(deleted_on__gt=on))
    counts = dict(
        Elector.register.filter(live).values_list("franchise").annotate(n=Count("id")).order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in Elector.Franchise.choices]
