"""Thin tasks: read an import by id; beat's sweep queues again what a lost message or a dead
worker left (see ``iati.reading.iati_imports_resume``)."""

from __future__ import annotations

from celery import shared_task

from iati.reading import iati_import_read, iati_imports_resume


@shared_task(acks_late=True, ignore_result=True)
def read_import(import_id: int) -> None:
    iati_import_read(import_id=import_id)


@shared_task(ignore_result=True)
def resume_imports() -> int:
    waiting = iati_imports_resume()
    for import_id in waiting:
        read_import.delay(import_id)
    return len(waiting)
