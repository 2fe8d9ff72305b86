"""Loading a parameter set from text or a mapping, and the shipped default."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

from tailsafe.methodology.params.base import DEFAULT_PARAMETER_SET, ParameterSet, ParameterSetError
from tailsafe.methodology.params.validation import (
    _check_checklist,
    _check_gistm,
    _check_runout,
    _check_thi,
    _check_tri,
    _Checker,
)


def load_parameter_set(text_or_mapping: str | bytes | Mapping[str, Any]) -> ParameterSet:
    """Parse (YAML or JSON text) and validate a parameter set; return a normalised copy.

    Raises :class:`ParameterSetError` (a ``ValueError``) listing every problem: a missing
    section or term, a non-numeric or negative point, a malformed bins list, an unknown class.
    The input is never modified.
    """
    if isinstance(text_or_mapping, bytes):
        text_or_mapping = text_or_mapping.decode("utf-8")
    if isinstance(text_or_mapping, str):
        try:
            data: object = yaml.safe_load(text_or_mapping)
        except yaml.YAMLError as exc:
            try:  # JSON is (almost) YAML; fall back for the few JSON texts YAML rejects
                data = json.loads(text_or_mapping)
            except ValueError:
                raise ParameterSetError([f"not valid YAML or JSON: {exc}"]) from exc
    else:
        data = text_or_mapping
    if not isinstance(data, Mapping):
        raise ParameterSetError([f"top level must be a mapping, got {type(data).__name__}"])
    ps: dict[str, Any] = copy.deepcopy(dict(data))
    c = _Checker()
    c.text(ps, "name", "")
    if "version" not in ps:
        c.add("version", "missing")
    elif not isinstance(ps["version"], int | str) or isinstance(ps["version"], bool):
        c.add("version", f"must be an integer or a string, got {ps['version']!r}")
    if not isinstance(ps.get("provisional"), bool):
        c.add("provisional", f"must be true or false, got {ps.get('provisional')!r}")
    c.text(ps, "description", "")
    _check_thi(c, ps)
    _check_tri(c, ps)
    _check_checklist(c, ps)
    _check_gistm(c, ps)
    _check_runout(c, ps)
    if c.problems:
        name = ps.get("name")
        raise ParameterSetError(c.problems, name if isinstance(name, str) else None)
    return ps


@functools.cache
def _shipped_default() -> ParameterSet:
    text = (
        resources.files("tailsafe.methodology")
        .joinpath("parameter_sets", f"{DEFAULT_PARAMETER_SET}.yaml")
        .read_text(encoding="utf-8")
    )
    return load_parameter_set(text)


def default_parameter_set() -> ParameterSet:
    """Return a copy of the shipped ``provisional-1`` set (read and validated once, cached)."""
    return copy.deepcopy(_shipped_default())


def resolve(params: Mapping[str, Any] | None) -> ParameterSet:
    """The set a computation uses: the cached shipped set for ``None``, else ``params`` validated.

    The returned dict must be treated as read-only (it may be the shared cached default).
    """
    if params is None:
        return _shipped_default()
    return load_parameter_set(params)
