"""Word through python-docx, with the same charts as PNG (the same SVG, drawn by Typst).

A user's own ``.docx`` (e.g. with the UN report styles) can serve as the template: its styles
``Title``, ``Heading 1``, ``Heading 2``, ``Caption`` and ``Table Grid`` are used when present.
Output is deterministic: fixed core properties (creation date = the document's timestamp) and
fixed zip entry times.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
from django.utils import translation
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from ssrmonitor.core.sections.document import Document, Figure, Paragraph, Section, Table, is_rtl
from ssrmonitor.reports.render.pdf import charts_png

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CHART_WIDTH = Cm(16)
GROUP_FILL = "F3F3F3"
HEADER_FILL = "E8EEF6"


def _style(doc: Any, name: str, fallback: str = "Normal") -> Any:
    try:
        return doc.styles[name]
    except KeyError:
        return doc.styles[fallback]


def _right_to_left(paragraph: Any) -> None:
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def add_text(doc: Any, text: str, style: str = "Normal", bold: bool = False) -> Any:
    """A paragraph; right-to-left (bidi) when its text starts in Arabic or Hebrew."""
    paragraph = doc.add_paragraph(style=None if style == "Normal" else _style(doc, style))
    run = paragraph.add_run(text)
    run.bold = bold or None
    if is_rtl(text):
        _right_to_left(paragraph)
    return paragraph


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


CELL_SIZE = "17"  # half-points: 8.5 pt
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _cell(cell: Any, text: str, bold: bool, right: bool) -> None:
    """One cell's text at 8.5 pt, written as XML directly: python-docx's run and font
    properties cost about a millisecond a cell, most of the Word file's time (issue 14)."""
    paragraph = cell._tc.p_lst[0]
    properties = OxmlElement("w:pPr")
    if right:
        justify = OxmlElement("w:jc")
        justify.set(qn("w:val"), "right")
        properties.append(justify)
    rtl = is_rtl(text)
    if rtl:
        properties.insert(0, OxmlElement("w:bidi"))
    if len(properties):
        paragraph.insert(0, properties)
    run = OxmlElement("w:r")
    run_properties = OxmlElement("w:rPr")
    if bold:
        run_properties.append(OxmlElement("w:b"))
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), CELL_SIZE)
        run_properties.append(size)
    if rtl:
        run_properties.append(OxmlElement("w:rtl"))
    run.append(run_properties)
    for number, line in enumerate(text.split("\n")):
        if number:
            run.append(OxmlElement("w:br"))
        content = OxmlElement("w:t")
        content.set(XML_SPACE, "preserve")
        content.text = line
        run.append(content)
    paragraph.append(run)


def add_table(doc: Any, table: Table) -> None:
    """A captioned grid whose header row repeats on each page; group rows shaded and bold."""
    add_text(doc, table.caption, "Caption", bold=True)
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = _style(doc, "Table Grid", "Normal Table")
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, column in zip(header.cells, table.columns, strict=True):
        _cell(cell, column.label, True, column.numeric)
        _shade(cell, HEADER_FILL)
    for row, data in zip(grid.rows[1:], table.rows, strict=True):
        cells = row.cells
        if data.span > 1:
            cells[0].merge(cells[data.span - 1])
        for index, text in enumerate(data.cells):
            if 0 < index < data.span:
                continue
            right = index >= data.span and table.columns[index].numeric
            _cell(cells[index], text, data.group, right)
            if data.group:
                _shade(cells[index], GROUP_FILL)


def add_figure(doc: Any, figure: Figure, number: int, png: bytes) -> None:
    """The chart as a picture whose alternative text is the figure's description."""
    doc.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    properties = doc.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
    properties.set("descr", figure.alt)
    properties.set("title", figure.title)
    properties.set("name", f"Chart {number}")
    add_text(doc, figure.title, "Caption")


def add_section(doc: Any, section: Section, figures: Iterator[tuple[int, bytes]]) -> None:
    """A heading and the section's blocks; figures take the next of the rendered PNGs."""
    doc.add_heading(section.title, level=1)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            style = "Heading 2" if block.style == "heading" else "Normal"
            add_text(doc, block.text, style)
        elif isinstance(block, Table):
            add_table(doc, block)
        else:
            number, png = next(figures)
            add_figure(doc, block, number, png)


def _front(doc: Any, document: Document) -> None:
    org = add_text(doc, document.org.upper(), bold=True)
    org.runs[0].font.color.rgb = RGBColor(0x1A, 0x4F, 0x8B)
    add_text(doc, document.title, "Title")
    add_text(doc, document.subtitle, "Subtitle")
    for line in document.meta:
        add_text(doc, line)
    if document.summary:
        doc.add_heading(document.summary_title, level=1)
        for text in document.summary:
            add_text(doc, text)


def _properties(doc: Any, document: Document) -> None:
    when = datetime.fromtimestamp(document.timestamp, tz=UTC).replace(tzinfo=None)
    props = doc.core_properties
    props.title = document.title
    props.subject = document.subtitle
    props.author = document.org
    props.last_modified_by = "SSR Monitor"
    props.language = document.lang
    props.created = props.modified = props.last_printed = when
    props.revision = 1


def fixed_zip(content: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 (python-docx stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def render_docx(document: Document, template: Path | None = None) -> bytes:
    """The document as a Word file, on ``template`` (a .docx) or python-docx's default one."""
    with translation.override(document.lang):
        doc = docx.Document(str(template) if template else None)
        _properties(doc, document)
        _front(doc, document)
        sections = [*document.sections, *document.annex]
        svgs = [b.svg for s in sections for b in s.blocks if isinstance(b, Figure)]
        figures = enumerate(charts_png(svgs), start=1)
        for section in sections:
            add_section(doc, section, figures)
        buffer = io.BytesIO()
        doc.save(buffer)
    return fixed_zip(buffer.getvalue())
