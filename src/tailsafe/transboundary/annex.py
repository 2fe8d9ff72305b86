"""The content of a notification (UNECE Industrial Accidents Convention, Annex IX §2; Art. 12).

The field set is data: replace ELEMENTS when UNECE's IAN form fields are obtained. Each element
is stored on the Notice as a stored text (message key + parameters); names that exist in
several languages (facility, parameter, river basin) are stored per language under ``names``
and picked at rendering, so a Russian text contains no English name.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_noop as N_

from tailsafe.core.stored_text import StoredText, render, text

ELEMENTS: list[tuple[str, StoredText]] = [
    ("report", text(N_("Type of report"))),
    ("accident", text(N_("Type and magnitude of the accident (Annex IX §2 a)"))),
    ("substances", text(N_("Hazardous substances involved (Annex IX §2 a)"))),
    ("effects", text(N_("Severity of possible effects (Annex IX §2 a)"))),
    ("time", text(N_("Time of occurrence (Annex IX §2 b)"))),
    ("location", text(N_("Exact location and its uncertainty (Annex IX §2 b)"))),
    ("river", text(N_("River and distance to the border (Annex IX §2 c)"))),
    ("runout", text(N_("Run-out screening verdict (Annex IX §2 c)"))),
    ("measures", text(N_("Measures taken (Annex IX §2 c)"))),
    ("assistance", text(N_("Assistance requested: scope and type (Art. 12)"))),
    ("contact", text(N_("Contact (Annex IX §2 c)"))),
]
"""(key, label) of every element, in the order of the form."""

REQUIRED = [k for k, _label in ELEMENTS if k != "assistance"]


def localized(key: str, names: dict[str, dict[str, str]], **params: Any) -> StoredText:
    """A stored text whose parameters in ``names`` are given per language."""
    stored = text(key, **params)
    stored["names"] = names
    return stored


def show(value: Any, language: str) -> str:
    """One element in ``language``."""
    if isinstance(value, dict) and "names" in value:
        with translation.override(language):
            params = dict(value.get("params", {}))
            for name, by_language in value["names"].items():
                params[name] = by_language.get(language) or by_language.get("ru") or ""
            return render({"key": value["key"], "params": params}, language)
    return render(value, language)
