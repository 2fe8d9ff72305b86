"""Minutes and letters fit to sign (issue 18, item 5): no words running into each other in
ru/tg/en, signed by the nominated official with position, approved papers as PDF/A with title,
language and author, DOCX tagged with the paper's language and titled."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from tailsafe.correspondence import services as correspondence
from tailsafe.followup import services as followup
from tailsafe.governance.models import Institution, Person
from tailsafe.meetings import papers, services
from tailsafe.reports.render import LANGUAGE_TAGS, draft_mark, group_header
from tests.meetings.test_signatory import OFFICIAL, POSITION, official  # noqa: F401
from tests.reports.layout import docx_languages, docx_title, overlapping, pdf_info, pdfa_part
from tests.reports.test_render import pdf_text

pytestmark = pytest.mark.django_db

LANGS = ("ru", "tg", "en")


@pytest.fixture
def approved_minutes(world: dict[str, Any], meeting: Any, official: Person) -> Any:  # noqa: F811
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "Состояние хвостохранилищ и дамб"})
    services.add_agenda_item(alice, meeting, {"title": "Мониторинг качества воды"})
    minutes = services.start_minutes(alice, meeting)
    items = list(minutes.items.all())
    services.save_minutes(
        alice,
        minutes,
        {
            items[0].pk: {
                "summary": "Обсудили состояние хвостохранилища Табошар и ограждающей дамбы; "
                "подтверждено соответствие требованиям безопасности.",
                "decisions": "Провести совместное обследование до конца года.",
            },
            items[1].pk: {"summary": "Санҷиши сифати об дар дарёи Сирдарё."},
        },
        minutes.revision,
    )
    services.add_proposal(
        alice, items[0], text="Подготовить план действий на случай паводков", kind="decision"
    )
    followup.create_action_item(
        alice,
        description="Обновить план ликвидации аварий с учётом паводковых рисков и сейсмичности",
        responsible=list(Institution.objects.all()[:3]),
        due_date=dt.date.today() + dt.timedelta(days=60),
        meeting=meeting,
    )
    minutes.refresh_from_db()
    services.circulate_minutes(alice, minutes)
    services.approve_minutes(world["users"]["co_chair"], minutes)
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize("lang", LANGS)
def test_approved_minutes_fit_to_sign(approved_minutes: Any, lang: str) -> None:
    pdf, _type, _name = papers.render(approved_minutes, "minutes", "pdf", lang)
    text = pdf_text(pdf)
    assert not overlapping(pdf), overlapping(pdf)[:5]
    assert OFFICIAL in text
    assert POSITION in text
    assert "Demo co-chair" not in text
    with translation.override(lang):
        stamp, group = draft_mark(), group_header()
        title = papers.title_of("minutes", approved_minutes)
    assert stamp not in text
    assert pdfa_part(pdf) == "3"
    info = pdf_info(pdf)
    assert info["lang"] == lang
    assert info["author"] == group
    assert info["title"]

    docx, _type, _name = papers.render(approved_minutes, "minutes", "docx", lang)
    assert docx_languages(docx) == {LANGUAGE_TAGS[lang]}
    assert docx_title(docx) == title


def test_minutes_in_progress_are_no_pdfa(world: dict[str, Any], meeting: Any) -> None:
    services.add_agenda_item(world["users"]["secretariat"], meeting, {"title": "Пункт"})
    services.start_minutes(world["users"]["secretariat"], meeting)
    pdf = papers.render(meeting, "minutes", "pdf", "ru")[0]
    assert pdfa_part(pdf) is None
    with translation.override("ru"):
        assert draft_mark() in pdf_text(pdf)


@pytest.fixture
def letters(world: dict[str, Any], official: Person) -> dict[str, Any]:  # noqa: F811
    users = world["users"]
    alice, bahrom = users["secretariat"], users["co_chair"]
    body = (
        "Уважаемые коллеги!\n\nРабочая группа просит предоставить сведения о состоянии "
        "хвостохранилищ, подтверждённые результатами обследований, и о мерах по обеспечению "
        "безопасности ограждающих дамб в период паводков."
    )
    letter = correspondence.draft_group_letter(
        alice, {"correspondent": "ЕЭК ООН", "subject": "О хвостохранилищах", "body": body}
    )
    letter = correspondence.submit_for_approval(alice, letter)
    letter = correspondence.reject_letter(bahrom, letter, letter.version, "Уточнить сроки")
    letter = correspondence.submit_for_approval(alice, letter)
    approved = correspondence.approve_letter(bahrom, letter, letter.version, "ru")
    draft = correspondence.draft_group_letter(
        alice, {"correspondent": "ЕЭК ООН", "subject": "Проект", "body": body}
    )
    return {"approved": approved, "draft": draft}


@pytest.mark.parametrize("lang", LANGS)
def test_approved_letter_fit_to_sign(letters: dict[str, Any], lang: str) -> None:
    pdf = correspondence.letter_pdf(letters["approved"], lang)
    text = pdf_text(pdf)
    assert not overlapping(pdf), overlapping(pdf)[:5]
    assert OFFICIAL in text
    assert POSITION in text
    assert "Demo co-chair" not in text
    assert pdfa_part(pdf) == "3"
    info = pdf_info(pdf)
    with translation.override(lang):
        assert info["author"] == group_header()
    assert info["lang"] == lang
    assert info["title"] == "О хвостохранилищах"

    draft = correspondence.letter_pdf(letters["draft"], lang)
    assert not overlapping(draft)
    assert pdfa_part(draft) is None


def test_approved_letter_shows_no_remarks_box(world: dict[str, Any], letters: Any) -> None:
    client = Client()
    client.force_login(world["users"]["secretariat"])
    with translation.override("ru"):
        box = f"<strong>{translation.gettext('Comments of the co-chair')}:</strong>"
    page = client.get(f"/correspondence/{letters['approved'].pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert box not in page.content.decode()
    assert letters["approved"].review_comments == "Уточнить сроки"  # kept in the record
    rejected = correspondence.draft_group_letter(
        world["users"]["secretariat"], {"correspondent": "X", "subject": "Y", "body": "Z"}
    )
    rejected = correspondence.submit_for_approval(world["users"]["secretariat"], rejected)
    correspondence.reject_letter(
        world["users"]["co_chair"], rejected, rejected.version, "Сократить текст"
    )
    page = client.get(f"/correspondence/{rejected.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert box in page.content.decode()
    assert "Сократить текст" in page.content.decode()


def test_term_report_signed_by_the_official(world: dict[str, Any], official: Person) -> None:  # noqa: F811
    from tailsafe.correspondence import termreport
    from tests.reports.test_render import docx_text

    year = timezone.localdate().year
    pdf = termreport.term_pdf(year, "en")
    text = pdf_text(pdf)
    assert OFFICIAL in text
    assert POSITION in text
    assert not overlapping(pdf), overlapping(pdf)[:5]
    docx = termreport.term_docx(year, "tg")
    assert OFFICIAL in docx_text(docx)
    assert docx_languages(docx) == {"tg-TJ"}
