"""What an uploaded PDF may not contain: anything that runs when it is opened.

Uploaded reports and appendices are published to the public and merged into agenda packs;
receipts are opened by officers. A PDF can carry JavaScript (``/JS``, ``/JavaScript`` actions and
the document-level ``/Names /JavaScript`` tree), actions that run by themselves (``/AA``,
"additional actions", on opening a page, focusing a field, closing the document), an
``/OpenAction`` that runs an action on opening, actions that start programs, send form data or
import it (``/Launch``, ``/SubmitForm``, ``/ImportData``), rich media that executes, and XFA
forms, whose scripts some readers run. None of this belongs in a committee paper or a receipt.

The decision: refuse, not strip. Stripping would publish a document that differs from the one
the author checked and signed off, silently; refusing tells the author at once, with a message
saying what to do (print or export it to a new PDF, which drops scripts), and nothing is saved.
An ``/OpenAction`` that only shows a page (a destination, or a ``/GoTo`` action) is harmless and
accepted, as are ordinary links (``/URI``, ``/GoTo``).

The check walks every object reachable from the trailer, through pypdf, so names written with
escapes (``/J#61vaScript``) and objects inside compressed object streams are seen as a reader
sees them; a byte search would miss both. A file pypdf cannot parse at all (which a reader
may still repair and open) is searched byte by byte as a last resort, and one encrypted with an
empty user password (which every reader opens without asking) is decrypted and walked.
"""

from __future__ import annotations

import io

# Action types (the /S of an action dictionary) that run something.
RUNNING_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that starts a program (/Launch)",
    "/SubmitForm": "an action that sends form data (/SubmitForm)",
    "/ImportData": "an action that imports data (/ImportData)",
    "/RichMediaExecute": "rich media that runs commands (/RichMediaExecute)",
}
# Keys whose mere presence means active content.
RUNNING_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "actions that run by themselves (/AA)",
    "/XFA": "an XFA form, which can run scripts",
}

REFUSAL = (
    "{name} contains {what}. Documents that run anything when opened cannot be accepted: "
    "export or print it to a new PDF (for example with “Save as PDF” or “Print to PDF”) and "
    "upload that."
)


# Why a PDF cannot be opened (``unreadable``).
LOCKED = "locked by a password"
DAMAGED = "damaged"


def _open(data: bytes):
    """A reader of ``data``, decrypted when it opens without a password (as every reader opens
    a PDF encrypted with an empty user password, without asking); or why there is none."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception:  # pypdf raises many kinds of error for damaged files
        return DAMAGED
    if encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:  # a cipher pypdf cannot undo here: as good as a password
            opened = 0
        if not opened:
            return LOCKED
    return reader


def unreadable(data: bytes) -> str | None:
    """``LOCKED`` or ``DAMAGED`` when the PDF ``data`` cannot be opened (so cannot be walked);
    None when it can."""
    opened = _open(data)
    return opened if isinstance(opened, str) else None


def _named_in_bytes(data: bytes) -> list[str]:
    """For a file pypdf cannot parse (a reader may still repair and open it): the names of
    running content as they appear in its bytes."""
    found = {what for name, what in RUNNING_KEYS.items() if name.encode() in data}
    found |= {what for name, what in RUNNING_ACTIONS.items() if name.encode() in data}
    return sorted(found)


def active_content(data: bytes) -> list[str]:
    """What in the PDF ``data`` would run when it is opened, described for the uploader; empty
    when there is nothing, or when it needs a password to open (every caller refuses such a
    file with its own message). A PDF encrypted with an empty user password is opened and
    checked like any other; one pypdf cannot parse is searched byte by byte."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = _open(data)
    if isinstance(reader, str):
        return _named_in_bytes(data) if reader == DAMAGED else []
    try:
        stack: list = [reader.trailer]
    except Exception:  # pypdf raises many kinds of error for damaged files
        return []
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                obj = obj.get_object()
            except Exception:  # noqa: S112 - a broken reference cannot run anything
                continue
        if isinstance(obj, DictionaryObject):  # streams' dictionaries included
            for name, value in obj.items():
                if name in RUNNING_KEYS:
                    found.add(RUNNING_KEYS[name])
                elif name == "/S" and str(value) in RUNNING_ACTIONS:
                    found.add(RUNNING_ACTIONS[str(value)])
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return sorted(found)


def refusal(name: str, found: list[str]) -> str:
    """The message for an upload refused for ``found`` (from ``active_content``)."""
    what = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
    return REFUSAL.format(name=name, what=what)
