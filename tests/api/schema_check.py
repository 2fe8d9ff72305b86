"""Validate a Django test response against the OpenAPI document (OAS 3.1 = JSON Schema 2020-12)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import jsonschema
from referencing import Registry, Resource


@lru_cache(maxsize=1)
def openapi() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))


def _operation(path: str, method: str) -> dict[str, Any]:
    doc = openapi()
    for template, item in doc["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return item[method.lower()]
    raise AssertionError(f"{method} {path} is not in the OpenAPI document")


def validate(response: Any, method: str = "GET") -> None:
    """The response's status is documented and its JSON body matches the documented schema."""
    path = response.request["PATH_INFO"]
    operation = _operation(path, method)
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{response.status_code} not documented for {method} {path}"
    content = documented.get("content", {})
    ctype = response["Content-Type"].split(";")[0]
    if not content:
        return
    assert ctype in content, f"{ctype} not documented for {method} {path}: {list(content)}"
    schema = content[ctype].get("schema")
    if schema is None or not ctype.endswith("json"):
        return
    doc = openapi()
    registry = Registry().with_resource(
        "urn:openapi",
        Resource.from_contents({**doc, "$schema": "https://json-schema.org/draft/2020-12/schema"}),
    )
    wrapped = {"$schema": "https://json-schema.org/draft/2020-12/schema", **_rebase(schema)}
    jsonschema.Draft202012Validator(wrapped, registry=registry).validate(
        json.loads(response.content)
    )


def _rebase(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: ("urn:openapi" + v if k == "$ref" and v.startswith("#") else _rebase(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node
