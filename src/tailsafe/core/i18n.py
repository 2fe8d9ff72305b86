"""Helpers for content stored in three languages (names of institutions, facilities...)."""

from typing import Any

from django.utils.translation import get_language

# Tajik text may be missing while the secretariat fills it in: fall back to Russian, then English.
FALLBACKS = {"tg": ("tg", "ru", "en"), "ru": ("ru", "en", "tg"), "en": ("en", "ru", "tg")}


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """`obj.<field>_<lang>` in the active language, falling back as FALLBACKS says."""
    lang = (language or get_language() or "ru")[:2]
    for code in FALLBACKS.get(lang, FALLBACKS["ru"]):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value.strip():
            return str(value)
    return ""
