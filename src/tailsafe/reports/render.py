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
            **context,
        }
        return render_to_string(template_name, full)


def render_pdf(template_name: str, context: dict[str, Any], language: str) -> bytes:
    """A PDF of `template_name` rendered with `context` in `language` (WeasyPrint; the template
    uses font-family "DejaVu Sans" so Cyrillic and Tajik letters are embedded)."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_html(template_name, context, language)
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())


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
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
