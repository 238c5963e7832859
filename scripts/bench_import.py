#!/usr/bin/env python3
"""Benchmark of scripts/import_dokumen.py on the document corpus (tests/fixtures/dokumen/).

For each producer folder: the share of fields read exactly, the share of fields wrong and not
listed as a doubt, and seconds per document. A benchmark, not a timed test.

Usage: python scripts/bench_import.py [--korpus tests/fixtures/dokumen] [--rinci] [--json BERKAS]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import yaml

from katalog_sop.importer.assemble import assemble
from katalog_sop.importer.document import UnreadableDocument
from katalog_sop.importer.fields import field_values, score
from katalog_sop.importer.run import SUFFIXES, read_document

PRODUCERS = ("esop", "libreoffice", "word", "webapp")


def measure(folder: Path, detail: bool) -> dict:
    fields = exact = silent = documents = 0
    seconds = 0.0
    for document in sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES):
        expected_file = document.with_name(f"{document.stem}.expected.yml")
        if not expected_file.is_file():
            continue
        expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
        started = time.perf_counter()
        try:
            values, doubts = assemble(read_document(document), set())
        except UnreadableDocument as error:
            print(f"{document}: {error}", file=sys.stderr)
            values, doubts = {}, []
        seconds += time.perf_counter() - started
        count, right, wrong, keys = score(expected, values, {d.key for d in doubts})
        fields, exact, silent, documents = fields + count, exact + right, silent + wrong, documents + 1
        if detail:
            wanted, found = field_values(expected), field_values(values)
            for key in wanted.keys() | found.keys():
                if wanted.get(key) != found.get(key):
                    mark = "TANPA RAGU" if key in keys else "ragu"
                    print(f"{document.name}: {key} [{mark}]\n   harus {wanted.get(key)!r}\n   dapat {found.get(key)!r}")
    return {
        "dokumen": documents,
        "kolom": fields,
        "tepat": exact / fields if fields else 0.0,
        "salah_tanpa_ragu": silent / fields if fields else 0.0,
        "detik_per_dokumen": seconds / documents if documents else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--korpus", type=Path, default=Path("tests/fixtures/dokumen"))
    parser.add_argument("--rinci", action="store_true", help="tulis setiap kolom yang tidak tepat")
    parser.add_argument("--json", type=Path, help="tulis hasilnya sebagai JSON")
    args = parser.parse_args(argv)
    results = {}
    for producer in PRODUCERS:
        folder = args.korpus / producer
        if folder.is_dir():
            results[producer] = measure(folder, args.rinci)
    print("| produsen | dokumen | kolom | tepat | salah tanpa ragu | detik/dokumen |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for producer, r in results.items():
        print(
            f"| {producer} | {r['dokumen']} | {r['kolom']} | {r['tepat']:.1%} | {r['salah_tanpa_ragu']:.1%} "
            f"| {r['detik_per_dokumen']:.2f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
