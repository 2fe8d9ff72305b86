"""One home for each rule (issues 13 and 14), checked by reading the source:

- a role is compared only in core/permissions.py and the apps' rules.py (everything else asks
  a capability, a scope or an object rule);
- every CSV or XLSX the product writes goes through core.spreadsheet (safe_cell / SafeWriter),
  so no cell runs as a formula in a spreadsheet;
- a view turns a service's ValidationError into form errors or messages only through
  core.forms.service_errors;
- a user is typed (`User`, or `AnyUser` where an anonymous visitor arrives), never `Any`
  (issue 13, item 6), so mypy checks what is asked of it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "tailsafe"


def sources() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if "migrations" not in p.parts]


def _is_role(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "role"


def role_comparisons(tree: ast.AST) -> list[int]:
    """Lines of comparisons with a `.role` attribute (==, !=, in, not in, is)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and (
            _is_role(node.left) or any(_is_role(c) for c in node.comparators)
        ):
            lines.append(node.lineno)
    return lines


def test_the_checker_finds_role_comparisons() -> None:
    found = role_comparisons(
        ast.parse("a = user.role == 'operator'\nb = u.role in ('x',)\nc = x != r.role\n")
    )
    assert sorted(found) == [1, 2, 3]
    assert role_comparisons(ast.parse("User.objects.filter(role='inspector')")) == []


def test_no_role_comparison_outside_permissions_and_rules() -> None:
    allowed = {SRC / "core" / "permissions.py"}
    offenders = []
    for path in sources():
        if path in allowed or path.name == "rules.py":
            continue
        for line in role_comparisons(ast.parse(path.read_text(), str(path))):
            offenders.append(f"{path.relative_to(SRC)}:{line}")
    assert not offenders, f"compare roles only in core/permissions.py or rules.py: {offenders}"


WRITERS = re.compile(
    r"csv\.(writer|DictWriter)\s*\(|\bWorkbook\s*\(|xlsxwriter|\.save\(\s*[\w.]*xlsx|"
    r"write_only\s*=\s*True"
)


def test_the_checker_finds_spreadsheet_writers() -> None:
    for text in ("w = csv.writer(out)", "csv.DictWriter(f, names)", "wb = Workbook()"):
        assert WRITERS.search(text), text
    assert not WRITERS.search("load_workbook(data, read_only=True)")


def test_every_csv_and_xlsx_is_written_through_core_spreadsheet() -> None:
    allowed = {SRC / "core" / "spreadsheet.py"}
    offenders = []
    for path in sources():
        if path in allowed:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if WRITERS.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, f"write CSV/XLSX with tailsafe.core.spreadsheet: {offenders}"


def _names_validation_error(node: ast.expr | None) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Tuple):
        return any(_names_validation_error(e) for e in node.elts)
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name == "ValidationError"


def validation_error_handlers(tree: ast.AST) -> list[int]:
    """Lines of `except ValidationError` (alone or in a tuple)."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler) and _names_validation_error(node.type)
    ]


def test_the_checker_finds_validation_error_handlers() -> None:
    found = validation_error_handlers(
        ast.parse(
            "try:\n    f()\nexcept ValidationError as exc:\n    pass\n"
            "try:\n    f()\nexcept (PermissionDenied, exceptions.ValidationError):\n    pass\n"
            "try:\n    f()\nexcept PermissionDenied:\n    pass\n"
        )
    )
    assert found == [3, 7]


def test_views_leave_validation_errors_to_core_forms_service_errors() -> None:
    """A view shows a service's refusal through `core.forms.service_errors` (one place),
    never with its own `except ValidationError`."""
    offenders = []
    for path in sources():
        if not any(part.startswith("views") or part.endswith("views.py") for part in path.parts):
            continue
        for line in validation_error_handlers(ast.parse(path.read_text(), str(path))):
            offenders.append(f"{path.relative_to(SRC)}:{line}")
    assert not offenders, f"use tailsafe.core.forms.service_errors in views: {offenders}"


MAX_MODULE_LINES = 400
"""Issue 13: a module over this splits by sub-area into a package (its __init__ re-exports)."""


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def _is_any(node: ast.expr | None) -> bool:
    return (isinstance(node, ast.Name) and node.id == "Any") or (
        isinstance(node, ast.Attribute) and node.attr == "Any"
    )


def _is_user_name(name: str) -> bool:
    return name == "user" or name.endswith("_user")


def users_typed_any(tree: ast.AST) -> list[int]:
    """Lines where a parameter or variable named `user` (or `*_user`) is annotated `Any`."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg):
            name, annotation = node.arg, node.annotation
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, annotation = node.target.id, node.annotation
        else:
            continue
        if _is_user_name(name) and _is_any(annotation):
            lines.append(node.lineno)
    return lines


def test_the_checker_finds_users_typed_any() -> None:
    found = users_typed_any(
        ast.parse(
            "def f(user: Any) -> None: ...\n"
            "def g(x: int, *, official_user: typing.Any = None) -> None: ...\n"
            "user: Any = request.user\n"
        )
    )
    assert sorted(found) == [1, 2, 3]
    assert (
        users_typed_any(ast.parse("def f(user: User, users: Any, u: AnyUser) -> None: ...")) == []
    )


def test_no_user_typed_any() -> None:
    offenders = []
    for path in sources():
        for line in users_typed_any(ast.parse(path.read_text(), str(path))):
            offenders.append(f"{path.relative_to(SRC)}:{line}")
    assert not offenders, f"type a user as User or AnyUser (core/typing.py), not Any: {offenders}"
