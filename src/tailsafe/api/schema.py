"""OpenAPI post-processing: every operation documents its error answers (400/401/403/404), so
a test can check that every response matches the document."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_CODES = {
    "400": "Invalid input (filters, page or body).",
    "401": "Not authenticated.",
    "403": "Not allowed for this role or object.",
    "404": "Not found.",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": True,
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, text in ERROR_CODES.items():
                responses.setdefault(
                    code,
                    {"description": text, "content": {"application/json": {"schema": ERROR}}},
                )
    return result
