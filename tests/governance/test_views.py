"""Governance pages through the test client: forms say what is wrong, nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tailsafe.governance.models import Institution, Membership

pytestmark = pytest.mark.django_db


def test_nominate_form_reports_a_short_term_in_russian(client_as: Any, pdf_upload: Any) -> None:
    client = client_as("secretariat")
    academy = Institution.objects.get(key="academy")
    response = client.post(
        reverse("governance:member_nominate"),
        {
            "new_person_name": "Иванов",
            "institution": academy.pk,
            "seat": "member",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "letter": pdf_upload(),
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200
    assert "два года" in response.content.decode() or "two years" in response.content.decode()
    assert Membership.objects.count() == 0


def test_impossible_date_is_a_form_error_not_a_500(client_as: Any, pdf_upload: Any) -> None:
    client = client_as("secretariat")
    academy = Institution.objects.get(key="academy")
    response = client.post(
        reverse("governance:member_nominate"),
        {
            "new_person_name": "X",
            "institution": academy.pk,
            "seat": "member",
            "start_date": "2026-02-31",
            "end_date": "31.31.2031",
            "letter": pdf_upload(),
        },
    )
    assert response.status_code == 200
    assert Membership.objects.count() == 0


def test_unknown_language_code_is_refused_with_a_message(client_as: Any) -> None:
    client = client_as("secretariat")
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "xx" in response.content.decode()
    from tailsafe.core.models import User

    assert User.objects.get(username="alice").language == ""


def test_language_is_remembered_per_user(client_as: Any) -> None:
    client = client_as("secretariat")
    client.post(reverse("set_language"), {"language": "tg", "next": "/"})
    from tailsafe.core.models import User

    assert User.objects.get(username="alice").language == "tg"
    client.cookies.clear()
    from django.test import Client

    other = Client()
    other.force_login(User.objects.get(username="alice"))
    response = other.get(reverse("governance:institution_list"))
    assert response["Content-Language"] == "tg"


def test_member_cannot_open_the_edit_page(client_as: Any) -> None:
    academy = Institution.objects.get(key="academy")
    response = client_as("member").get(reverse("governance:institution_edit", args=[academy.pk]))
    assert response.status_code == 403


def test_duplicate_institution_key_is_a_form_error(client_as: Any) -> None:
    response = client_as("secretariat").post(
        reverse("governance:institution_create"),
        {
            "key": "academy",
            "type": "ngo",
            "name_ru": "Дубль",
            "name_en": "Duplicate",
        },
    )
    assert response.status_code == 200
    assert Institution.objects.filter(key="academy").count() == 1


def test_history_tab_shows_who_changed_what(client_as: Any) -> None:
    client = client_as("secretariat")
    academy = Institution.objects.get(key="academy")
    data = {
        f: getattr(academy, f)
        for f in ("key", "type", "name_ru", "name_en", "source", "confidence")
    }
    data["name_tg"] = "Академияи миллии илмҳо"
    data["in_lpi"] = "on"
    response = client.post(reverse("governance:institution_edit", args=[academy.pk]), data)
    assert response.status_code == 302
    page = client.get(reverse("governance:institution_detail", args=[academy.pk]) + "?tab=history")
    text = page.content.decode()
    assert "Академияи миллии илмҳо" in text
    assert "alice" in text


def test_letter_download_is_an_attachment(client_as: Any, pdf_upload: Any) -> None:
    import datetime as dt

    from tailsafe.governance import services

    sec = client_as("secretariat")
    from tailsafe.core.models import User

    person = services.create_person(User.objects.get(username="alice"), {"full_name": "P"})
    m = services.nominate_member(
        User.objects.get(username="alice"),
        person=person,
        institution=Institution.objects.get(key="academy"),
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2028, 1, 1),
        letter=pdf_upload(),
    )
    response = sec.get(reverse("governance:member_letter", args=[m.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_healthz(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_rotation_page_shows_ten_years(client_as: Any) -> None:
    response = client_as("member").get(reverse("governance:rotation"))
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == 10


def test_healthz_reports_503_when_the_database_is_unreachable() -> None:
    """A real unreachable database (nothing listens on port 1), in a separate process."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'code': r.status_code, 'body': r.json()}))"
    )
    env = dict(
        os.environ,
        DATABASE_URL="postgres://postgres@127.0.0.1:1/none",
        DJANGO_SETTINGS_MODULE="tailsafe.settings",
        PYTHONPATH=str(root / "src"),
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 503
    assert result["body"]["status"] == "error"
    assert result["body"]["database"]


def test_russian_is_the_default_whatever_the_browser_says(client: Any) -> None:
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "ru"
    client.cookies["django_language"] = "en"
    assert client.get("/login/")["Content-Language"] == "en"
