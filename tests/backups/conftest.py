from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType


@pytest.fixture(autouse=True)
def _content_types_read_afresh() -> Iterator[None]:
    # A restore flushes, and the content types come back under new keys; rolling the test back
    # restores the old ones, which the process's cache of content types must not outlive.
    yield
    ContentType.objects.clear_cache()
