#!/usr/bin/env python3
"""Write the JSON Schemas of the source format to `skema/`, or check they are current.

The schemas are generated from katalog_sop/source/schema.py, the same declaration the
validator reads with; editors (VS Code with the YAML extension) use the copies
in `skema/` to complete keys and explain them while a file is written.

Usage: python scripts/write_schema.py [--check]
Exit status: 0 when written or current, 1 when `--check` finds them out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from katalog_sop.source.schema import source_schemas
from katalog_sop.urls import SOURCE_SCHEMA_DIR

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tulis skema JSON format sumber SOP ke folder skema/.")
    parser.add_argument("--check", action="store_true", help="hanya periksa bahwa berkas di skema/ sudah terbaru")
    args = parser.parse_args(argv)
    folder = REPO / SOURCE_SCHEMA_DIR
    stale = 0
    for name, text in source_schemas().items():
        path = folder / name
        shown = f"{SOURCE_SCHEMA_DIR}/{name}"
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if args.check:
            stale += 1
            state = "belum ada" if current is None else "tidak sama dengan katalog_sop/source/schema.py"
            print(f"{shown}:1:1: skema {state}; jalankan `python scripts/write_schema.py` lalu commit hasilnya.")
        else:
            folder.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"{shown} ditulis.")
    if stale:
        return 1
    if args.check:
        print(f"{SOURCE_SCHEMA_DIR}/: skema format sumber sudah terbaru.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
