"""The draft source file of an imported SOP: the YAML, its doubts as comments, checked by the validator.

A value the validator refuses (a time written `10 mnit`, a date out of order) is taken out of
the file and kept as a comment beside its key, with the validator's message as a doubt, so the
draft still builds and the maintainer still sees what the document said. A required value that
could not be read stays missing: the report names it.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

from katalog_sop.importer.document import Doubt
from katalog_sop.source.load import load_document
from katalog_sop.source.sourcefile import scalar, sop_text_with_origins
from katalog_sop.source.validate import read_sop

REQUIRED = (
    "nomor",
    "nama",
    "tanggal_pembuatan",
    "tanggal_efektif",
    "disahkan_oleh",
    "dasar_hukum",
    "pelaksana",
    "kegiatan",
)
DOUBT_MARK = "RAGU"
MAX_ROUNDS = 20


def doubt_path(key: str) -> tuple[str | int, ...]:
    """``kegiatan.4.pelaksana`` -> ("kegiatan", 3, "pelaksana"): 1-based numbers to list indexes."""
    return tuple(int(part) - 1 if part.isdigit() else part for part in key.split("."))


def doubt_key(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part + 1) if isinstance(part, int) else part for part in path)


def _remove(values: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    """Take the value at ``path`` out of ``values``; returns it (None when absent)."""
    holder: Any = values
    for part in path[:-1]:
        try:
            holder = holder[part]
        except (KeyError, IndexError, TypeError):
            return None
    last = path[-1]
    try:
        value = holder[last]
    except (KeyError, IndexError, TypeError):
        return None
    if isinstance(holder, list):
        holder.pop(last)
        return value
    del holder[last]
    return value


def check(text: str, opd: str, slug: str) -> list[tuple[int, str]]:
    """(line, message) of every problem the validator finds in one SOP file's text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{slug}.yml"
        path.write_text(text, encoding="utf-8")
        doc, problems = load_document(path, path.name)
        if doc is not None and not problems:
            problems = read_sop(doc, opd, slug)[1]
    return [(p.line, p.message) for p in problems]


def _path_at(origins: dict[int, tuple[str | int, ...]], line: int) -> tuple[str | int, ...]:
    """The key path written on ``line``, or on the nearest line above that has one."""
    for number in range(line, 0, -1):
        if number in origins:
            return origins[number]
    return ()


def _removable(path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """The smallest optional value to take out for a problem at ``path``."""
    if not path or (path[0] in REQUIRED and len(path) == 1) or path[0] == "pelaksana":
        return None  # required, or an actor column of the document: never dropped to make the file pass
    if path[0] == "kegiatan" and len(path) >= 3 and path[2] in ("uraian", "pelaksana"):
        return None
    if path[0] == "disahkan_oleh" and len(path) == 2 and path[1] != "nip":
        return None
    return path[:3] if path[0] == "kegiatan" else path


def settle(values: dict[str, Any], opd: str, slug: str) -> tuple[dict[str, Any], list[Doubt], list[str]]:
    """The values with every refused optional value taken out (as doubts), and the problems left."""
    values = copy.deepcopy(values)
    doubts: list[Doubt] = []
    for _ in range(MAX_ROUNDS):
        text, origins = sop_text_with_origins(values)
        problems = check(text, opd, slug)
        if not problems:
            return values, doubts, []
        taken = False
        left = []
        for line, message in problems:
            path = _path_at(origins, line)
            removable = _removable(path)
            if removable is not None and not taken:
                written = _remove(values, removable)
                shown = scalar(written) if not isinstance(written, dict | list) else str(written)
                doubts.append(Doubt(doubt_key(removable), f"nilai terbaca `{shown}` ditolak pemeriksa: {message}"))
                taken = True
            else:
                left.append(f"{doubt_key(path) or 'berkas'}: {message}")
        if not taken:
            return values, doubts, left
    return values, doubts, ["terlalu banyak masalah; periksa berkas"]


def write_text(values: dict[str, Any], doubts: list[Doubt], source_name: str) -> str:
    """The draft's YAML with a comment block on top and each doubt as a comment above its key."""
    text, origins = sop_text_with_origins(values)
    lines = text.splitlines()
    placed: dict[int, list[str]] = {}
    unplaced: list[str] = []
    for doubt in doubts:
        wanted = doubt_path(doubt.key)
        line = next((n for n, path in sorted(origins.items()) if path[: len(wanted)] == wanted), None)
        if line is None and len(wanted) > 1:
            line = next((n for n, path in sorted(origins.items()) if path[: len(wanted) - 1] == wanted[:-1]), None)
        if line is None:
            unplaced.append(doubt.message)
        else:
            placed.setdefault(line, []).append(doubt.message)
    out = [
        lines[0],
        f"# Dibaca dari {source_name} oleh scripts/import_dokumen.py: DRAF, periksa dengan dokumen aslinya.",
    ]
    out.append(
        f"# Setiap `# {DOUBT_MARK}:` menandai nilai yang tidak terbaca dengan yakin; hapus tandanya setelah diperiksa."
    )
    out.extend(f"# {DOUBT_MARK}: {message}" for message in unplaced)
    for number, line in enumerate(lines[1:], start=2):
        indent = line[: len(line) - len(line.lstrip())]
        if line.lstrip().startswith("- "):
            indent += "  "
        out.extend(f"{indent}# {DOUBT_MARK}: {message}" for message in placed.get(number, []))
        out.append(line)
    return "\n".join(out) + "\n"
