"""The API schema states every answer an operation can give, not only its success.

Every refusal has the shape of ``core.api.errors``; this hook adds those answers to each
operation, and says that an empty choice or date filter means "any" (the same filter sets serve
the pages, whose forms send empty fields).
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "messages": {"type": "array", "items": {"type": "string"}},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail"],
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}

# The answers, and what each means for any operation that gives it.
_ANSWERS = {
    "400": "The request has errors; each is named in messages.",
    "401": "Not signed in: no or an unknown token.",
    "403": "The role or unit may not do this.",
    "404": "The item, or the page of results, does not exist.",
    "409": "The item's state does not allow this now.",
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


def document_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
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
