"""Read one queued IATI import as the worker does, in a process of its own, and print the
seconds the reading took and the process's peak memory as JSON."""

from __future__ import annotations

import json
import resource
import sys
import time

from bench import common  # noqa: F401  (sets Django up)
from iati.services import iati_import_read

if __name__ == "__main__":
    start = time.perf_counter()
    iati_import_read(import_id=int(sys.argv[1]))
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))
