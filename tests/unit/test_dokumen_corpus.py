"""The importer of signed documents, in-process, on the corpus of tests/fixtures/dokumen/.

The corpus was written by tools other than the importer (reportlab drawing the way e-SOP apps
draw, python-docx with DrawingML and VML shapes, LibreOffice exporting those to PDF), each
document beside the YAML it must give. A field may be wrong only if the importer says it doubts it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from katalog_sop.importer import draft
from katalog_sop.importer.assemble import assemble, parse_date
from katalog_sop.importer.document import UnreadableDocument
from katalog_sop.importer.fields import covered, field_values, score
from katalog_sop.importer.geometry import Box, Word, classify, paragraphs
from katalog_sop.importer.run import read_document

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "dokumen"
PRODUCERS = ("esop", "word", "libreoffice", "webapp")
DOCUMENTS = sorted(
    p
    for producer in PRODUCERS
    if (CORPUS / producer).is_dir()
    for p in (CORPUS / producer).iterdir()
    if p.suffix in (".pdf", ".docx")
)


def _read(document: Path) -> tuple[dict, dict, set[str]]:
    expected = yaml.safe_load(document.with_name(f"{document.stem}.expected.yml").read_text(encoding="utf-8"))
    values, doubts = assemble(read_document(document), set())
    return expected, values, {d.key for d in doubts}


def test_corpus_has_every_producer() -> None:
    found = {p.parent.name for p in DOCUMENTS}
    assert {"esop", "word", "libreoffice"} <= found
    assert len(DOCUMENTS) >= 36


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_wrong_field_is_doubted(document: Path) -> None:
    """A value that is wrong and not listed is the worst outcome: none in the corpus."""
    expected, values, doubt_keys = _read(document)
    fields, _, silent, keys = score(expected, values, doubt_keys)
    assert fields > 20
    assert silent == 0, f"wrong and not doubted: {keys}"


@pytest.mark.parametrize("producer", [p for p in PRODUCERS if (CORPUS / p).is_dir()])
def test_most_fields_are_read_exactly(producer: str) -> None:
    totals = [score(*_read(d)) for d in DOCUMENTS if d.parent.name == producer]
    fields = sum(t[0] for t in totals)
    exact = sum(t[1] for t in totals)
    assert exact / fields >= 0.95, f"{producer}: {exact}/{fields}"


def test_steps_actors_and_targets_of_a_long_multi_page_document() -> None:
    """18 steps over three pages, off-page connectors, a joint step, a loop back: step for step."""
    for producer, suffix in (("esop", ".pdf"), ("word", ".docx"), ("libreoffice", ".pdf")):
        expected, values, _ = _read(CORPUS / producer / f"penerbitan-persetujuan-bangunan-gedung{suffix}")
        wanted, found = field_values(expected), field_values(values)
        steps = [k for k in wanted if k.startswith("kegiatan.") and k.endswith((".pelaksana", ".lanjut", ".keputusan"))]
        assert len(steps) == 36
        assert {k: found.get(k) for k in steps} == {k: wanted[k] for k in steps}, producer


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("pindaian.pdf", "dokumen hasil pindaian: tidak ada lapisan teks; perlu OCR"),
        ("terenkripsi.pdf", "PDF terenkripsi"),
        ("terpotong.pdf", "berkas PDF rusak"),
        ("bukan-sop.pdf", "bukan tata letak SOP AP resmi"),
        ("bukan-sop.docx", "bukan tata letak SOP AP resmi"),
    ],
)
def test_what_cannot_be_read_is_said_plainly(name: str, message: str) -> None:
    with pytest.raises(UnreadableDocument, match=message.replace("(", r"\(")):
        read_document(CORPUS / "negatif" / name)


def test_a_word_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(UnreadableDocument, match="berkas Word rusak"):
        read_document(broken)


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("10 Januari 2025", dt.date(2025, 1, 10)),
        ("1 Agustus 2024", dt.date(2024, 8, 1)),
        ("3 Agt 2024", dt.date(2024, 8, 3)),
        ("10-01-2025", dt.date(2025, 1, 10)),
        ("10/01/2025", dt.date(2025, 1, 10)),
        ("2025-01-10", dt.date(2025, 1, 10)),
        ("31 Februari 2025", None),
        ("Januari 2025", None),
        ("-", None),
    ],
)
def test_dates_as_signed_documents_write_them(written: str, date: dt.date | None) -> None:
    assert parse_date(written) == date


def _words(*lines: str, x: float = 10.0, size: float = 10.0) -> list[Word]:
    """Lines of words at 6 units a character, one line every 12 units."""
    words = []
    for number, line in enumerate(lines):
        left = x
        for text in line.split():
            words.append(Word(text, Box(left, 12 * number, left + 6 * len(text), 12 * number + 10), size))
            left += 6 * len(text) + 3
    return words


def test_list_items_start_at_markers_and_wrapped_lines_continue() -> None:
    cell = Box(5, 0, 200, 100)
    text = paragraphs(_words("1. Undang-Undang Nomor 24", "Tahun 2013", "2. Peraturan Presiden"), cell, as_list=True)
    assert text.paragraphs == ["Undang-Undang Nomor 24 Tahun 2013", "Peraturan Presiden"]
    assert text.marked and not text.guessed


def test_unmarked_items_are_told_apart_by_what_would_have_fitted() -> None:
    cell = Box(5, 0, 200, 100)
    # "Komputer" would have fitted after "ATK": a new item. "terpusat" did not fit after a full line: wrapped.
    text = paragraphs(
        _words("ATK", "Komputer dan printer", "Aplikasi SIAK Terpusat dan jaringan", "internet"), cell, True
    )
    assert text.paragraphs == ["ATK", "Komputer dan printer", "Aplikasi SIAK Terpusat dan jaringan internet"]


def test_symbols_are_told_by_their_outline() -> None:
    assert classify([(50, 0), (100, 25), (50, 50), (0, 25), (50, 0)]) == "ketupat"
    assert classify([(0, 0), (80, 0), (80, 30), (0, 30), (0, 0)]) == "kotak"
    assert classify([(0, 0), (20, 0), (20, 14), (10, 20), (0, 14), (0, 0)]) == "segilima"
    rounded = [
        (10, 0),
        (70, 0),
        (77, 3),
        (80, 10),
        (80, 20),
        (77, 27),
        (70, 30),
        (10, 30),
        (3, 27),
        (0, 20),
        (0, 10),
        (3, 3),
    ]
    assert classify(rounded) == "kapsul"
    # LibreOffice starts a rectangle's path halfway along its bottom side: still a rectangle.
    assert classify([(221, 100), (190, 100), (190, 82), (252, 82), (252, 100), (221, 100)]) == "kotak"


def test_doubts_cover_their_field_and_a_step_doubt_covers_the_step() -> None:
    assert covered("kegiatan.4.pelaksana", {"kegiatan.4.pelaksana"})
    assert covered("kegiatan.4.waktu", {"kegiatan.4"})
    assert not covered("kegiatan.4.waktu", {"kegiatan.14"})
    assert not covered("kegiatan.4.waktu", {"kegiatan.4.pelaksana"})


SOP = {
    "nomor": "01/SOP/2025",
    "nama": "Uji Impor",
    "status": "draf",
    "tanggal_pembuatan": dt.date(2025, 1, 2),
    "tanggal_efektif": dt.date(2025, 1, 3),
    "disahkan_oleh": {"jabatan": "Kepala Dinas", "nama": "Budi", "nip": "197001011995031001"},
    "dasar_hukum": ["Peraturan A"],
    "pelaksana": ["Petugas", "Kepala"],
    "kegiatan": [
        {"uraian": "Menerima berkas", "pelaksana": "Petugas", "waktu": "10 mnit"},
        {"uraian": "Menandatangani", "pelaksana": "Kepala", "waktu": "30 Menit"},
    ],
}


def test_a_value_the_validator_refuses_is_taken_out_and_doubted() -> None:
    values, doubts, left = draft.settle(SOP, "uji", "uji-impor")
    assert left == []
    assert "waktu" not in values["kegiatan"][0]
    assert values["kegiatan"][1]["waktu"] == "30 Menit"  # kept as written
    [doubt] = doubts
    assert doubt.key == "kegiatan.1.waktu" and "10 mnit" in doubt.message
    assert draft.check(draft.write_text(values, doubts, "uji.pdf"), "uji", "uji-impor") == []


def test_doubts_are_written_as_comments_above_their_keys() -> None:
    from katalog_sop.importer.document import Doubt

    doubts = [Doubt("kegiatan.2.pelaksana", "simbol di antara dua kolom; periksa"), Doubt("nomor", "nomor ragu")]
    text = draft.write_text(SOP, doubts, "012.pdf")
    lines = text.splitlines()
    at = lines.index("    # RAGU: simbol di antara dua kolom; periksa")
    assert lines[at + 1] == "    pelaksana: Kepala"
    assert lines[lines.index("# RAGU: nomor ragu") + 1].startswith("nomor:")
    assert "012.pdf" in lines[1]
    assert yaml.safe_load(text)["kegiatan"][1]["pelaksana"] == "Kepala"


def test_a_required_value_that_could_not_be_read_is_named() -> None:
    values = {k: v for k, v in SOP.items() if k != "tanggal_efektif"}
    _, _, left = draft.settle(values, "uji", "uji-impor")
    assert left and all("tanggal_efektif" in problem for problem in left)
