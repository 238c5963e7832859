#!/usr/bin/env python3
"""Zensical in a venv of its own, pinned by requirements-zensical.txt and cached in ~/.cache/katalog-sop/.

Zensical must never touch mkdocs and Material in .venv, so it gets its own venv, named after the hash of the
requirements file: a changed pin makes a new venv. Standard library only, so that .ci/run can run it with the
bare python3 before .venv exists (`python3 tests/site/zensical_venv.py` prints the venv's folder); the engine
tests call `ensure()` and so install it on a developer's machine too.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
REQUIREMENTS = REPO / "requirements-zensical.txt"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "katalog-sop"
_DONE = "terpasang.txt"  # written last: a venv without it was cut off midway and is made again


def folder() -> Path:
    """The venv for the current pins."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    return CACHE / f"zensical-{digest}"


def ensure() -> Path:
    """The venv's folder, made and installed first if it is not there (once, under a lock: xdist workers)."""
    venv = folder()
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "zensical.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv / _DONE).is_file():
            return venv
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
        (venv / _DONE).write_bytes(REQUIREMENTS.read_bytes())
    return venv


if __name__ == "__main__":
    print(ensure())
