"""Issue 15 §7: history tabs people can read: field labels in the reader's language, choice
labels, people's names, local time, no raw dicts or file paths."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tailsafe.core.audit import history_of
from tailsafe.governance import services
from tailsafe.governance.models import Institution, Person

pytestmark = pytest.mark.django_db


def test_history_reads_like_a_person_wrote_it(users: dict[str, Any], client_as: Any) -> None:
    secretariat = users["secretariat"]
    Person.objects.create(full_name="Демо: Котибова Зарина", user=secretariat)
    inst = Institution.objects.get(key="geology")
    services.update_institution(
        secretariat, inst, {"type": Institution.Type.AGENCY, "rotating_cochair": True}
    )
    with translation.override("tg"):
        entry = history_of(inst)[0]
    fields = {c.field: (c.old, c.new) for c in entry.changes}
    assert entry.who == "Демо: Котибова Зарина"
    assert entry.reason == "ташкилот тағйир ёфт"  # "institution updated", in Tajik
    assert fields["Навъ"] == ("мақоми давлатӣ", "агентӣ")  # choice labels, not codes
    assert fields["Мақоми ҳамраис бо тартиби навбат (§21)"] == ("не", "ҳа")
    assert len(fields) == 2  # the Tajik name was its own entry, from the reference list
    assert all(not v.startswith("{") and "/" not in v for pair in fields.values() for v in pair)

    secretariat.language = "en"
    secretariat.save(update_fields=["language"])
    page = client_as("secretariat").get(
        f"/governance/institutions/{inst.pk}/?tab=history", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "institution updated" in html
    assert "agency" in html
    assert "state_body" not in html
    assert '<span lang="ru">Демо: Котибова Зарина</span>' in html
    # local time (Asia/Dushanbe, UTC+5) in the machine-readable attribute
    assert "+05:00" in html


def test_letter_history_names_people_and_shows_local_time(users: dict[str, Any]) -> None:
    """A letter's approval in its history: the approver by their person's name (not the login
    or an id), the status by its label, the approval time in Asia/Dushanbe, no file path."""
    from django.utils import timezone

    from tailsafe.correspondence import services as correspondence

    Person.objects.create(full_name="Демо: Раҳимов Фаррух", user=users["co_chair"])
    services.record_cochair_term(
        users["secretariat"],
        year=timezone.localdate().year,
        senior_official=None,
        official_user=users["co_chair"],
    )
    letter = correspondence.draft_group_letter(
        users["secretariat"], {"correspondent": "UNECE", "subject": "Help", "body": "Text"}
    )
    letter = correspondence.submit_for_approval(users["secretariat"], letter)
    letter = correspondence.approve_letter(users["co_chair"], letter, letter.version, "en")
    with translation.override("en"):
        entry = history_of(letter)[0]
    fields = {c.field: (c.old, c.new) for c in entry.changes}
    assert entry.who == "Демо: Раҳимов Фаррух"
    assert fields["Status"] == ("submitted for approval", "approved")
    approver = next(v for k, v in fields.items() if "pprov" in k and "by" in k.lower())
    assert approver[1] == "Демо: Раҳимов Фаррух"
    assert str(users["co_chair"].pk) not in approver[1]
    values = [v for pair in fields.values() for v in pair]
    assert not any(v.startswith("{") or ("/" in v and ".pdf" in v) for v in values)
    when = timezone.localtime(letter.approved_at)
    assert fields["Approved at"][1].count(f"{when.hour % 12 or 12}:{when.minute:02d}") == 1
    assert fields["Final PDF"][1].endswith(".pdf")
    assert "/" not in fields["Final PDF"][1]
