"""The spreadsheet template has a column for every key of the format.

The import itself runs in tests/site/test_import_xlsx.py."""

from __future__ import annotations

from katalog_sop.source.schema import KEGIATAN, KEPUTUSAN, SOP_RECORD
from katalog_sop.source.spreadsheet import (
    IDENTITY_COLUMNS,
    STEP_COLUMNS,
)


def test_every_key_of_the_format_has_a_column() -> None:
    identity = {header.split(".")[0] for header, _ in IDENTITY_COLUMNS}
    assert {f.key for f in SOP_RECORD.fields} - identity == {"kegiatan"}
    step_keys = {key.split(".")[-1] for _, key, _ in STEP_COLUMNS if key}
    assert {f.key for f in KEGIATAN.fields} - {"keputusan"} <= step_keys
    assert {f.key for f in KEPUTUSAN.fields} <= step_keys
    assert all(note.startswith(("Wajib.", "Opsional.")) for _, note in IDENTITY_COLUMNS)
