"""The "updated" time of a project in a public output, learnt only from what is public."""

from __future__ import annotations

import datetime
import hashlib

from django.utils import timezone

from publication.models import PublicStamp


# No transaction of its own: each write stands alone (conditional, or ignoring a row another
# request made), so a feed read takes no write lock unless public content has changed.
def public_stamps_refresh(
    *, output: str, contents: dict[int, bytes]
) -> dict[int, datetime.datetime]:
    """For each project (id → its public content in ``output``), the time that content was
    first seen as it is now. A changed content is stamped now; an unchanged one keeps its
    time, whatever else about the project was edited. A project seen for the first time is
    stamped now too: its own ``updated_at`` could tell of edits kept back."""
    digests = {pk: hashlib.sha256(content).hexdigest() for pk, content in contents.items()}
    known = {
        stamp.project_id: stamp
        for stamp in PublicStamp.objects.filter(output=output, project_id__in=list(digests))
    }
    now = timezone.now()
    since: dict[int, datetime.datetime] = {}
    for pk, digest in digests.items():
        stamp = known.get(pk)
        if stamp is not None and stamp.digest == digest:
            since[pk] = stamp.since
            continue
        since[pk] = now
        if stamp is None:
            PublicStamp.objects.bulk_create(
                [PublicStamp(project_id=pk, output=output, digest=digest, since=now)],
                ignore_conflicts=True,  # another request stamped it first: either time is right
            )
        else:
            # Conditional: a request that stamped the new content meanwhile is not undone.
            PublicStamp.objects.filter(pk=stamp.pk, digest=stamp.digest).update(
                digest=digest, since=now
            )
    return since
