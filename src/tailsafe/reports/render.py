"""The tool shelf for documents (M6, P1): HTML templates to PDF with WeasyPrint, structured
blocks to DOCX with python-docx. Imports no area: callers pass a template and a context.

Every paper carries the group's header, and a "provisional / draft" mark until it is approved.
Rendering activates the requested language so every gettext string and date is in it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# The language of a paper as Word and PDF readers know it (BCP 47 with the region).
LANGUAGE_TAGS = {"ru": "ru-RU", "tg": "tg-TJ", "en": "en-GB"}
# Approved papers are archived as PDF/A (ISO 19005-3, level B): fonts embedded, XMP metadata.
ARCHIVAL_VARIANT = "pdf/a-3b"


def group_header() -> str:
    """The group's name as it heads every paper, in the active language."""
    return _(
        "Inter-Institutional Working Group on Tailings Safety and Water Management, Tajikistan"
    )


def draft_mark() -> str:
    return _("PROVISIONAL / DRAFT")


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; allowed: {', '.join(LANGUAGES)}")
    return language


def render_html(template_name: str, context: dict[str, Any], language: str) -> str:
    """The paper's HTML in `language` (the template extends reports/paper.html)."""
    with translation.override(check_language(language)):
        full = {
            "group_header": group_header(),
            "draft_mark": draft_mark(),
            "language": language,
            "language_tag": LANGUAGE_TAGS.get(language, language),
            "author": group_header(),
            **context,
        }
        return render_to_string(template_name, full)


def render_pdf(
    template_name: str, context: dict[str, Any], language: str, *, archival: bool = False
) -> bytes:
    """A PDF of `template_name` rendered with `context` in `language` (WeasyPrint; the template
    uses font-family "DejaVu Sans" so Cyrillic and Tajik letters are embedded). The title,
    language and author (the group, or `context["author"]`) go into the PDF's metadata from the
    page's <title>, <html lang> and <meta name="author">; `archival` (approved papers) makes it
    PDF/A."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_html(template_name, context, language)
    options: dict[str, Any] = {"pdf_variant": ARCHIVAL_VARIANT} if archival else {}
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(**options))


# --- DOCX ------------------------------------------------------------------------------------


@dataclass
class Block:
    """One piece of a DOCX paper: a heading, a paragraph or a table."""

    kind: str  # "heading" | "paragraph" | "table"
    text: str = ""
    level: int = 2
    columns: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    bold: bool = False


@dataclass
class Paper:
    """A paper to render as DOCX: title, status line, draft flag and the blocks in order."""

    title: str
    status: str = ""
    draft: bool = True
    blocks: list[Block] = field(default_factory=list)
    # Closing lines (who signs, with position), after the blocks.
    signature: list[str] = field(default_factory=list)


def render_docx(build: Any, context: dict[str, Any], language: str) -> bytes:
    """A DOCX paper: `build(context) -> Paper` is called with `language` active, so its strings
    are translated; the group's header and the draft mark are added here."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    with translation.override(check_language(language)):
        paper: Paper = build(context)
        doc = Document()
        style = doc.styles["Normal"]
        style.font.name = "DejaVu Sans"
        style.font.size = Pt(10)
        section = doc.sections[0]
        header = section.header.paragraphs[0]
        header.text = group_header()
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if paper.draft:
            mark = section.header.add_paragraph()
            run = mark.add_run(draft_mark())
            run.bold = True
            run.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            top = doc.add_paragraph()
            top_run = top.add_run(draft_mark())
            top_run.bold = True
            top_run.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)
        doc.add_heading(paper.title, level=1)
        if paper.status:
            doc.add_paragraph(paper.status)
        for block in paper.blocks:
            if block.kind == "heading":
                doc.add_heading(block.text, level=block.level)
            elif block.kind == "paragraph":
                para = doc.add_paragraph()
                para.add_run(block.text).bold = block.bold
            elif block.kind == "table":
                table = doc.add_table(rows=1, cols=len(block.columns))
                table.style = "Table Grid"
                for cell, title in zip(table.rows[0].cells, block.columns, strict=True):
                    cell.text = str(title)
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                for row in block.rows:
                    cells = table.add_row().cells
                    for cell, value in zip(cells, row, strict=False):
                        cell.text = str(value)
        if paper.signature:
            doc.add_paragraph()
            for line in paper.signature:
                doc.add_paragraph(line)
        tag = LANGUAGE_TAGS.get(language, language)
        _tag_language(doc, tag)
        doc.core_properties.title = paper.title
        doc.core_properties.language = tag
        doc.core_properties.author = group_header()
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _tag_language(doc: Any, tag: str) -> None:
    """Every style and every run of `doc` declares `tag` (w:lang), so spelling and screen
    readers use the paper's language rather than Word's default en-US."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def put(rpr: Any) -> None:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), tag)

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            put(rpr_default.find(qn("w:rPr")))
    for style in doc.styles:
        element = getattr(style, "element", None)
        if element is not None and hasattr(element, "get_or_add_rPr"):
            put(element.get_or_add_rPr())
    parts = [doc.element.body]
    for section in doc.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for run in part.iter(qn("w:r")):
            put(run.get_or_add_rPr())
