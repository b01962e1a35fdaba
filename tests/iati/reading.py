"""Upload a file and read it, as the worker would once the upload is committed."""

from __future__ import annotations

import io

from core.models import User
from iati.models import IatiImport
from iati.reading import iati_import_create, iati_import_read


def read_file(user: User, data: bytes, name: str = "eu.xml") -> IatiImport:
    batch = iati_import_create(user=user, file_name=name, file=io.BytesIO(data))
    iati_import_read(import_id=batch.pk)
    batch.refresh_from_db()
    return batch
