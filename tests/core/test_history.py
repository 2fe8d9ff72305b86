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
    assert "agency" in html and "state_body" not in html
    assert '<span lang="ru">Демо: Котибова Зарина</span>' in html
    # local time (Asia/Dushanbe, UTC+5) in the machine-readable attribute
    assert "+05:00" in html
