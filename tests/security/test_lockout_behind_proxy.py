"""Behind a proxy the lockout keys on the client's address from X-Forwarded-For, so one person's
guesses do not lock out everyone behind the same proxy; without a proxy the header, which any
client can write, is ignored. Settings are built by config/settings.py from the environment."""

from __future__ import annotations

import datetime
import runpy
from pathlib import Path

import pytest
from django.test import Client

SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings.py"
PROXY = "10.0.0.1"
ALICE = "81.16.240.10"
BOB = "81.16.240.20"


def _sign_in(forwarded_for: str, password: str = "wrong-guess") -> int:
    return (
        Client()
        .post(
            "/login/",
            {"username": "focal", "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )
        .status_code
    )


def _lock_out(forwarded_for: str) -> None:
    for _ in range(4):
        assert _sign_in(forwarded_for) == 200
    assert _sign_in(forwarded_for) == 429


@pytest.fixture
def proxies(settings, monkeypatch):
    """Apply the address settings config/settings.py makes for a DONORFLOW_PROXY_COUNT."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)

    def use(count: int) -> None:
        monkeypatch.setenv("DONORFLOW_PROXY_COUNT", str(count))
        built = runpy.run_path(str(SETTINGS))
        for name in [n for n in built if n.startswith(("AXES_IPWARE_", "IPWARE_"))]:
            setattr(settings, name, built[name])

    return use


def test_behind_one_proxy_each_client_has_its_own_count(proxies, focal_point) -> None:
    proxies(1)
    _lock_out(ALICE)
    assert _sign_in(BOB, "pass-1234") == 302


def test_a_client_cannot_pass_for_another_by_writing_the_header(proxies, focal_point) -> None:
    """The proxy appends the address it saw; what the client wrote stays to its left."""
    proxies(1)
    _lock_out(f"{BOB}, {ALICE}")
    assert _sign_in(ALICE, "pass-1234") == 429
    assert _sign_in(BOB, "pass-1234") == 302


def test_behind_two_proxies_the_outer_one_names_the_client(proxies, focal_point) -> None:
    proxies(2)
    _lock_out(f"{ALICE}, 10.0.0.2")
    assert _sign_in(f"{BOB}, 10.0.0.2", "pass-1234") == 302


def test_without_a_proxy_the_header_is_ignored(proxies, focal_point) -> None:
    proxies(0)
    _lock_out(ALICE)
    # Everyone here comes from the one address that connected, whatever the header says.
    assert _sign_in(BOB, "pass-1234") == 429
