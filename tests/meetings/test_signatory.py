"""Issue 15, item 7: papers name the nominated official and their position as signatory, not
the user account that clicked "approve"."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tailsafe.correspondence import services as correspondence
from tailsafe.governance import services as governance
from tailsafe.governance.models import Person
from tailsafe.governance.signatories import signatory_of
from tailsafe.meetings import papers, services
from tests.reports.test_render import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OFFICIAL = "Rahimov Farrukh"
POSITION = "First Deputy Minister"


@pytest.fixture
def official(world: dict[str, Any]) -> Person:
    """This year's term names bahrom's account, and the nominated official behind it."""
    users = world["users"]
    users["co_chair"].first_name, users["co_chair"].last_name = "Demo", "co-chair"
    users["co_chair"].save()
    person = Person.objects.create(full_name=OFFICIAL, position_title=POSITION)
    governance.record_cochair_term(
        users["secretariat"],
        year=timezone.localdate().year,
        senior_official=person,
        official_user=users["co_chair"],
    )
    return person


def test_minutes_paper_names_the_official(
    world: dict[str, Any], meeting: Any, official: Person
) -> None:
    users = world["users"]
    services.add_agenda_item(users["secretariat"], meeting, {"title": "Tailings"})
    minutes = services.start_minutes(users["secretariat"], meeting)
    services.circulate_minutes(users["secretariat"], minutes)
    services.approve_minutes(users["co_chair"], minutes)

    text = pdf_text(papers.render(meeting, "minutes", "pdf", "en")[0])
    assert OFFICIAL in text
    assert POSITION in text
    assert "Demo co-chair" not in text
    assert "bahrom" not in text
    docx = papers.render(meeting, "minutes", "docx", "en")[0]
    assert docx  # the DOCX status line uses the same signatory (papers.status_line)
    page = _client(users["secretariat"]).get(f"/meetings/{meeting.pk}/?tab=minutes")
    assert OFFICIAL in page.content.decode()


def test_letter_pdf_names_the_official(world: dict[str, Any], official: Person) -> None:
    users = world["users"]
    letter = correspondence.draft_group_letter(
        users["secretariat"],
        {"correspondent": "UNECE", "subject": "Assistance", "body": "Dear colleagues"},
    )
    letter = correspondence.submit_for_approval(users["secretariat"], letter)
    letter = correspondence.approve_letter(users["co_chair"], letter, letter.version, "en")
    text = pdf_text(correspondence.letter_pdf(letter, "en"))
    assert OFFICIAL in text
    assert POSITION in text
    assert "Demo co-chair" not in text
    page = _client(users["secretariat"]).get(f"/correspondence/{letter.pk}/")
    assert f"{OFFICIAL}, {POSITION}" in page.content.decode()


def test_an_approver_without_a_term_is_named_by_their_person(world: dict[str, Any]) -> None:
    charlie = world["users"]["member"]
    signed = signatory_of(charlie, timezone.localdate().year)
    assert signed is not None
    assert signed.name == "Чарли Академиков"
    assert signatory_of(None, 2026) is None


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
