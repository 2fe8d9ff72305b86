"""What a paper looks like, read from the PDF and DOCX files themselves (issue 18, item 5):
word boxes from poppler's ``pdftotext -bbox-layout``, PDF/A identification from the XMP
metadata (pypdf), language tags and title from the DOCX (python-docx)."""

from __future__ import annotations

import io
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

PDFTOTEXT = "/usr/bin/pdftotext"
XHTML = "{http://www.w3.org/1999/xhtml}"
# Boxes that share less than this (points, each way) merely touch.
TOLERANCE = 0.5


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def words(pdf: bytes) -> list[Word]:
    """Every word of every page with its box, as poppler lays the page out."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paper.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(
            [PDFTOTEXT, "-bbox-layout", str(path), "-"],
            check=True,
            capture_output=True,
        ).stdout
    root = ET.fromstring(out)  # noqa: S314 (poppler's output for our own test PDF)
    found = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        for word in page.iter(f"{XHTML}word"):
            found.append(
                Word(
                    number,
                    word.text or "",
                    float(word.get("xMin", 0)),
                    float(word.get("yMin", 0)),
                    float(word.get("xMax", 0)),
                    float(word.get("yMax", 0)),
                )
            )
    return found


def overlapping(pdf: bytes) -> list[tuple[Word, Word]]:
    """Pairs of words on the same page whose boxes overlap (a word running into another)."""
    pairs = []
    by_page: dict[int, list[Word]] = {}
    for word in words(pdf):
        by_page.setdefault(word.page, []).append(word)
    for page_words in by_page.values():
        page_words.sort(key=lambda w: w.x0)
        for i, a in enumerate(page_words):
            for b in page_words[i + 1 :]:
                if b.x0 >= a.x1 - TOLERANCE:
                    break
                if min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE:
                    pairs.append((a, b))
    return pairs


def pdfa_part(pdf: bytes) -> str | None:
    """The PDF/A part the file declares in its XMP metadata (pdfaid:part), if any."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata
    if xmp is None:
        return None
    raw = xmp.stream.get_data().decode("utf-8", "replace")
    for marker in ("pdfaid:part>", 'pdfaid:part="'):
        at = raw.find(marker)
        if at >= 0:
            rest = raw[at + len(marker) :]
            return rest[: min(i for i in (rest.find("<"), rest.find('"')) if i >= 0)]
    return None


def pdf_info(pdf: bytes) -> dict[str, str]:
    """Title, author and language of the PDF (document information and catalogue /Lang)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata or {}
    return {
        "title": str(meta.get("/Title", "")),
        "author": str(meta.get("/Author", "")),
        "lang": str(reader.trailer["/Root"].get("/Lang", "")),
    }


def docx_languages(data: bytes) -> set[str]:
    """Every language tag (w:lang w:val) of the DOCX's styles, defaults and runs; and runs
    without a tag of their own are counted as their style's."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(data))
    tags = set()
    for element in (doc.styles.element, doc.element.body):
        for lang in element.iter(qn("w:lang")):
            tags.add(lang.get(qn("w:val")))
    for run in doc.element.body.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None or rpr.find(qn("w:lang")) is None:
            tags.add("untagged run")
    return tags


def docx_title(data: bytes) -> str:
    from docx import Document

    return Document(io.BytesIO(data)).core_properties.title or ""
