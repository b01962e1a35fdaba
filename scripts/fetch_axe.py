"""Fetch axe-core for the accessibility test: the npm registry's tarball of one pinned version,
checked against the registry's sha512 integrity before anything is unpacked, its axe.min.js
written where the test reads it. Python only, so a machine without node can run the suite.

Usage: python3 scripts/fetch_axe.py VERSION INTEGRITY DESTINATION
(INTEGRITY as ``npm view axe-core@VERSION dist.integrity`` prints it: ``sha512-<base64>``.)
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path


def fetch(version: str, integrity: str, destination: Path) -> None:
    # The file starts with its version ("/*! axe v4.14.1"); a current copy is kept as it is.
    if destination.exists() and destination.read_bytes()[:40].startswith(
        f"/*! axe v{version}".encode()
    ):
        return
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512" or not expected:
        sys.exit(f"axe-core: expected a sha512 integrity, got {integrity!r}")
    url = f"https://registry.npmjs.org/axe-core/-/axe-core-{version}.tgz"
    with urllib.request.urlopen(url, timeout=60) as answer:
        tarball = answer.read()
    found = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if found != expected:
        sys.exit(f"axe-core {version}: the tarball's sha512 is {found}, expected {expected}")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        if member is None:
            sys.exit(f"axe-core {version}: no package/axe.min.js in the tarball")
        script = member.read()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_suffix(".part")
    partial.write_bytes(script)
    partial.replace(destination)
    print(f"axe-core {version} in {destination}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    fetch(sys.argv[1], sys.argv[2], Path(sys.argv[3]))
