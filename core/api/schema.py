"""The API schema states every answer an operation can give, not only its success.

Every refusal has the shape of ``core.api.errors``; this hook adds those answers to each
operation, and says that an empty choice or date filter means "any" (the same filter sets serve
the pages, whose forms send empty fields).
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "messages": {"type": "array", "items": {"type": "string"}},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail"],
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}
VERSION_CONFLICT_SCHEMA = {
    "type": "object",
    "properties": {
        **ERROR_SCHEMA["properties"],
        "version": {"type": "integer", "description": "The record's version stored now."},
        "current": {
            "type": "object",
            "additionalProperties": True,
            "description": "The record as stored now, as its own GET answers it.",
        },
    },
    "required": ["detail", "version"],
}
_ETAG = {
    "ETag": {
        "description": 'The record\'s version, e.g. "3"; send it back as If-Match to write.',
        "schema": {"type": "string"},
    }
}

# The answers, and what each means for any operation that gives it.
_ANSWERS = {
    "400": "The request has errors; each is named in messages.",
    "401": "Not signed in: no or an unknown token.",
    "403": "The role or unit may not do this.",
    "404": "The item, or the page of results, does not exist.",
    "409": "The item's state does not allow this now.",
    "412": "The record is no longer the version If-Match names; the answer carries the version "
    "and the record stored now.",
    "415": "The body is not in a type this operation reads.",
    "429": "Too many failed sign-in attempts; try again later.",
}
_WRITES = {"post", "put", "patch", "delete"}


def _answers_for(path: str, method: str) -> list[str]:
    if path.endswith("/auth/token/"):
        return ["400", "415", "429"]
    codes = ["400", "401", "403", "404"]
    if method in _WRITES:
        codes += ["409", "415"]
    return codes


def _allow_empty_filter(parameter: dict[str, Any]) -> None:
    """An empty choice or date filter means "any", as in the pages' forms."""
    schema = parameter.get("schema", {})
    if parameter.get("in") != "query":
        return
    if "enum" in schema and "" not in schema["enum"]:
        schema["enum"] = [*schema["enum"], ""]
    elif schema.get("type") == "string" and schema.get("format") in {"date", "date-time"}:
        parameter["schema"] = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}


def _conditional(operation: dict[str, Any]) -> bool:
    return any(
        p.get("in") == "header" and p.get("name") == "If-Match"
        for p in operation.get("parameters", [])
    )


def _versioned(schemas: dict[str, Any], response: dict[str, Any]) -> bool:
    """The answer is one record that carries a version (so it is sent with an ETag)."""
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    name = schema.get("$ref", "").rpartition("/")[2]
    return "version" in schemas.get(name, {}).get("properties", {})


def _document_versions(schemas: dict[str, Any], operation: dict[str, Any]) -> None:
    """ETag on every answer of one versioned record; 412 where If-Match is read."""
    for code, response in operation["responses"].items():
        if code.startswith("2") and _versioned(schemas, response):
            response.setdefault("headers", {}).update(_ETAG)
    if _conditional(operation):
        operation["responses"].setdefault(
            "412",
            {
                "description": _ANSWERS["412"],
                "headers": _ETAG,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/VersionConflict"}}
                },
            },
        )


def document_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["VersionConflict"] = VERSION_CONFLICT_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _document_versions(schemas, operation)
            for code in _answers_for(path, method):
                operation["responses"].setdefault(
                    code,
                    {
                        "description": _ANSWERS[code],
                        "content": {"application/json": {"schema": _ERROR_REF}},
                    },
                )
            for parameter in operation.get("parameters", []):
                _allow_empty_filter(parameter)
    return result
