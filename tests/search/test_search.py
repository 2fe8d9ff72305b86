"""Search (ru/tg/en): Cyrillic words match by their beginning on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes(users: dict[str, Any]) -> Any:
    from tailsafe.meetings import services

    meeting = services.plan_meeting(
        users["secretariat"],
        {"title": "Весеннее заседание", "starts_at": timezone.now(), "place": "Душанбе"},
    )
    services.add_agenda_item(users["secretariat"], meeting, {"title": "Обследование"})
    m = services.start_minutes(users["secretariat"], meeting)
    item = m.items.get()
    services.save_minutes(
        users["secretariat"],
        m,
        {item.pk: {"summary": "Обсудили состояние Хвостохранилище Табошар и дамбы."}},
        m.revision,
    )
    return m


def test_stem() -> None:
    from tailsafe.search.engine import stem, words_of

    assert stem("хвостохранилищами") == "хвостохранилищ"
    assert stem("хвост") == "хвост"
    assert words_of("Хвост, a  дамба!") == ["хвост", "дамба"]


def test_prefix_finds_minutes(minutes: Any) -> None:
    from tailsafe.search.engine import search

    for q in ("хвост", "ХВОСТ", "хвостохранилищами", "табошар"):
        assert "minutes" in search(q), q
    assert search("дамбой").get("minutes")
    assert search("zzzz") == {}
    assert search("") == {}


def test_search_knowledge_and_letters(users: dict[str, Any]) -> None:
    from tailsafe.correspondence import services as letters
    from tailsafe.knowledge import demo
    from tailsafe.search.engine import search

    demo.load(None)
    letters.draft_group_letter(
        users["secretariat"],
        {"correspondent": "ЕЭК ООН", "subject": "О хвостохранилищах", "body": "Текст"},
    )
    found = search("Brumadinho")
    assert "lessons" in found
    assert "letters" in search("хвостохранилище")
    assert "epr" in search("inspections")


def test_search_page(client_as: Any, minutes: Any) -> None:
    r = client_as("member").get("/search/", {"q": "хвост"})
    assert r.status_code == 200
    assert "Весеннее заседание" in r.content.decode()
    r = client_as("member").get("/search/", {"q": "'); drop table --"})
    assert r.status_code == 200
    r = client_as("member").get("/search/", {"q": "!!!"})
    assert r.status_code == 200
