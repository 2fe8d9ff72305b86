"""The checklist question bank as data (T3; methodology.md, "Checklist score").

A bank is loaded from the shipped YAML (the provisional starter bank) or imported from a
spreadsheet (XLSX) so the official UNECE checklist can replace it. An import is all or nothing:
every row is checked (missing columns, duplicate codes, a weight that is not a number, text in
the wrong encoding) and any problem rejects the whole file with a row-by-row report; the new bank
is stored inactive and the active bank stays as it was until an admin activates another.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.methodology.models import (
    CATEGORY_CHOICES,
    MODULE_CHOICES,
    ParameterSet,
    Question,
    QuestionBank,
)

if TYPE_CHECKING:
    from tailsafe.core.models import User

STARTER_BANK = "starter-provisional"
CATEGORIES = tuple(key for key, _label in CATEGORY_CHOICES)
MODULES = tuple(key for key, _label in MODULE_CHOICES)
LANGS = ("ru", "tg", "en")
TERMS = ("short", "mid", "long")
REQUIRED_COLUMNS = ("code", "category", "text_ru", "text_en", "weight", "modules")
OPTIONAL_COLUMNS = ("text_tg", *(f"measure_{t}_{lang}" for t in TERMS for lang in LANGS))
MAX_XLSX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

# UTF-8 Cyrillic read as Latin-1/CP1252 ("Ð¢Ð°..."), as CP1251 ("РўР°..."), or the Unicode
# replacement character left by a failed decode: none of these occur in ru/tg/en text.
_MOJIBAKE = re.compile(
    "\ufffd|[ÐÑ][\u0080-\u024f\u02c6\u02dc\u2010-\u203a\u2122]|Ã[\u0080-\u00bf]"
    "|(?:[РС][\u0402-\u040f\u0452-\u045f\u00a0-\u00bf\u2018-\u203a\u2116]){2,}"
)


def looks_mojibake(text: str) -> bool:
    """True when `text` shows the marks of a wrong encoding (see _MOJIBAKE)."""
    return bool(_MOJIBAKE.search(text))


@dataclass(frozen=True)
class Problem:
    """One line of an import report: the spreadsheet row (1 = header) and what is wrong."""

    row: int
    message: str

    def __str__(self) -> str:
        return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class BankImportError(ValidationError):
    """The whole bank was rejected; ``problems`` is the row-by-row report."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__([str(p) for p in problems])


def check_rows(rows: list[tuple[int, dict[str, Any]]], columns: set[str]) -> list[Problem]:
    """Every problem of the rows (row number, values by column name); empty when all is well."""
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append(Problem(1, _("missing columns: %(cols)s") % {"cols": ", ".join(missing)}))
        return problems
    if not rows:
        problems.append(Problem(2, _("the file has no questions")))
    seen: dict[str, int] = {}
    for number, row in rows:
        code = str(row.get("code") or "").strip()
        if not code:
            problems.append(Problem(number, _("the question code is empty")))
        elif code in seen:
            problems.append(
                Problem(
                    number,
                    _("duplicate question code %(code)s (first in row %(first)s)")
                    % {"code": code, "first": seen[code]},
                )
            )
        else:
            seen[code] = number
        category = str(row.get("category") or "").strip()
        if category not in CATEGORIES:
            problems.append(
                Problem(
                    number,
                    _("unknown category %(value)r; allowed: %(allowed)s")
                    % {"value": category, "allowed": ", ".join(CATEGORIES)},
                )
            )
        for lang in ("ru", "en"):
            if not str(row.get(f"text_{lang}") or "").strip():
                problems.append(
                    Problem(number, _("the question text (%(lang)s) is empty") % {"lang": lang})
                )
        raw_weight = row.get("weight")
        if raw_weight not in (None, ""):
            try:
                weight = float(str(raw_weight).replace(",", "."))
            except ValueError:
                weight = None
            if weight is None or weight != weight or weight < 0 or weight == float("inf"):
                problems.append(
                    Problem(
                        number,
                        _("the weight %(value)r is not a number >= 0") % {"value": raw_weight},
                    )
                )
        modules = _modules(row.get("modules"))
        bad = [m for m in modules if m not in MODULES]
        if not modules or bad:
            problems.append(
                Problem(
                    number,
                    _("modules %(value)r: list one or more of %(allowed)s")
                    % {"value": row.get("modules"), "allowed": ", ".join(MODULES)},
                )
            )
        for column, value in row.items():
            if isinstance(value, str) and looks_mojibake(value):
                problems.append(
                    Problem(
                        number,
                        _(
                            "column %(col)s: the text is in the wrong encoding (%(sample)s...); "
                            "save the file as UTF-8 / XLSX and import again"
                        )
                        % {"col": column, "sample": value[:20]},
                    )
                )
    return problems


def _modules(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [m.strip() for m in re.split(r"[,;\s]+", str(value or "")) if m.strip()]


def _question(bank: QuestionBank, order: int, row: dict[str, Any]) -> Question:
    weight = row.get("weight")
    values: dict[str, Any] = {
        "bank": bank,
        "order": order,
        "code": str(row["code"]).strip(),
        "category": str(row["category"]).strip(),
        "weight": None if weight in (None, "") else float(str(weight).replace(",", ".")),
        "modules": _modules(row.get("modules")),
    }
    for lang in LANGS:
        values[f"text_{lang}"] = str(row.get(f"text_{lang}") or "").strip()
        for term in TERMS:
            key = f"measure_{term}_{lang}"
            values[key] = str(row.get(key) or "").strip()
    return Question(**values)


def read_xlsx(data: bytes) -> tuple[list[tuple[int, dict[str, Any]]], set[str]]:
    """Rows of the first sheet (row 1 holds the column names) as (row number, values)."""
    from openpyxl import load_workbook

    if len(data) > MAX_XLSX_BYTES:
        raise BankImportError([Problem(0, _("the file is larger than 5 MB"))])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise BankImportError([Problem(0, _("the file is not an XLSX workbook"))]) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    names = [str(h).strip().lower() if h is not None else "" for h in header]
    found: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            raise BankImportError([Problem(number, _("too many rows (limit 2000)"))])
        if all(v in (None, "") for v in values):
            continue
        found.append(
            (number, {name: value for name, value in zip(names, values, strict=False) if name})
        )
    workbook.close()
    return found, {n for n in names if n}


def _yaml_rows(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for i, q in enumerate(data.get("questions") or [], start=2):
        row: dict[str, Any] = {
            "code": q.get("code"),
            "category": q.get("category"),
            "weight": q.get("weight"),
            "modules": q.get("modules"),
        }
        for lang in LANGS:
            row[f"text_{lang}"] = (q.get("text") or {}).get(lang, "")
            for term in TERMS:
                row[f"measure_{term}_{lang}"] = ((q.get("measures") or {}).get(term) or {}).get(
                    lang, ""
                )
        rows.append((i, row))
    return rows


def _store(
    rows: list[tuple[int, dict[str, Any]]],
    *,
    name: str,
    version: str,
    provisional: bool,
    description: str,
    parameter_set: ParameterSet | None,
    source: str,
    user: User | None,
) -> QuestionBank:
    bank = QuestionBank(
        name=name,
        version=version,
        provisional=provisional,
        description=description,
        parameter_set=parameter_set,
        source=source[:200],
        loaded_by=user if getattr(user, "is_authenticated", False) else None,
        loaded_at=timezone.now(),
    )
    save_with_audit(bank, user, "question bank loaded")
    Question.objects.bulk_create(
        [_question(bank, order, row) for order, (_n, row) in enumerate(rows, start=1)]
    )
    return bank


def ensure_starter_bank() -> QuestionBank:
    """The shipped provisional starter bank, loaded once (idempotent)."""
    existing = QuestionBank.objects.filter(name=STARTER_BANK).first()
    if existing is not None:
        return existing
    from tailsafe.methodology.services import active_parameter_set

    text = (
        resources.files("tailsafe.methodology")
        .joinpath("question_banks", f"{STARTER_BANK}.yaml")
        .read_text(encoding="utf-8")
    )
    data = yaml.safe_load(text)
    rows = _yaml_rows(data)
    problems = check_rows(rows, set(REQUIRED_COLUMNS))
    if problems:  # a broken shipped file is a programming error
        raise BankImportError(problems)
    ps = ParameterSet.objects.filter(name=data.get("parameter_set")).first()
    with transaction.atomic():
        return _store(
            rows,
            name=data["name"],
            version=str(data["version"]),
            provisional=bool(data.get("provisional", True)),
            description=str(data.get("description", "")),
            parameter_set=ps or active_parameter_set(),
            source=f"{STARTER_BANK}.yaml",
            user=None,
        )


def active_bank() -> QuestionBank:
    """The active bank; the starter bank is loaded and activated when none is."""
    current = QuestionBank.objects.filter(active=True).first()
    if current is not None:
        return current
    with transaction.atomic():
        bank = ensure_starter_bank()
        bank.active = True
        bank.save(update_fields=["active"])
        return bank


@transaction.atomic
def import_bank_xlsx(
    user: User,
    data: bytes,
    *,
    name: str,
    version: str,
    provisional: bool = True,
    filename: str = "",
) -> QuestionBank:
    """Import a question bank from XLSX (admin; MANAGE_PARAMETERS).

    All or nothing: any problem raises :class:`BankImportError` with the row-by-row report and
    nothing is saved. The new bank is inactive; the active bank is unchanged.
    """
    require(user, Perm.MANAGE_PARAMETERS)
    name = (name or "").strip()
    if not name:
        raise BankImportError([Problem(0, _("give the bank a name"))])
    if QuestionBank.objects.filter(name=name).exists():
        raise BankImportError(
            [Problem(0, _("a question bank named %(name)s already exists") % {"name": name})]
        )
    rows, columns = read_xlsx(data)
    problems = check_rows(rows, columns)
    if problems:
        raise BankImportError(problems)
    from tailsafe.methodology.services import active_parameter_set

    return _store(
        rows,
        name=name,
        version=(version or "1").strip(),
        provisional=provisional,
        description="",
        parameter_set=active_parameter_set(),
        source=filename,
        user=user,
    )


@transaction.atomic
def activate_bank(user: User, bank: QuestionBank) -> QuestionBank:
    """Make `bank` the one new assessments use; earlier assessments keep their own bank."""
    require(user, Perm.MANAGE_PARAMETERS)
    for other in QuestionBank.objects.filter(active=True).exclude(pk=bank.pk):
        other.active = False
        save_with_audit(other, user, "question bank deactivated")
    bank.active = True
    save_with_audit(bank, user, "question bank activated")
    return bank
