"""Content-Security-Policy (issue 9): every response carries the strict policy, and no template
served to a browser relies on what the policy blocks (inline script, style, event handler).
The browser side is tests/e2e/test_csp.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[2] / "src" / "tailsafe"

EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}


def directives(header: str) -> dict[str, set[str]]:
    parsed: dict[str, set[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


def check_policy(response: Any) -> None:
    assert "Content-Security-Policy" in response, response
    policy = directives(response["Content-Security-Policy"])
    for name, values in EXPECTED.items():
        assert policy.get(name) == values, (name, policy.get(name))
    every = set().union(*policy.values())
    assert not every & {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"}


@pytest.mark.django_db
def test_pages_carry_the_strict_policy(client_as: Any) -> None:
    check_policy(Client().get("/login/"))
    check_policy(Client().get("/public/"))
    check_policy(Client().get("/api/v1/docs/"))
    check_policy(client_as("secretariat").get("/"))
    check_policy(client_as("secretariat").get("/facilities/map/"))
    missing = Client().get("/no-such-page/")
    assert missing.status_code == 404
    check_policy(missing)


@pytest.mark.django_db
def test_api_docs_script_is_a_file_of_this_server() -> None:
    page = Client().get("/api/v1/docs/").content.decode()
    assert "<style" not in page
    assert re.search(r'<script src="/api/v1/docs/\?[^"]*script', page), page
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag, tag
    script = Client().get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content


def pdf_only(path: Path, text: str) -> bool:
    """Papers rendered to PDF by WeasyPrint, never served as HTML: they may style inline."""
    rel = path.relative_to(SRC).as_posix()
    return (
        rel.startswith("reports/templates/")
        or "/templates/meetings/papers/" in rel
        or '{% extends "reports/' in text
    )


INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"\shx-on(:|-)", re.I), "an htmx inline handler"),
]


def test_browser_templates_have_no_inline_script_or_style() -> None:
    found = []
    templates = [p for p in SRC.rglob("templates/**/*.html") if "/static/" not in p.as_posix()]
    assert len(templates) > 50
    for path in templates:
        text = path.read_text(encoding="utf-8")
        if pdf_only(path, text):
            continue
        text = re.sub(r"{% comment %}.*?{% endcomment %}|{#.*?#}", "", text, flags=re.S)
        for pattern, what in INLINE:
            for m in pattern.finditer(text):
                found.append(f"{path.relative_to(SRC)}: {what}: {m.group(0)!r}")
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            if "src=" not in tag and "application/json" not in tag:
                found.append(f"{path.relative_to(SRC)}: an inline script: {tag!r}")
    assert not found, "\n".join(found)
