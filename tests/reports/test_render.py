"""The tool shelf renders PDF and DOCX in the requested language with a draft mark; the meeting
papers carry the decision, the stand-aside reason and the action plan."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from tailsafe.reports.render import Block, Paper, render_docx, render_html, render_pdf


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for p in doc.sections[0].header.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_render_pdf_and_language() -> None:
    assert render_html("reports/paper.html", {"draft": True}, "en").count("PROVISIONAL") >= 1
    data = render_pdf("reports/paper.html", {"draft": True}, "ru")
    assert data.startswith(b"%PDF")
    with pytest.raises(ValueError):
        render_pdf("reports/paper.html", {}, "fr")


def test_render_docx_blocks() -> None:
    def build(ctx: dict[str, Any]) -> Paper:
        return Paper(
            title="Повестка",
            status="черновик",
            draft=ctx["draft"],
            blocks=[
                Block("heading", "Раздел"),
                Block("paragraph", "Текст"),
                Block("table", columns=["a", "b"], rows=[["1", "2"]]),
            ],
        )

    text = docx_text(render_docx(build, {"draft": True}, "en"))
    assert "Повестка" in text
    assert "Текст" in text
    assert "PROVISIONAL" in text
    assert "2" in text
    assert "PROVISIONAL" not in docx_text(render_docx(build, {"draft": False}, "en"))


@pytest.mark.django_db
def test_minutes_papers(world: dict[str, Any], meeting: Any) -> None:
    from tailsafe.followup import services as followup
    from tailsafe.governance.models import Institution
    from tailsafe.meetings import papers, services

    users = world["users"]
    alice = users["secretariat"]
    people = world["people"]
    services.add_agenda_item(alice, meeting, {"title": "Хвостохранилище Табошар"})
    services.record_attendance(
        alice, meeting, [f"p{people['charlie'].pk}", f"p{people['ivan'].pk}"]
    )
    minutes = services.start_minutes(alice, meeting)
    item = minutes.items.get()
    proposal = services.add_proposal(
        alice, item, text="Утвердить план обследования", kind="decision"
    )
    services.record_position(alice, proposal, Institution.objects.get(key="academy"), "support")
    services.record_position(
        alice, proposal, Institution.objects.get(key="industry"), "stand_aside", "Нет бюджета"
    )
    followup.create_action_item(
        alice,
        description="Подготовить отчёт об обследовании",
        responsible=[Institution.objects.get(key="academy")],
        due_date=timezone.localdate() + dt.timedelta(days=40),
        minutes_item=item,
    )
    data, ctype, name = papers.render(meeting, "minutes", "pdf", "ru")
    text = pdf_text(data)
    for expected in ("Утвердить план", "Нет бюджета", "Подготовить отчёт", "№1"):
        assert expected in text.replace("\n", " "), expected
    assert ctype == "application/pdf"
    assert name.endswith("-minutes-ru.pdf")
    data, ctype, _name = papers.render(meeting, "minutes", "docx", "tg")
    text = docx_text(data)
    assert "Нет бюджета" in text
    assert "Подготовить отчёт" in text
    for kind in ("agenda", "participants"):
        for fmt in ("pdf", "docx"):
            data, _c, _n = papers.render(meeting, kind, fmt, "en")
            assert data
    participants = pdf_text(papers.render(meeting, "participants", "pdf", "en")[0])
    assert "Иван Промышленный" in participants.replace("\n", " ")
