"""Importing a batch of signed documents: one draft per document, a report entry per document.

Every path written is resolved and kept inside the output folder; an existing file is never
replaced without ``overwrite``; a nomor already in the catalogue (or earlier in the batch) is
refused, as ``scripts/new_sop.py`` refuses it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from katalog_sop.importer.assemble import assemble
from katalog_sop.importer.document import Doubt, ReadDocument, UnreadableDocument
from katalog_sop.importer.draft import settle, write_text
from katalog_sop.problems import display_path, excerpt, writing
from katalog_sop.slugs import slugify
from katalog_sop.source.read import RESERVED_SOP_SLUGS, find_taken, taken_message

SUFFIXES = (".pdf", ".docx")
MAX_SLUG = 80
MAX_BYTES = 50 * 1024 * 1024  # a signed SOP is well under this; a larger file is not one document


@dataclass
class Entry:
    """What happened to one document (the JSON report's item)."""

    dokumen: str
    sop: str | None = None
    ragu: list[Doubt] = field(default_factory=list)
    galat: list[str] = field(default_factory=list)
    seconds: float = 0.0
    values: dict | None = None

    def as_json(self) -> dict:
        return {
            "dokumen": self.dokumen,
            "sop": self.sop,
            "ragu": [{"kunci": d.key, "pesan": d.message} for d in self.ragu],
            "galat": list(self.galat),
        }


def documents(paths: list[Path]) -> tuple[list[Path], list[Entry]]:
    """The documents named, folders expanded (sorted, not following symlinks); names that are not
    a .pdf or .docx document become report entries."""
    found: list[Path] = []
    refused: list[Entry] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            found.extend(
                sorted(
                    p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file() and not p.is_symlink()
                )
            )
        elif path.is_file() and path.suffix.lower() in SUFFIXES:
            found.append(path)
        elif path.suffix.lower() == ".doc":
            refused.append(
                Entry(str(path), galat=["format .doc lama tidak dibaca; simpan ulang sebagai .docx atau PDF"])
            )
        elif not path.exists():
            refused.append(Entry(str(path), galat=["berkas tidak ditemukan"]))
        else:
            refused.append(Entry(str(path), galat=["bukan dokumen .pdf atau .docx"]))
    return found, refused


def read_document(path: Path) -> ReadDocument:
    if path.stat().st_size > MAX_BYTES:
        raise UnreadableDocument(f"berkas lebih dari {MAX_BYTES // (1024 * 1024)} MB; bukan satu dokumen SOP")
    if path.suffix.lower() == ".pdf":
        from katalog_sop.importer.pdf import read_pdf

        return read_pdf(path)
    from katalog_sop.importer.word import read_docx

    return read_docx(path)


def slug_for(nama: str) -> str:
    slug = slugify(nama)[:MAX_SLUG].strip("-") or "sop"
    return f"{slug}-sop" if slug in RESERVED_SOP_SLUGS else slug


def import_all(
    paths: list[Path],
    opd: str,
    folder: Path,
    root: Path,
    nomor_taken: dict[str, str],
    overwrite: bool = False,
    write: bool = True,
) -> list[Entry]:
    """Read every document and write its draft into ``folder``; one entry per document, in order."""
    found, entries = documents(paths)
    taken = dict(nomor_taken)
    written: set[Path] = set()
    inside = folder.resolve()
    for path in found:
        started = time.perf_counter()
        entry = Entry(str(path))
        entries.append(entry)
        try:
            document = read_document(path)
        except UnreadableDocument as error:
            entry.galat.append(str(error))
            continue
        except Exception as error:  # a producer we have not seen: say so, go on with the next document
            entry.galat.append(
                f"tidak dapat dibaca ({type(error).__name__}); berkas rusak atau bentuknya tidak dikenal"
            )
            continue
        values, doubts = assemble(document, set(taken))
        name = str(values.get("nama") or path.stem)
        slug = slug_for(name)
        values, refused, left = settle(values, opd, slug)
        entry.ragu = [Doubt(d.key, excerpt(d.message, 300), d.page) for d in (*doubts, *refused)]
        entry.values = values
        entry.galat.extend(left)
        target = (folder / f"{slug}.yml").resolve()
        nomor = values.get("nomor")
        owned = find_taken(nomor, taken) if nomor else None
        owner = owned[1] if owned else None
        mine = display_path(target, root)
        if target.parent != inside:
            entry.galat.append("nama berkas keluar dari folder tujuan; tidak ditulis")
        elif target in written:
            entry.galat.append(
                f"`{mine}` sudah ditulis dari dokumen lain dalam impor ini (nama SOP sama); tidak ditulis"
            )
        elif owner and not (overwrite and owner == mine):
            entry.galat.append(f"{taken_message(nomor, owned[0], owner)} Tidak ditulis.")
        elif (target.exists() or target.is_symlink()) and not overwrite:
            entry.galat.append(f"`{mine}` sudah ada; tidak ditimpa (pakai --timpa untuk menimpa)")
        elif target.is_symlink():
            entry.galat.append(f"`{mine}` adalah tautan simbolik; tidak ditulis")
        else:
            if write:
                with writing(target):  # a full disk names the draft (see katalog_sop.problems.writing)
                    target.write_text(write_text(values, entry.ragu, path.name), encoding="utf-8")
            written.add(target)
            entry.sop = mine
            if nomor:
                taken[nomor] = mine
        entry.seconds = time.perf_counter() - started
    return entries
