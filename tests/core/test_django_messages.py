"""The Django messages our catalogue translates are still Django's wording, word for word (an
upgrade that rewords one would otherwise leave it in English again)."""

from __future__ import annotations

from pathlib import Path

import django
from django.utils.translation import override

from core.django_messages import DJANGO_MESSAGES, DJANGO_PLURAL_MESSAGES

DJANGO = Path(django.__file__).parent


def _django_msgids() -> str:
    catalogues = [DJANGO / "conf", DJANGO / "contrib" / "auth"]
    return "".join(
        (folder / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        for folder in catalogues
    ).replace('"\n"', "")


def test_each_listed_message_is_djangos_own() -> None:
    msgids = _django_msgids()
    with override("en"):
        listed = [str(m) for m in DJANGO_MESSAGES] + [
            m % {"num": 1} for m in DJANGO_PLURAL_MESSAGES
        ]
    singular = [m.replace("%(num)d", "1") for m in msgids.splitlines()]
    for message in listed:
        assert f'msgid "{message}"' in msgids or f'msgid "{message}"' in singular, message
