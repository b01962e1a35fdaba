"""Run the benchmarks on PostgreSQL and print their figures: ``make bench`` or
``python -m bench.run [register sweeps transitions email dashboard]``."""

from __future__ import annotations

import importlib
import sys
import time

from bench.common import heading, machine, require_postgres
from bench.seed import wipe

ALL = ["register", "sweeps", "transitions", "email", "dashboard", "iati"]


def main(names: list[str]) -> None:
    require_postgres()
    heading(f"Donorflow benchmarks, {time.strftime('%Y-%m-%d')}")
    print(machine(), flush=True)
    for name in names or ALL:
        if name not in ALL:
            raise SystemExit(f"Unknown benchmark {name!r}; choose from {', '.join(ALL)}.")
        wipe()
        start = time.perf_counter()
        importlib.import_module(f"bench.{name}").run()
        print(f"({name}: {time.perf_counter() - start:.0f} s including data generation)")


if __name__ == "__main__":
    main(sys.argv[1:])
