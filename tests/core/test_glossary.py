"""P1, issue 18 §3: one vocabulary. Every catalogue entry whose English msgid contains a glossary
term uses the agreed Russian and Tajik translation (core/data/glossary.csv)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tailsafe"
GLOSSARY = SRC / "core" / "data" / "glossary.csv"


def glossary() -> list[dict[str, str]]:
    with open(GLOSSARY, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def entries(lang: str) -> list[polib.POEntry]:
    po = polib.pofile(str(SRC / "locale" / lang / "LC_MESSAGES" / "django.po"))
    return [e for e in po if not e.obsolete and e.translated()]


def test_glossary_keeps_the_sources_terms() -> None:
    shared = {row["term_en"]: row for row in glossary()}
    assert len(shared) == 20
    assert shared["provisional"]["term_tg"] == "муваққатӣ"
    assert shared["minutes (of a meeting)"]["term_tg"] == "суратҷаласа"
    for row in shared.values():
        # Where the source attests no Tajik term, the translators' choice is written down.
        if not row["term_tg"] and row["tg_pattern"]:
            assert row["catalogue_note"], row["term_en"]


@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_every_entry_uses_the_agreed_term(lang: str) -> None:
    wrong: list[str] = []
    for row in glossary():
        wanted = row[f"{lang}_pattern"]
        if not row["en_pattern"] or not wanted:
            continue
        find = re.compile(row["en_pattern"], re.IGNORECASE)
        exclude = re.compile(row["en_exclude"], re.IGNORECASE) if row["en_exclude"] else None
        agreed = re.compile(wanted, re.IGNORECASE)
        for entry in entries(lang):
            key = f"{entry.msgctxt or ''}\x04{entry.msgid}"
            if not find.search(entry.msgid) or (exclude and exclude.search(key)):
                continue
            texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            for text in texts:
                if not agreed.search(text):
                    wrong.append(f"{row['term_en']}: {entry.msgid!r} -> {text!r}")
    assert not wrong, f"{len(wrong)} entries off the glossary:\n" + "\n".join(wrong[:40])


def test_tajik_never_uses_the_rejected_variants() -> None:
    rejected = re.compile(r"пешакӣ|суратмаҷлис", re.IGNORECASE)
    found = [e.msgid for e in entries("tg") if rejected.search(e.msgstr)]
    assert not found, found
