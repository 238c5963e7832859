"""Write SOP and OPD source files (YAML) from values, in the order and with the words of schema.py.

Used by the scaffolds (`scripts/new_sop.py`, `scripts/new_opd.py`), which write every
key with a comment in Bahasa Indonesia explaining it, and by the spreadsheet import,
which writes only the keys it has. Scalars are quoted by PyYAML, so any text reads
back exactly as it was given.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml

from katalog_sop.schema import (
    OPD_RECORD,
    OPD_SCHEMA_FILE,
    SOP_RECORD,
    SOP_SCHEMA_FILE,
    SOURCE_SCHEMA_DIR,
    Field,
    ListOf,
    OneOf,
    Record,
)

ALWAYS_QUOTED = {"nomor", "nip", "telepon", "sop"}  # digits and slashes that must stay text


def modeline(schema_file: str) -> str:
    """The first line of a source file: tells the editor which JSON Schema describes it."""
    return f"# yaml-language-server: $schema=../../{SOURCE_SCHEMA_DIR}/{schema_file}"


def scalar(value: Any, key: str = "") -> str:
    """One value as YAML text that reads back as the same value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int) and key not in ALWAYS_QUOTED:
        return str(value).lower() if isinstance(value, bool) else str(value)
    text = str(value)
    if key in ALWAYS_QUOTED:
        return json.dumps(text, ensure_ascii=False)
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**9, default_style=None)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _note(spec: Field) -> str:
    description = spec.description.replace("Tambahan Katalog SOP (opsional): ", "Tambahan Katalog SOP: ")
    return f"{'Wajib' if spec.required else 'Opsional'}. {description}"


class _Writer:
    def __init__(self, comments: bool, every_key: bool) -> None:
        self.comments = comments
        self.every_key = every_key
        self.lines: list[str] = []
        self.origins: dict[int, tuple[str | int, ...]] = {}  # index in `lines` -> key path it writes
        self.path: tuple[str | int, ...] = ()

    def record(self, record: Record, values: dict[str, Any], indent: int, first_prefix: str = "") -> None:
        """Write the keys of ``record``; ``first_prefix`` replaces the indent of the first key (`- `)."""
        pad = " " * indent
        for spec in record.fields:
            present = spec.key in values and values[spec.key] is not None
            if not present and not self.every_key:
                continue
            if self.comments:
                self.lines.append(f"{pad}# {_note(spec)}")
            lead = pad
            if first_prefix:  # the first key of a list item carries its `- `
                lead, first_prefix = pad[: -len(first_prefix)] + first_prefix, ""
            outer = self.path
            self.path = (*outer, spec.key)
            self.origins[len(self.lines)] = self.path
            self.field(spec, values.get(spec.key), lead, indent)
            self.path = outer

    def field(self, spec: Field, value: Any, lead: str, indent: int) -> None:
        kind = spec.type
        if value is None:
            if isinstance(kind, Record) and self.comments:
                self.example(kind, spec.key, lead)
            else:
                self.lines.append(f"{lead}{spec.key}:")
            return
        if isinstance(kind, Record):
            self.lines.append(f"{lead}{spec.key}:")
            self.record(kind, value, indent + 2)
            return
        if isinstance(kind, ListOf):
            items = value if isinstance(value, list | tuple) else [value]
            if not items:
                self.lines.append(f"{lead}{spec.key}: []")
                item_type = kind.item.record if isinstance(kind.item, OneOf) else kind.item
                if isinstance(item_type, Record) and self.comments:
                    self.example_item(item_type, spec.key, " " * indent)
                return
            self.lines.append(f"{lead}{spec.key}:")
            item_type = kind.item.record if isinstance(kind.item, OneOf) else kind.item
            for number, item in enumerate(items):
                if isinstance(item, dict) and isinstance(item_type, Record):
                    saved = (self.comments, self.every_key)
                    if number > 0:  # every key explained once, on the first item
                        self.comments = self.every_key = False
                    outer = self.path
                    self.path = (*outer, number)
                    self.record(item_type, item, indent + 4, first_prefix="- ")
                    self.path = outer
                    self.comments, self.every_key = saved
                else:
                    self.origins[len(self.lines)] = (*self.path, number)
                    self.lines.append(f"{' ' * (indent + 2)}- {scalar(item, spec.key)}")
            return
        self.lines.append(f"{lead}{spec.key}: {scalar(value, spec.key)}")

    def example_item(self, record: Record, key: str, pad: str) -> None:
        """How to write the first item of an empty list of records, as a commented example."""
        self.lines.append(f"{pad}# Contoh (ganti `{key}: []` dengan `{key}:` lalu hapus tanda # di bawah):")
        for number, spec in enumerate(record.fields):
            mark = "- " if number == 0 else "  "
            self.lines.append(f"{pad}#   {mark}{spec.key}: {spec.example or '...'}   # {_note(spec)}")

    def example(self, record: Record, key: str, lead: str) -> None:
        """An optional group of keys left out, shown as a commented example to copy."""
        pad = lead.replace("-", " ")
        self.lines.append(f"{pad}# Contoh (hapus tanda # untuk memakainya):")
        self.lines.append(f"{pad}# {key}:")
        for spec in record.fields:
            self.lines.append(f"{pad}#   {spec.key}: {spec.example or '...'}   # {_note(spec)}")


def sop_text(values: dict[str, Any], comments: bool = False, every_key: bool = False) -> str:
    """An SOP file: the schema line, then the keys of ``values`` in the order of SOP-FORMAT.md.

    ``every_key`` also writes the keys without a value (``kunci:`` reads as absent),
    so the author sees every field the format has."""
    writer = _Writer(comments, every_key)
    writer.record(SOP_RECORD, values, 0)
    return "\n".join([modeline(SOP_SCHEMA_FILE), *writer.lines]) + "\n"


def sop_text_with_origins(values: dict[str, Any]) -> tuple[str, dict[int, tuple[str | int, ...]]]:
    """An SOP file without comments, and for each 1-based line the key path it was written from,
    e.g. ``("kegiatan", 2, "waktu")``: problems the validator finds can be traced to where the value came from."""
    writer = _Writer(comments=False, every_key=False)
    writer.record(SOP_RECORD, values, 0)
    text = "\n".join([modeline(SOP_SCHEMA_FILE), *writer.lines]) + "\n"
    return text, {index + 2: path for index, path in writer.origins.items()}


def opd_text(values: dict[str, Any], comments: bool = False, every_key: bool = False) -> str:
    writer = _Writer(comments, every_key)
    writer.record(OPD_RECORD, values, 0)
    return "\n".join([modeline(OPD_SCHEMA_FILE), *writer.lines]) + "\n"
