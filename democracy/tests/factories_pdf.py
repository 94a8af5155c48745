"""Hand-written PDFs for the upload checks: a one-page document whose catalogue, page or extra
objects carry whatever a test needs (JavaScript, automatic actions, escaped names), written
with a classic cross-reference table or with the objects inside a compressed object stream.
Written by hand so that nothing tidies what the test means to send."""

from __future__ import annotations

import zlib

CATALOG = b"<< /Type /Catalog /Pages 2 0 R %s >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s >>"


def _objects(catalog_extra: bytes, page_extra: bytes, extra: dict[int, bytes]) -> dict[int, bytes]:
    return {
        1: CATALOG % catalog_extra,
        2: PAGES,
        3: PAGE % page_extra,
        **extra,
    }


def pdf_with(
    *,
    catalog: bytes = b"",
    page: bytes = b"",
    extra: dict[int, bytes] | None = None,
    object_stream: bool = False,
) -> bytes:
    """A one-page PDF; ``catalog`` and ``page`` are added inside those dictionaries, ``extra``
    objects (numbered from 4) are added as they are."""
    objects = _objects(catalog, page, extra or {})
    if object_stream:
        return _with_object_stream(objects)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (
            b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 00000 f \n"
        )
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _with_object_stream(objects: dict[int, bytes]) -> bytes:
    """Every object compressed inside one object stream, indexed by a cross-reference stream
    (PDF 1.5): what most modern writers produce."""
    numbers = sorted(objects)
    stream_number = max(numbers) + 1
    xref_number = stream_number + 1
    header, body = bytearray(), bytearray()
    for number in numbers:
        header += b"%d %d " % (number, len(body))
        body += objects[number] + b"\n"
    data = zlib.compress(bytes(header) + bytes(body))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        len(numbers),
        len(header),
        len(data),
    )
    out += b"stream\n" + data + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = bytearray(b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big"))
    for index, _number in enumerate(numbers):
        rows += b"\x02" + stream_number.to_bytes(4, "big") + index.to_bytes(2, "big")
    rows += b"\x01" + stream_offset.to_bytes(4, "big") + (0).to_bytes(2, "big")
    rows += b"\x01" + xref_offset.to_bytes(4, "big") + (0).to_bytes(2, "big")
    size = xref_number + 1
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [0 %d] /Root 1 0 R /Length %d >>\n"
        % (xref_number, size, size, len(rows))
    )
    out += b"stream\n" + bytes(rows) + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


# Ready-made cases, each (description of what it carries, PDF bytes).
JAVASCRIPT_CASES = {
    "document JavaScript (/Names /JavaScript)": pdf_with(
        catalog=b"/Names << /JavaScript 4 0 R >>",
        extra={
            4: b"<< /Names [(init) 5 0 R] >>",
            5: b"<< /S /JavaScript /JS (app.alert\\('hello'\\);) >>",
        },
    ),
    "an /OpenAction running JavaScript": pdf_with(
        catalog=b"/OpenAction << /S /JavaScript /JS (this.submitForm\\('x'\\);) >>"
    ),
    "a page's /AA": pdf_with(page=b"/AA << /O << /S /JavaScript /JS (1) >> >>"),
    "a /Launch link": pdf_with(
        page=b"/Annots [4 0 R]",
        extra={
            4: b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] "
            b"/A << /S /Launch /F (calc.exe) >> >>"
        },
    ),
    "an escaped name (/J#61vaScript)": pdf_with(
        catalog=b"/OpenAction << /S /J#61vaScript /J#53 (1) >>"
    ),
    "JavaScript inside a compressed object stream": pdf_with(
        catalog=b"/OpenAction 4 0 R",
        extra={4: b"<< /S /JavaScript /JS (app.alert\\(1\\);) >>"},
        object_stream=True,
    ),
    "an XFA form": pdf_with(catalog=b"/AcroForm << /Fields [] /XFA 4 0 R >>", extra={4: b"[]"}),
}

HARMLESS_CASES = {
    "a plain page": pdf_with(),
    "an /OpenAction that shows page 1": pdf_with(catalog=b"/OpenAction [3 0 R /Fit]"),
    "a /GoTo open action": pdf_with(catalog=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>"),
    "a web link": pdf_with(
        page=b"/Annots [4 0 R]",
        extra={
            4: b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] "
            b"/A << /S /URI /URI (https://www.example.gov.uk/) >> >>"
        },
    ),
    "a compressed plain page": pdf_with(object_stream=True),
}


def encrypted_pdf(*, javascript: bool, user_password: str = "") -> bytes:
    """A one-page PDF encrypted by pypdf (RC4, as many "secured" PDFs are), with an owner
    password and ``user_password`` to open it. With an empty user password every reader opens
    it without asking, and runs its ``/OpenAction`` JavaScript if it has one."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if javascript:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert(1);"),
            }
        )
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
