"""Shared fixtures: personas per role (alice the secretariat officer, ...), seeded reference data,
and an isolated media folder. Runs on SQLite by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests check laws, not speed: a busy CI machine must not fail them on hypothesis's
# 200 ms deadline (speed is measured by `make bench`).
hypothesis_settings.register_profile("tailsafe", deadline=None)
hypothesis_settings.load_profile("tailsafe")

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PASSWORD = "correct-horse-battery-7"

# Personas: a permission test then reads like a sentence.
PERSONAS = {
    "secretariat": ("alice", "industrial_safety"),
    "co_chair": ("bahrom", "energy_water"),
    "member": ("charlie", "academy"),
    "operator": ("dilnoza", None),
    "inspector": ("erkin", "industrial_safety"),
    "guest": ("farida", None),
    "admin": ("gulnora", None),
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: the database (and the versions of the cached
    aggregates, core.versioned) is rolled back after each test, the local-memory cache is not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reference_data(db: None) -> None:
    from tailsafe.governance import demo

    demo.load_institutions()
    demo.load_rotation()


@pytest.fixture
def make_user(reference_data: None) -> Callable[..., Any]:
    from tailsafe.core.models import User
    from tailsafe.governance.models import Institution

    def make(role: str, username: str | None = None, institution: str | None = None) -> Any:
        name, default_inst = PERSONAS[role]
        key = institution or default_inst
        user = User.objects.create_user(
            username=username or name,
            password=PASSWORD,
            role=role,
            email=f"{username or name}@example.org",
            institution=Institution.objects.filter(key=key).first() if key else None,
            is_staff=role == "admin",
            is_superuser=role == "admin",
        )
        return user

    return make


@pytest.fixture
def users(make_user: Callable[..., Any]) -> dict[str, Any]:
    return {role: make_user(role) for role in PERSONAS}


@pytest.fixture
def client_as(users: dict[str, Any]) -> Callable[[str], Client]:
    def login(role: str) -> Client:
        client = Client()
        client.force_login(users[role])
        return client

    return login


@pytest.fixture
def pdf_upload() -> Callable[..., Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name: str = "letter.pdf", content: bytes = DEMO_PDF) -> Any:
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Hashing passwords properly is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def english(settings: Any) -> Any:
    """Run a test in English, the source language, for tests that match message texts: the
    default language of the platform is Russian and the catalogues are complete."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
