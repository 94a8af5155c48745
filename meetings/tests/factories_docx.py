"""Real Word documents for the tests of the .docx upload, built with python-docx."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image

from meetings.models import ReportTemplate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def png_bytes(colour: str = "#1d70b8", size: tuple[int, int] = (120, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def build_docx(
    *,
    summary: str = "The depot is surplus to requirements.",
    recommendation: str = "That the depot is sold to the highest bidder.",
    header_row: bool = True,
    alt_text: str | None = None,
    legal: str = "The council may dispose of land under s123 LGA 1972.",
) -> bytes:
    """A report in Word: a summary before any heading, a "Recommendations" heading with its text,
    a table of bids (its first row a header row, or not) and a chart (with ``alt_text`` or none),
    then "Legal implications"."""
    document = Document()
    document.add_paragraph(summary)
    document.add_heading("Recommendations", level=1)
    document.add_paragraph(recommendation)
    table = document.add_table(rows=3, cols=2)
    for row, (bidder, amount) in enumerate(
        [("Bidder", "Offer"), ("Acme Ltd", "£410,000"), ("Borough Homes", "£395,000")]
    ):
        table.cell(row, 0).text = bidder
        table.cell(row, 1).text = amount
    if header_row:
        properties = table.rows[0]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)
    document.add_heading("Bids received", level=2)
    document.add_picture(io.BytesIO(png_bytes()), width=Cm(4))
    picture = document.inline_shapes[-1]._inline
    doc_pr = picture.find(qn("wp:docPr"))
    if alt_text:
        doc_pr.set("descr", alt_text)
    elif "descr" in doc_pr.attrib:
        del doc_pr.attrib["descr"]
    document.add_heading("Legal implications", level=1)
    document.add_paragraph(legal)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_upload(name: str = "report.docx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, build_docx(**kwargs), content_type=DOCX)


def committee_report_template() -> ReportTemplate:
    """The default template the data migration seeds (made again where a test flushed it)."""
    template = ReportTemplate.objects.filter(name="Committee report").first()
    if template is None:
        template = ReportTemplate.objects.create(name="Committee report", is_default=True)
        for n, heading in enumerate(
            [
                "Summary",
                "Recommendations",
                "Background",
                "Legal implications",
                "Financial implications",
                "Equalities implications",
                "Appendices",
            ],
            1,
        ):
            template.sections.create(position=n, heading=heading)
    return template
