"""A refused step through the page, in the user's language (issue 15, "Done means"): the
co-chair term of the year names an official of an institution that is not the leading
authority; the form says why in Russian and the stored term does not change."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tailsafe.governance import services
from tailsafe.governance.models import CoChairTerm, Person

pytestmark = pytest.mark.django_db


def test_official_of_the_wrong_institution_is_refused_in_russian(users: dict[str, Any]) -> None:
    year = timezone.localdate().year
    services.record_cochair_term(
        users["secretariat"], year=year, senior_official=None, official_user=users["co_chair"]
    )
    before = CoChairTerm.objects.values().get(year=year)
    history = CoChairTerm.objects.get(year=year).history.count()
    academic = Person.objects.create(full_name="Чарли Академиков", user=users["member"])
    client = Client()
    client.force_login(users["secretariat"])
    client.cookies["django_language"] = "ru"
    page = client.post(
        f"/governance/rotation/{year}/",
        {"senior_official": academic.pk, "nominated_on": "", "notes": "Приказ №1"},
    )
    assert page.status_code == 200  # the form again, with the reason
    text = page.content.decode()
    assert "Чарли Академиков не относится к учреждению" in text
    assert "ведущему органу" in text
    assert CoChairTerm.objects.values().get(year=year) == before
    assert CoChairTerm.objects.get(year=year).history.count() == history
