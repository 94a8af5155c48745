"""The PDF rendering base every app uses: WeasyPrint for HTML, pypdf for uploaded PDFs, and a
merger that joins separately rendered parts into one tagged document.

One document
    ``render_pdf(html, title=…, lang="en-GB")`` renders HTML with WeasyPrint's PDF/UA-1 variant:
    a structure tree, ``/MarkInfo /Marked true``, ``/Lang``, ``/DisplayDocTitle``, the title in
    ``/Info`` and in XMP (with ``pdfuaid:part 1``), and embedded font subsets. It is pure: HTML in,
    bytes out.

Long documents made of parts (agenda packs)
    A long document is rendered part by part, so that an unchanged part is never rendered again
    (callers cache parts by a hash of their input). ``prepare_html`` and ``prepare_pdf`` turn a
    document (HTML, or an uploaded PDF) into a ``Part``: a standalone PDF in one canonical layout
    (written by pypdf: a classic cross-reference table and no object streams, every page's content
    wrapped in ``q … Q`` followed by an empty footer stream) and a ``Layout`` naming the objects
    the merger rewrites. ``merge(parts, …)`` then copies every part's objects byte for byte with
    renumbered references (a regular expression over dictionaries only; stream data is copied
    untouched), so joining 300 pages takes a fraction of a second, and writes what belongs to the
    whole: the page tree, one structure tree, the outline (bookmarks), the metadata and a
    "Page X of Y" footer on every page. ``prepare_many`` prepares parts in a process pool so that
    independent parts render on every core.

What tagging survives merging (each point is tested in meetings/tests/test_packs.py)
    - every tagged part's structure tree, as one ``/Part`` element under a single ``/Document``;
      page ``/StructParents`` and annotation ``/StructParent`` keys renumbered into one
      ``/ParentTree``; role maps merged; structure element IDs prefixed per part so none collide;
    - ``/MarkInfo /Marked true``, ``/Lang``, ``/ViewerPreferences /DisplayDocTitle true``, the
      title in ``/Info`` and XMP, ``pdfuaid:part 1``; the tab order of each page (``/Tabs /S``);
    - the footer is marked content ``/Artifact`` of type ``/Pagination``, in an embedded
      TrueType subset of Liberation Sans (metric-compatible with Arial) with WinAnsiEncoding;
    - links within a part (named destinations become explicit ones) and links to the web.
    Not kept: a part's own outline (the merger writes one for the whole), ``/ClassMap`` and
    ``/IDTree`` of uploaded PDFs, their form fields, optional content and attachments. An
    uploaded PDF that was never tagged stays untagged: no tool can invent its structure.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import io
import logging
import multiprocessing
import os
import re
import threading
import time
import uuid
import zlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import escape

# WeasyPrint logs every step of every page at INFO: noise in a worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Bump when prepare_html / prepare_pdf change their output: callers put it in their cache keys.
PART_FORMAT = "1"

PDF_VARIANT = "pdf/ua-1"
FOOTER_FONT = "/PackFooterF1"
FOOTER_SIZE = 9
FOOTER_MARGIN = 56.7  # 2 cm from the left and right edges, as the rendered pages' margins
FOOTER_BASELINE = 28.0  # about 1 cm above the bottom edge, inside the 2.5 cm bottom margin
LIBERATION_SANS = (
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
)


class PdfPartError(ValueError):
    """A document could not be prepared for merging (damaged, encrypted or empty PDF)."""


# --- One document ------------------------------------------------------------------------------


def _render_document(html: str, *, title: str, lang: str, base_url: str | None):
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render(pdf_variant=PDF_VARIANT)
    document.metadata.title = title
    document.metadata.lang = document.metadata.lang or lang
    return document


def render_pdf(html: str, *, title: str, lang: str = "en-GB", base_url: str | None = None) -> bytes:
    """Render ``html`` as a tagged PDF (PDF/UA-1 variant) titled ``title`` in language ``lang``
    (``<html lang>`` wins when the HTML gives one)."""
    document = _render_document(html, title=title, lang=lang, base_url=base_url)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


# Where ``render_pdf_once`` keeps what it rendered, inside the private storage.
RENDERED_ONCE_DIR = "rendered"


def render_pdf_once(
    html: str, *, title: str, lang: str = "en-GB", base_url: str | None = None
) -> bytes:
    """``render_pdf``, rendered once per version, like a pack's parts: the PDF is kept in the
    private storage under the SHA-256 of everything it is made from (the HTML, title, language,
    base URL and this module's part format), so a document asked for again is read, not
    rendered, and a changed document (new HTML) is a new file. Used by the minutes PDFs and the
    Modern.Gov ``mgConvert2PDF.aspx`` documents, which used to render on every request."""
    from django.core.files.base import ContentFile

    from democracy.storage import private_storage

    hasher = hashlib.sha256()
    for value in (PART_FORMAT, "document", title, lang, base_url or "", html):
        hasher.update(value.encode())
        hasher.update(b"\0")
    name = f"{RENDERED_ONCE_DIR}/{hasher.hexdigest()}.pdf"
    try:
        with private_storage.open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        pass
    data = render_pdf(html, title=title, lang=lang, base_url=base_url)
    if not private_storage.exists(name):
        # Two workers rendering the same version at once may both save: the storage then keeps
        # one under another name, and the next request reads this one.
        private_storage.save(name, ContentFile(data))
    return data


# --- Parts --------------------------------------------------------------------------------------


@dataclass
class Layout:
    """Where the merger finds what it rewrites in a prepared part (object numbers in the part)."""

    page_count: int
    pages: list[int]
    footers: list[int]
    boxes: list[list[float]]  # visible box of each page: x0, y0, x1, y1, rotation
    pages_root: int
    font: int
    drop: list[int]
    struct_root: int | None = None
    parent_tree: int | None = None
    next_key: int = 0
    role_map: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, int] = field(default_factory=dict)  # HTML id -> page index in the part

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, value: dict) -> Layout:
        return cls(**value)


@dataclass
class Part:
    data: bytes
    layout: Layout

    @property
    def page_count(self) -> int:
        return self.layout.page_count


def prepare_html(
    html: str,
    *,
    title: str,
    lang: str = "en-GB",
    base_url: str | None = None,
    id_prefix: str = "",
) -> Part:
    """Render ``html`` and prepare it for merging; records on which page each HTML id lands."""
    document = _render_document(html, title=title, lang=lang, base_url=base_url)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    part = _normalise(data, id_prefix=id_prefix or _prefix(html.encode()))
    part.layout.anchors = anchors
    return part


def prepare_pdf(data: bytes, *, id_prefix: str = "") -> Part:
    """Prepare an uploaded PDF for merging. Raises ``PdfPartError`` for a damaged one."""
    return _normalise(data, id_prefix=id_prefix or _prefix(data))


def _prefix(data: bytes) -> str:
    return "p" + hashlib.sha256(data).hexdigest()[:10] + "-"


def _name(value: str):
    from pypdf.generic import NameObject

    return NameObject(value)


def _stream(data: bytes):
    from pypdf.generic import StreamObject

    stream = StreamObject()
    stream.set_data(data)
    return stream


def _number_tree(node) -> list[tuple[int, object]]:
    """The (key, value) pairs of a PDF number tree (ISO 32000-1 7.9.7), flattened."""
    node = node.get_object()
    pairs = []
    nums = node.get("/Nums")
    if nums is not None:
        for index in range(0, len(nums) - 1, 2):
            pairs.append((int(nums[index]), nums[index + 1]))
    for kid in node.get("/Kids", []):
        pairs.extend(_number_tree(kid))
    return pairs


def _explicit_destinations(reader) -> None:
    """Turn links to named destinations into explicit ones, so they survive without the part's
    /Names tree."""
    from pypdf.generic import ArrayObject, NullObject

    try:
        named = reader.named_destinations
    except Exception:  # a broken /Names tree: leave the links as they are
        return
    if not named:
        return
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            target_key, holder = "/Dest", annotation
            if action is not None and action.get("/S") == "/GoTo":
                target_key, holder = "/D", action
            target = holder.get(target_key)
            if target is None or isinstance(target, ArrayObject):
                continue
            destination = named.get(str(target))
            if destination is None or destination.page is None:
                continue
            page_ref = destination.page
            explicit = ArrayObject([page_ref, _name("/XYZ")])
            for value in (destination.left, destination.top):
                explicit.append(value if value is not None else NullObject())
            explicit.append(NullObject())
            holder[_name(target_key)] = explicit


def _normalise(data: bytes, *, id_prefix: str) -> Part:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        DictionaryObject,
        IndirectObject,
        NumberObject,
        TextStringObject,
    )

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PdfPartError("The PDF is password-protected.")
        sources = list(reader.pages)
    except PdfReadError as exc:
        raise PdfPartError(f"The PDF is damaged: {exc}") from None
    if not sources:
        raise PdfPartError("The PDF has no pages.")
    _explicit_destinations(reader)

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                _name("/Type"): _name("/Font"),
                _name("/Subtype"): _name("/Type1"),
                _name("/BaseFont"): _name("/Helvetica"),
            }
        )
    )
    opening = writer._add_object(_stream(b"q\n"))
    footers: list[int] = []
    boxes: list[list[float]] = []
    for source in sources:
        page = writer.add_page(source)
        if "/StructParents" in source:
            page[_name("/StructParents")] = NumberObject(source["/StructParents"])
        box = source.cropbox
        rotation = float((source.get("/Rotate") or 0) % 360)
        boxes.append(
            [float(box.left), float(box.bottom), float(box.right), float(box.top), rotation]
        )
        streams = ArrayObject([opening])
        if "/Contents" in page:
            contents = page.raw_get("/Contents")
            resolved = contents.get_object()
            if isinstance(resolved, ArrayObject):
                streams.extend(resolved)
            else:
                streams.append(contents)
        footer = writer._add_object(_stream(b"Q\n"))
        footers.append(footer.idnum)
        streams.append(footer)
        page[_name("/Contents")] = streams
        if "/Resources" not in page:
            page[_name("/Resources")] = DictionaryObject()
        resources = page["/Resources"]
        fonts = resources.get("/Font")
        if fonts is None:
            resources[_name("/Font")] = DictionaryObject({_name(FOOTER_FONT): font})
        else:
            fonts.get_object()[_name(FOOTER_FONT)] = font

    layout_extra: dict = {}
    tree = reader.root_object.get("/StructTreeRoot")
    if tree is not None:
        tree = tree.get_object()
        kids = tree.get("/K")
        kids = [] if kids is None else list(kids) if isinstance(kids, ArrayObject) else [kids]
        kids = [k for k in kids if isinstance(k.get_object(), DictionaryObject)]
        if len(kids) == 1 and kids[0].get_object().get("/S") == "/Document":
            element = kids[0].get_object().clone(writer, False, ("/P",))
            element[_name("/S")] = _name("/Part")
        else:
            element = DictionaryObject(
                {
                    _name("/Type"): _name("/StructElem"),
                    _name("/S"): _name("/Part"),
                    _name("/K"): ArrayObject(
                        k.get_object().clone(writer, False, ("/P",)).indirect_reference
                        for k in kids
                    ),
                }
            )
            writer._add_object(element)
        lang = reader.root_object.get("/Lang")
        if lang:
            element[_name("/Lang")] = TextStringObject(str(lang))
        nums = ArrayObject()
        next_key = 0
        for key, value in _number_tree(tree["/ParentTree"]) if "/ParentTree" in tree else []:
            cloned = value.clone(writer, False, ("/P",)) if value is not None else None
            if cloned is None:
                continue
            nums.append(NumberObject(key))
            nums.append(cloned if isinstance(cloned, ArrayObject) else cloned.indirect_reference)
            next_key = max(next_key, key + 1)
        parent_tree = writer._add_object(DictionaryObject({_name("/Nums"): nums}))
        role_map = {
            str(k): str(v)
            for k, v in (tree.get("/RoleMap") or {}).items()
            if isinstance(v, str)  # NameObject is a str
        }
        struct_root = DictionaryObject(
            {
                _name("/Type"): _name("/StructTreeRoot"),
                _name("/K"): element.indirect_reference,
                _name("/ParentTree"): parent_tree,
                _name("/ParentTreeNextKey"): NumberObject(next_key),
            }
        )
        if role_map:
            struct_root[_name("/RoleMap")] = DictionaryObject(
                {_name(k): _name(v) for k, v in role_map.items()}
            )
        struct_root_ref = writer._add_object(struct_root)
        _adopt(element, struct_root_ref, id_prefix)
        writer.root_object[_name("/StructTreeRoot")] = struct_root_ref
        writer.root_object[_name("/MarkInfo")] = DictionaryObject(
            {_name("/Marked"): BooleanObject(True)}
        )
        layout_extra = {
            "struct_root": struct_root_ref.idnum,
            "parent_tree": parent_tree.idnum,
            "next_key": next_key,
            "role_map": role_map,
        }
    # The document's own outline and names are not carried (the merger writes its own outline);
    # links to pages of this document, made explicit above, pypdf points at the copied pages.
    output = io.BytesIO()
    writer.write(output)
    written = output.getvalue()
    pages_root = writer.root_object.raw_get("/Pages")
    assert isinstance(pages_root, IndirectObject)
    drop = [writer.root_object.indirect_reference.idnum, pages_root.idnum, font.idnum]
    info = re.search(rb"/Info (\d+) 0 R", written[written.rindex(b"trailer") :])
    if info:
        drop.append(int(info.group(1)))
    if layout_extra:
        drop += [layout_extra["struct_root"], layout_extra["parent_tree"]]
    layout = Layout(
        page_count=len(sources),
        pages=[p.indirect_reference.idnum for p in writer.pages],
        footers=footers,
        boxes=boxes,
        pages_root=pages_root.idnum,
        font=font.idnum,
        drop=drop,
        **layout_extra,
    )
    return Part(written, layout)


def _adopt(element, struct_root_ref, id_prefix: str) -> None:
    """Set every structure element's /P (parents were not cloned) and prefix its IDs."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, TextStringObject

    stack = [(element, struct_root_ref)]
    while stack:
        node, parent = stack.pop()
        node[_name("/P")] = parent
        if "/ID" in node:
            node[_name("/ID")] = TextStringObject(id_prefix + str(node["/ID"]))
        attributes = node.get("/A")
        for attribute in (
            attributes
            if isinstance(attributes, ArrayObject)
            else [attributes]
            if attributes
            else []
        ):
            attribute = attribute.get_object() if hasattr(attribute, "get_object") else attribute
            if isinstance(attribute, DictionaryObject) and "/Headers" in attribute:
                attribute[_name("/Headers")] = ArrayObject(
                    TextStringObject(id_prefix + str(h)) for h in attribute["/Headers"]
                )
        kids = node.get("/K")
        if kids is None:
            continue
        own = node.indirect_reference or parent
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            resolved = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(resolved, DictionaryObject) and "/S" in resolved:
                stack.append((resolved, own))


# --- Preparing many parts on every core ---------------------------------------------------------


@dataclass(frozen=True)
class HtmlJob:
    html: str
    title: str
    lang: str = "en-GB"
    base_url: str | None = None


@dataclass(frozen=True)
class PdfJob:
    data: bytes
    label: str = ""  # names the document in an error message


def _run(job: HtmlJob | PdfJob) -> Part:
    if isinstance(job, HtmlJob):
        return prepare_html(job.html, title=job.title, lang=job.lang, base_url=job.base_url)
    try:
        return prepare_pdf(job.data)
    except PdfPartError as exc:
        raise PdfPartError(f"{job.label}: {exc}" if job.label else str(exc)) from None


_pool: ProcessPoolExecutor | None = None
_pool_owner: tuple[int, int] | None = None


def _executor(processes: int) -> ProcessPoolExecutor:
    """One pool per process, kept between builds (its workers keep WeasyPrint and fontconfig
    loaded). Started by a fork server so a worker never inherits a database connection or the
    threads of the process that asked for it."""
    global _pool, _pool_owner
    if _pool is None or _pool_owner != (os.getpid(), processes):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["democracy.pdf", "weasyprint"])
        _pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=context,
            initializer=_watch_parent,
            initargs=(os.getpid(),),
        )
        _pool_owner = (os.getpid(), processes)
    return _pool


_lock = threading.Lock()


def _process_state(pid: int) -> tuple[bytes, bytes] | None:
    """(state, start time) of a process from /proc, or None if it is not there."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return fields[0], fields[19]


def _watch_parent(parent: int) -> None:
    """In each pool worker: exit when the process that made the pool is gone (or a zombie).

    A pool worker holds its own task pipe open, so it never sees end-of-file when its parent
    dies without shutting the pool down, as a Celery worker's process does (it leaves with
    ``os._exit``); the fork server waits for its children. Without this they would linger."""
    known = _process_state(parent)

    def gone() -> bool:
        if known is None:  # no /proc: all we can ask is whether the pid exists
            try:
                os.kill(parent, 0)
            except (ProcessLookupError, PermissionError):
                return True
            return False
        now = _process_state(parent)
        return now is None or now[0] in (b"Z", b"X") or now[1] != known[1]

    def watch() -> None:
        while not gone():
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


@contextlib.contextmanager
def _children_allowed():
    """Let a daemonic process (a Celery prefork worker) start the pool's workers.

    multiprocessing refuses children to daemonic processes because they could outlive it. Ours
    cannot: each watches this process and exits when it is gone (``_watch_parent``), and the
    fork server exits when its last child has. The pool starts its workers inside ``submit``,
    under this guard."""
    config = multiprocessing.current_process()._config
    saved = dict(config)
    config.pop("daemon", None)
    # billiard (Celery's multiprocessing) installs its own process object, whose authkey type
    # multiprocessing will not pickle for the fork server.
    if "authkey" in config:
        config["authkey"] = multiprocessing.process.AuthenticationString(bytes(config["authkey"]))
    try:
        yield
    finally:
        config.clear()
        config.update(saved)


@atexit.register
def _shutdown() -> None:
    if _pool is not None and _pool_owner and _pool_owner[0] == os.getpid():
        _pool.shutdown(wait=False, cancel_futures=True)


def render_processes() -> int:
    """How many processes render parts: ``PDF_RENDER_PROCESSES`` if set, else one per core."""
    from django.conf import settings

    configured = getattr(settings, "PDF_RENDER_PROCESSES", None)
    return max(1, int(configured or os.cpu_count() or 1))


def prepare_many(jobs: Sequence[HtmlJob | PdfJob], *, processes: int | None = None) -> list[Part]:
    """Prepare ``jobs`` (in order), in parallel when there is more than one. Heaviest first, so
    that a long report does not start last and leave a core idle."""
    global _pool
    processes = processes or render_processes()
    if len(jobs) <= 1 or processes <= 1:
        return [_run(job) for job in jobs]
    order = sorted(range(len(jobs)), key=lambda i: -_weight(jobs[i]))
    try:
        with _lock, _children_allowed():
            pool = _executor(processes)
            futures = {i: pool.submit(_run, jobs[i]) for i in order}
        return [futures[i].result() for i in range(len(jobs))]
    except BrokenProcessPool:
        _pool = None  # a worker died (out of memory, killed): start afresh next time
        raise


def _weight(job: HtmlJob | PdfJob) -> int:
    return len(job.html) if isinstance(job, HtmlJob) else len(job.data) // 20


# --- Merging ------------------------------------------------------------------------------------


@dataclass
class Bookmark:
    """An outline entry pointing at page ``page`` (0-based) of the merged document."""

    title: str
    page: int
    children: list[Bookmark] = field(default_factory=list)


# A reference, a /StructParent(s) key, or a string (skipped so that text never changes).
_TOKENS = re.compile(
    rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>|(?<![\w.])(\d+) 0 R(?!\w)|/StructParents? (\d+)"
)
_NUMS_TOKENS = re.compile(rb"(\d+) 0 R|(-?\d+)|(\[)|(\])")
_XREF = re.compile(rb"xref\s+0 (\d+)\s+")
_END = b"\nendobj\n"

# Object numbers of what belongs to the whole merged document.
_CATALOG, _PAGES, _STRUCT_ROOT, _DOCUMENT, _FONT, _FONT_DESCRIPTOR, _FONT_FILE = range(1, 8)
_METADATA, _INFO, _PARENT_TREE, _OUTLINES = range(8, 12)
_FIRST_PART_OBJECT = 20


def _objects(data: bytes) -> list[tuple[int, int, int]]:
    """(number, start, end) of each object body in a prepared part (pypdf's classic xref)."""
    startxref = data.rindex(b"startxref")
    xref_at = int(data[startxref + 9 :].split()[0])
    match = _XREF.match(data, xref_at)
    if match is None:
        raise PdfPartError("Not a prepared part: no classic cross-reference table.")
    count, table = int(match.group(1)), match.end()
    offsets = []
    for number in range(1, count):
        entry = data[table + 20 * number : table + 20 * number + 20]
        if entry[17:18] == b"n":
            offsets.append((int(entry[:10]), number))
    offsets.sort()
    spans = []
    for index, (offset, number) in enumerate(offsets):
        end = offsets[index + 1][0] if index + 1 < len(offsets) else xref_at
        start = data.index(b"obj\n", offset, end) + 4
        body_end = (
            end - len(_END)
            if data[end - len(_END) : end] == _END
            else data.rindex(b"endobj", start, end)
        )
        spans.append((number, start, body_end))
    return spans


@functools.cache
def _footer_font() -> tuple[bytes, list[int], dict]:
    """Liberation Sans (metric-compatible with Arial) cut down to the WinAnsi characters, with
    its widths in thousandths of an em for codes 32-255."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

    path = next((p for p in LIBERATION_SANS if os.path.exists(p)), None)
    if path is None:
        raise RuntimeError("Liberation Sans is not installed (Debian: fonts-liberation).")
    codes = range(32, 256)
    characters = {}
    for code in codes:
        with contextlib.suppress(UnicodeDecodeError):  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: unused
            characters[code] = bytes([code]).decode("cp1252")
    font = TTFont(path)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters.values()])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    cmap = font.getBestCmap()
    scale = 1000 / font["head"].unitsPerEm
    widths = []
    for code in codes:
        glyph = cmap.get(ord(characters[code])) if code in characters else None
        widths.append(round(font["hmtx"][glyph][0] * scale) if glyph else 0)
    head, os2 = font["head"], font["OS/2"]
    metrics = {
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "ascent": round(os2.sTypoAscender * scale),
        "descent": round(os2.sTypoDescender * scale),
        "cap_height": round(getattr(os2, "sCapHeight", 700) * scale),
    }
    return buffer.getvalue(), widths, metrics


def _pdf_string(text: str) -> tuple[bytes, float]:
    """A WinAnsi literal string for the footer font and its width at the footer size."""
    raw = text.encode("cp1252", errors="replace")
    widths = _footer_font()[1]
    width = sum(widths[b - 32] if b >= 32 else 0 for b in raw) * FOOTER_SIZE / 1000
    escaped = re.sub(rb"[\\()]", lambda m: b"\\" + m.group(0), raw)
    return b"(" + escaped + b")", width


def _text_string(text: str) -> bytes:
    """A PDF text string (UTF-16BE with its byte order mark) for titles and bookmarks."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


_DISPLAY = {  # matrix taking the page as displayed (after /Rotate) to its user space
    0: lambda x0, y0, x1, y1: (1, 0, 0, 1, x0, y0),
    90: lambda x0, y0, x1, y1: (0, 1, -1, 0, x1, y0),
    180: lambda x0, y0, x1, y1: (-1, 0, 0, -1, x1, y1),
    270: lambda x0, y0, x1, y1: (0, -1, 1, 0, x0, y1),
}


def _footer(number: int, total: int, label: str, box: list[float]) -> bytes:
    x0, y0, x1, y1, rotation = box
    rotation = int(rotation) if int(rotation) in _DISPLAY else 0
    width = (y1 - y0) if rotation in (90, 270) else (x1 - x0)
    matrix = " ".join(f"{v:g}" for v in _DISPLAY[rotation](x0, y0, x1, y1)).encode()
    page_text, page_width = _pdf_string(f"Page {number} of {total}")
    lines = [
        b"Q\nq\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n",
        matrix + b" cm\n0.043 0.047 0.047 rg\n",
        b"BT %s %d Tf %.2f %.2f Td %s Tj ET\n"
        % (
            FOOTER_FONT.encode(),
            FOOTER_SIZE,
            width - FOOTER_MARGIN - page_width,
            FOOTER_BASELINE,
            page_text,
        ),
    ]
    if label:
        label_text, _ = _pdf_string(label)
        lines.append(
            b"BT %s %d Tf %.2f %.2f Td %s Tj ET\n"
            % (FOOTER_FONT.encode(), FOOTER_SIZE, FOOTER_MARGIN, FOOTER_BASELINE, label_text)
        )
    lines.append(b"EMC\nQ\n")
    content = b"".join(lines)
    return b"<<\n/Length %d\n>>\nstream\n%s\nendstream" % (len(content), content)


def _xmp(title: str, lang: str, created: str) -> bytes:
    title, lang = escape(title), escape(lang)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Producer="Democracy (WeasyPrint, pypdf)"/>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreateDate>{created}</xmp:CreateDate></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def merge(
    parts: Sequence[Part],
    *,
    title: str,
    lang: str = "en-GB",
    bookmarks: Sequence[Bookmark] = (),
    footer_label: str = "",
) -> bytes:
    """Join prepared parts into one tagged PDF titled ``title``, with ``bookmarks`` as its
    outline and "Page X of Y" (after ``footer_label``) at the foot of every page."""
    if not parts:
        raise ValueError("Nothing to merge.")
    total = sum(p.page_count for p in parts)
    chunks: list[bytes] = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
    position = len(chunks[0])
    offsets: dict[int, int] = {}

    def emit(number: int, body: bytes) -> None:
        nonlocal position
        header = b"%d 0 obj\n" % number
        offsets[number] = position
        chunks.extend((header, body, _END))
        position += len(header) + len(body) + len(_END)

    next_number = _FIRST_PART_OBJECT
    page_refs: list[int] = []
    part_elements: list[int] = []
    number_tree_kids: list[tuple[int, int, bytes]] = []
    role_map: dict[str, str] = {}
    key_offset = 0
    page_number = 0
    for part in parts:
        layout, data = part.layout, part.data
        spans = _objects(data)
        base = next_number - 1
        remap = {layout.font: _FONT, layout.pages_root: _PAGES}
        if layout.struct_root is not None:
            remap[layout.struct_root] = _DOCUMENT
        drop = set(layout.drop)
        footers = {n: i for i, n in enumerate(layout.footers)}
        keys = key_offset

        def rewrite(match: re.Match, remap=remap, base=base, keys=keys) -> bytes:
            reference = match.group(1)
            if reference is not None:
                old = int(reference)
                return b"%d 0 R" % remap.get(old, old + base)
            key = match.group(2)
            if key is not None:
                whole = match.group(0)
                return whole[: len(whole) - len(key)] + b"%d" % (int(key) + keys)
            return match.group(0)

        for number, start, end in spans:
            if number in drop:
                continue
            if number in footers:
                index = footers[number]
                emit(
                    number + base,
                    _footer(page_number + index + 1, total, footer_label, layout.boxes[index]),
                )
                continue
            body = data[start:end]
            split = body.find(b">>\nstream\n")
            if split >= 0:
                body = _TOKENS.sub(rewrite, body[:split]) + body[split:]
            else:
                body = _TOKENS.sub(rewrite, body)
            emit(number + base, body)
        page_refs.extend(n + base for n in layout.pages)
        page_number += layout.page_count
        if layout.struct_root is not None:
            spans_by_number = {n: (s, e) for n, s, e in spans}
            part_root = data[slice(*spans_by_number[layout.struct_root])]
            element = re.search(rb"/K (\d+) 0 R", part_root)
            part_elements.append(int(element.group(1)) + base)
            start, end = spans_by_number[layout.parent_tree]
            nums = _shift_nums(data[start:end], remap, base, key_offset)
            if nums[2]:
                number_tree_kids.append(nums)
            role_map.update(layout.role_map)
            key_offset += layout.next_key
        next_number = base + (max(n for n, _, _ in spans) if spans else 0) + 1

    # What belongs to the whole document.
    kids = []
    for low, high, nums in number_tree_kids:
        emit(next_number, b"<< /Limits [%d %d] /Nums [%s] >>" % (low, high, nums))
        kids.append(next_number)
        next_number += 1
    emit(_PARENT_TREE, b"<< /Kids [%s] >>" % b" ".join(b"%d 0 R" % k for k in kids))
    role_entries = b"".join(
        b"/%s /%s " % (k.lstrip("/").encode(), v.lstrip("/").encode()) for k, v in role_map.items()
    )
    emit(
        _STRUCT_ROOT,
        b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d%s >>"
        % (
            _DOCUMENT,
            _PARENT_TREE,
            key_offset,
            b" /RoleMap << %s>>" % role_entries if role_map else b"",
        ),
    )
    emit(
        _DOCUMENT,
        b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>"
        % (_STRUCT_ROOT, b" ".join(b"%d 0 R" % e for e in part_elements)),
    )
    emit(
        _PAGES,
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (len(page_refs), b" ".join(b"%d 0 R" % p for p in page_refs)),
    )
    font_file, widths, metrics = _footer_font()
    compressed = zlib.compress(font_file, 6)
    emit(
        _FONT_FILE,
        b"<< /Length %d /Length1 %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
        % (len(compressed), len(font_file), compressed),
    )
    emit(
        _FONT_DESCRIPTOR,
        b"<< /Type /FontDescriptor /FontName /PCKFTR+LiberationSans /Flags 32 "
        b"/FontBBox [%d %d %d %d] /ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d "
        b"/StemV 80 /FontFile2 %d 0 R >>"
        % (
            *metrics["bbox"],
            metrics["ascent"],
            metrics["descent"],
            metrics["cap_height"],
            _FONT_FILE,
        ),
    )
    emit(
        _FONT,
        b"<< /Type /Font /Subtype /TrueType /BaseFont /PCKFTR+LiberationSans /FirstChar 32 "
        b"/LastChar 255 /Widths [%s] /Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>"
        % (b" ".join(b"%d" % w for w in widths), _FONT_DESCRIPTOR),
    )
    now = datetime.now(UTC)
    metadata = _xmp(title, lang, now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    emit(
        _METADATA,
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream"
        % (len(metadata), metadata),
    )
    emit(
        _INFO,
        b"<< /Title %s /Producer (Democracy: WeasyPrint and pypdf) /CreationDate (D:%sZ) >>"
        % (_text_string(title), now.strftime("%Y%m%d%H%M%S").encode()),
    )
    boxes = [box for part in parts for box in part.layout.boxes]
    next_number = _outline(bookmarks, page_refs, boxes, emit, next_number)
    emit(
        _CATALOG,
        b"<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R /MarkInfo << /Marked true >> "
        b"/Lang (%s) /ViewerPreferences << /DisplayDocTitle true >> /Metadata %d 0 R "
        b"/Outlines %d 0 R /PageMode /UseOutlines >>"
        % (_PAGES, _STRUCT_ROOT, re.sub(r"[^A-Za-z0-9-]", "", lang).encode(), _METADATA, _OUTLINES),
    )

    size = max(offsets) + 1
    xref_at = position
    table = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for number in range(1, size):
        offset = offsets.get(number)
        table.append(
            b"%010d 00000 n \n" % offset if offset is not None else b"0000000000 00001 f \n"
        )
    identifier = uuid.uuid4().hex.encode()
    table.append(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (size, _CATALOG, _INFO, identifier, identifier, xref_at)
    )
    return b"".join(chunks + table)


def _shift_nums(body: bytes, remap: dict[int, int], base: int, key_offset: int):
    """A part's /ParentTree /Nums with keys moved by ``key_offset`` and references renumbered:
    returns (lowest key, highest key, the array's content)."""
    start = body.index(b"/Nums")
    out: list[bytes] = []
    depth, low, high = 0, None, None
    for match in _NUMS_TOKENS.finditer(body, start):
        reference, number, opening, closing = match.groups()
        if opening:
            depth += 1
            if depth > 1:
                out.append(b"[")
        elif closing:
            depth -= 1
            if depth == 0:
                break
            out.append(b"]")
        elif reference is not None:
            old = int(reference)
            out.append(b"%d 0 R" % remap.get(old, old + base))
        elif depth == 1:
            key = int(number) + key_offset
            low = key if low is None else low
            high = key
            out.append(b"%d" % key)
    return (low or 0, high or 0, b" ".join(out))


def _outline(bookmarks, page_refs, boxes, emit, next_number: int) -> int:
    """Write the outline (ISO 32000-1 12.3.3): every entry open, pointing at the top of its page."""

    def count(marks) -> int:
        return sum(1 + count(m.children) for m in marks)

    def write(marks, parent: int) -> tuple[int | None, int | None]:
        nonlocal next_number
        numbers = list(range(next_number, next_number + len(marks)))
        next_number += len(marks)
        for index, (mark, number) in enumerate(zip(marks, numbers, strict=True)):
            page = max(0, min(mark.page, len(page_refs) - 1))
            x0, _, _, y1, _ = boxes[page]
            entries = [
                b"/Title %s /Parent %d 0 R /Dest [%d 0 R /XYZ %g %g null]"
                % (_text_string(mark.title), parent, page_refs[page], x0, y1)
            ]
            if index > 0:
                entries.append(b"/Prev %d 0 R" % numbers[index - 1])
            if index + 1 < len(numbers):
                entries.append(b"/Next %d 0 R" % numbers[index + 1])
            if mark.children:
                first, last = write(mark.children, number)
                entries.append(
                    b"/First %d 0 R /Last %d 0 R /Count %d" % (first, last, count(mark.children))
                )
            emit(number, b"<< " + b" ".join(entries) + b" >>")
        return (numbers[0], numbers[-1]) if numbers else (None, None)

    first, last = write(list(bookmarks), _OUTLINES)
    if first is None:
        emit(_OUTLINES, b"<< /Type /Outlines /Count 0 >>")
    else:
        emit(
            _OUTLINES,
            b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
            % (first, last, count(bookmarks)),
        )
    return next_number


# --- Reading PDFs back (tests and checks) -------------------------------------------------------


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def tagging_problems(data: bytes) -> list[str]:
    """What a PDF/UA checker would first complain about in the document's tagging: missing
    catalogue entries, pages whose marked content is not in the structure tree, structure
    elements pointing at the wrong page, parents that do not lead to the root. Empty when the
    tagging is coherent (it is not a full PDF/UA validation)."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(data))
    root = reader.root_object
    problems = []
    if not (root.get("/MarkInfo") or {}).get("/Marked"):
        problems.append("/MarkInfo /Marked is not true")
    if not root.get("/Lang"):
        problems.append("no /Lang")
    if not (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
        problems.append("/DisplayDocTitle is not true")
    if not (reader.metadata or {}).get("/Title"):
        problems.append("no /Title")
    metadata = root.get("/Metadata")
    if metadata is None or b"pdfuaid:part" not in metadata.get_object().get_data():
        problems.append("no pdfuaid:part in the XMP metadata")
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return [*problems, "no structure tree"]
    tree = tree.get_object()
    parent_tree = dict(_number_tree(tree["/ParentTree"]))
    keys = set()
    for index, page in enumerate(reader.pages):
        mcids = (
            {int(m) for m in re.findall(rb"/MCID (\d+)", page.get_contents().get_data())}
            if page.get_contents()
            else set()
        )
        if not mcids:
            continue
        if "/StructParents" not in page:
            problems.append(f"page {index + 1} has marked content but no /StructParents")
            continue
        key = int(page["/StructParents"])
        if key in keys:
            problems.append(f"page {index + 1} shares /StructParents {key}")
        keys.add(key)
        elements = parent_tree.get(key)
        if not isinstance(elements, ArrayObject):
            problems.append(f"page {index + 1}: no /ParentTree entry {key}")
            continue
        for mcid in mcids:
            if mcid >= len(elements) or not isinstance(elements[mcid], DictionaryObject):
                problems.append(f"page {index + 1}: MCID {mcid} has no structure element")
                continue
            element = elements[mcid]
            page_ref = element.raw_get("/Pg") if "/Pg" in element else None
            if page_ref is not None and page_ref.idnum != page.indirect_reference.idnum:
                problems.append(f"page {index + 1}: MCID {mcid} belongs to another page")
            hops, node = 0, element
            while node.get("/Type") != "/StructTreeRoot" and hops < 200:
                parent = node.get("/P")
                if parent is None:
                    problems.append(f"page {index + 1}: MCID {mcid} does not lead to the root")
                    break
                node, hops = parent.get_object(), hops + 1
    seen: set[int] = set()
    stack = [tree.raw_get("/K")]
    while stack:
        kid = stack.pop()
        if isinstance(kid, ArrayObject):
            stack.extend(kid)
            continue
        if isinstance(kid, IndirectObject):
            if kid.idnum in seen:
                problems.append(f"structure element {kid.idnum} appears twice")
                continue
            seen.add(kid.idnum)
        node = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(node, DictionaryObject) and "/S" in node and "/K" in node:
            stack.append(node.raw_get("/K"))
    return problems


def outline(data: bytes) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, 0-based page) in reading order."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found
