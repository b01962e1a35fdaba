"""One pass over an IATI file in a process of its own, as a worker makes it: ``read ID`` reads
a queued import with the service, ``bare PATH`` makes a bare lxml iterparse pass over the file.
Prints the seconds the pass took and the process's peak memory as JSON."""

from __future__ import annotations

import json
import resource
import sys
import time

from lxml import etree

from bench import common  # noqa: F401  (sets Django up)
from iati.reading import iati_import_read


def bare_iterparse(path: str) -> None:
    """The least a streaming read can do: every element parsed, each activity dropped."""
    for _event, element in etree.iterparse(path, events=("end",), tag="iati-activity"):
        element.clear()
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]


if __name__ == "__main__":
    mode, target = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    if mode == "bare":
        bare_iterparse(target)
    else:
        iati_import_read(import_id=int(target))
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))
