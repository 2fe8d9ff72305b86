#!/usr/bin/env python3
"""Tidy the gettext catalogues, optionally fill in a batch of new translations, report gaps.

The `.po` files in src/tailsafe/locale/{ru,tg,en}/LC_MESSAGES/ are the only home of the
translations: edit them directly (any PO editor), or hand this tool a scratch batch of new
translations that is not kept in the repository:

    .venv/bin/python tools/catalogues.py                 # tidy, report what is missing
    .venv/bin/python tools/catalogues.py --add new.json  # also fill these translations in
    .venv/bin/python tools/catalogues.py --check         # report only, write nothing

`make messages` runs makemessages, this tool and compilemessages (`make messages ADD=new.json`).

A batch is a UTF-8 JSON object {"ru": {msgid: msgstr, ...}, "tg": {msgid: msgstr, ...}}:
* the key is the English msgid exactly as in the .po file (English is the source language);
  an entry with a context (pgettext) uses the key "context\\u0004msgid";
* the value is the msgstr; for a plural entry (ngettext, blocktranslate count) the key is the
  singular msgid and the value is the list of all plural forms, msgstr[0], msgstr[1], ...
  (Russian: 3 forms, one/few/many; Tajik: 2 forms);
* placeholders (%(name)s, %s, ...) must be the same as in the msgid: an entry whose
  placeholders differ is not applied and is reported.

What the tool does to each django.po:
* sets the header (Project-Id-Version, Language, Language-Team, Plural-Forms, ...) and
  removes the "fuzzy" flag from it;
* ru, tg: sets msgstr of every entry found in the batch and removes its "fuzzy" flag; other
  entries keep what they have (a fuzzy guess of msgmerge still counts as missing);
* en: removes the "fuzzy" flags and empties the msgstr of those entries (English is the
  source: an empty msgstr shows the msgid);
* keeps the order of the entries; the file is written only when something changed.

Exit status: 0 when every ru and tg entry is translated, 1 otherwise (or on a bad entry).
tests/core/test_translations.py checks the same on the committed catalogues.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "tailsafe" / "locale"
WRAP_WIDTH = 79  # as gettext's msgmerge, so that makemessages re-runs give small diffs
CONTEXT_SEP = "\x04"
# Python %-format placeholders, as checked by msgfmt --check-format for python-format.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")


@dataclass(frozen=True)
class Language:
    code: str
    team: str
    plural_forms: str
    nplurals: int
    translated: bool  # False for the source language (English): msgstr stays empty


LANGUAGES = (
    Language(
        "ru",
        "Russian",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
        3,
        True,
    ),
    Language("tg", "Tajik", "nplurals=2; plural=(n != 1);", 2, True),
    Language("en", "English", "nplurals=2; plural=(n != 1);", 2, False),
)

Value = str | list[str]


@dataclass
class Report:
    code: str
    entries: int = 0
    applied: int = 0
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    written: bool = False


def placeholders(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def entry_key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}{CONTEXT_SEP}{entry.msgid}" if entry.msgctxt else entry.msgid


def drop_fuzzy(entry: polib.POEntry) -> None:
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgctxt = None
    entry.previous_msgid = None
    entry.previous_msgid_plural = None


def check_value(entry: polib.POEntry, value: Value, lang: Language) -> str | None:
    """Return why the value cannot be applied to the entry, or None if it can."""
    if entry.msgid_plural:
        if not isinstance(value, list) or len(value) != lang.nplurals:
            return f"needs a list of {lang.nplurals} plural forms"
        forms: list[str] = value
    elif isinstance(value, str):
        forms = [value]
    else:
        return "needs a string, not a list of plural forms"
    if any(not isinstance(form, str) or not form.strip() for form in forms):
        return "has an empty translation"
    if entry.msgid_plural:
        # A plural form may leave out the count (e.g. "one" forms), never add a placeholder.
        allowed = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
        if any(not set(placeholders(form)) <= allowed for form in forms):
            return f"placeholders differ from the msgid's {sorted(allowed)}"
    elif placeholders(forms[0]) != placeholders(entry.msgid):
        return f"placeholders differ from the msgid's {placeholders(entry.msgid)}"
    return None


def is_missing(entry: polib.POEntry) -> bool:
    return "fuzzy" in entry.flags or not entry.translated()


def set_header(po: polib.POFile, lang: Language) -> None:
    what = "translation" if lang.translated else "source-language catalogue"
    po.header = (
        f"TailSafe: {lang.team} {what} of the user interface.\n"
        "This file is distributed under the same license as the TailSafe package."
    )
    po.metadata_is_fuzzy = []  # polib keeps the header's flags here; any flag means fuzzy
    meta = po.metadata
    meta["Project-Id-Version"] = "TailSafe"
    meta.setdefault("Report-Msgid-Bugs-To", "")
    if meta.get("Last-Translator", "").startswith("FULL NAME"):
        meta["Last-Translator"] = "TailSafe secretariat"
    meta["Language-Team"] = f"{lang.team} (TailSafe)"
    meta["Language"] = lang.code
    meta["MIME-Version"] = "1.0"
    meta["Content-Type"] = "text/plain; charset=UTF-8"
    meta["Content-Transfer-Encoding"] = "8bit"
    meta["Plural-Forms"] = lang.plural_forms


def apply(lang: Language, table: dict[str, Value], write: bool) -> Report:
    path = LOCALE / lang.code / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path), wrapwidth=WRAP_WIDTH)
    before = str(po)
    report = Report(lang.code)
    set_header(po, lang)
    seen: set[str] = set()
    for entry in po:
        if entry.obsolete:
            continue
        report.entries += 1
        key = entry_key(entry)
        seen.add(key)
        if not lang.translated:
            if "fuzzy" in entry.flags:  # a guess of msgmerge: the source text needs none
                entry.msgstr = ""
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            drop_fuzzy(entry)
            continue
        if key in table:
            value = table[key]
            problem = check_value(entry, value, lang)
            if problem:
                report.errors.append(f"{key!r}: {problem}")
            elif isinstance(value, list):
                entry.msgstr_plural = dict(enumerate(value))
                drop_fuzzy(entry)
                report.applied += 1
            else:
                entry.msgstr = value
                drop_fuzzy(entry)
                report.applied += 1
        if is_missing(entry):
            report.missing.append(key)
    report.unused = sorted(set(table) - seen)
    if str(po) != before or "YEAR" in po.metadata.get("PO-Revision-Date", "YEAR"):
        tz = dt.timezone(dt.timedelta(hours=5))  # Asia/Dushanbe, no DST
        po.metadata["PO-Revision-Date"] = dt.datetime.now(tz).strftime("%Y-%m-%d %H:%M%z")
        if write:
            po.save(str(path))
            report.written = True
    return report


def load_table(path: Path) -> dict[str, dict[str, Value]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: expected a JSON object with the keys 'ru' and 'tg'")
    return {code: dict(data.get(code, {})) for code in ("ru", "tg")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="report the result without writing the files"
    )
    parser.add_argument(
        "--add", type=Path, default=None, help="a JSON batch of new translations to fill in"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list batch keys not in the catalogues"
    )
    args = parser.parse_args(argv)

    tables = load_table(args.add) if args.add else {}
    failed = False
    for lang in LANGUAGES:
        report = apply(lang, tables.get(lang.code, {}), write=not args.check)
        state = "written" if report.written else "unchanged" if not args.check else "checked"
        if lang.translated:
            print(
                f"{lang.code}: {report.entries} entries, {report.entries - len(report.missing)} "
                f"translated, {len(report.missing)} missing, {len(report.errors)} errors, "
                f"{len(report.unused)} batch keys not in the catalogue ({state})"
            )
        else:
            print(f"{lang.code}: {report.entries} entries, source language ({state})")
        for key in report.missing:
            print(f"  missing: {key!r}")
        for error in report.errors:
            print(f"  error: {error}")
        if args.verbose:
            for key in report.unused:
                print(f"  unused: {key!r}")
        if lang.translated and (report.missing or report.errors):
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
