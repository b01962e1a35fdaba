"""Typed readers for settings taken from the environment.

Each reader fails loudly (ImproperlyConfigured, naming the variable) on a value it cannot
understand, so a typo in production configuration stops the start-up instead of silently
falling back to a default.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true/false, 1/0, yes/no).")


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from exc
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(f"{name}={number} is outside {minimum}..{maximum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"{name}={value!r} has an empty item in its comma-separated list."
        )
    return items


def env_url(name: str, default: str | None, *, schemes: set[str]) -> str | None:
    """A URL whose scheme must be one of ``schemes``."""
    value = _raw(name)
    if value is None:
        return default
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(
            f"{name} must be a URL with scheme {allowed}; got {parsed.scheme!r}."
        )
    return value


def env_email(name: str, default: str) -> str:
    value = env_str(name, default)
    # Accept "Name <addr@host>" as Django does, but insist on an address part.
    address = value.rsplit("<", 1)[-1].rstrip(">").strip()
    local, _, domain = address.partition("@")
    if not local or ("." not in domain and domain != "localhost"):
        raise ImproperlyConfigured(f"{name}={value!r} is not an email address.")
    return value
