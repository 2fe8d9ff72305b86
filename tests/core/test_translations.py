"""P1: the ru and tg catalogues are complete, compiled, and in step with the source code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "tailsafe" / "locale"


@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_catalogue_is_complete(lang: str) -> None:
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated in {lang}: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {lang}: {fuzzy[:10]}"


@pytest.mark.parametrize("lang", ["ru", "tg", "en"])
def test_compiled_catalogue_matches(lang: str) -> None:
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))
    assert {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()} == {
        (e.msgctxt, e.msgid): e.msgstr for e in mo if e.msgid
    }, f"django.mo for {lang} is stale: run `make messages`"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs gettext (make test installs it)"
)
def test_catalogue_has_every_msgid_of_the_code(tmp_path: Path) -> None:
    """Extract the messages of the current code into a scratch copy and compare."""
    source = LOCALE.parent
    copy = tmp_path / "tailsafe"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    subprocess.run(
        [sys.executable, str(manage), "makemessages", "-l", "ru", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=120,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/ru/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "ru/LC_MESSAGES/django.po"))}
    missing = sorted(fresh - committed)
    assert not missing, f"{len(missing)} new strings not in the catalogue (make messages): " + repr(
        missing[:10]
    )
