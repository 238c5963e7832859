"""What was read from a document, as the values of an SOP source file, with every doubt at its key.

The same for every producer: the readers give ``ReadDocument``; here dates are parsed
(Indonesian month names from Babel), the signatory split into jabatan, nama and NIP, list cells
into items, decision outcomes into ``ya``/``tidak`` or ``cabang``, arrows into ``lanjut``.
Nothing is bent to fit: what the format cannot hold as read is left out and doubted.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from babel.dates import get_month_names

from katalog_sop.catalog.model import Status
from katalog_sop.importer import labels
from katalog_sop.importer.document import END, Doubt, ReadDocument, StepRow, Text

LIST_KEYS = (
    "dasar_hukum",
    "kualifikasi_pelaksana",
    "keterkaitan",
    "peralatan_perlengkapan",
    "peringatan",
    "pencatatan_pendataan",
)
FIELD_NAMES = {
    "nomor": "Nomor SOP",
    "nama": "Nama SOP",
    "tanggal_pembuatan": "Tanggal Pembuatan",
    "tanggal_revisi": "Tanggal Revisi",
    "tanggal_efektif": "Tanggal Efektif",
    "disahkan_oleh": "Disahkan oleh",
    "dasar_hukum": "Dasar Hukum",
    "kualifikasi_pelaksana": "Kualifikasi Pelaksana",
    "keterkaitan": "Keterkaitan",
    "peralatan_perlengkapan": "Peralatan/Perlengkapan",
    "peringatan": "Peringatan",
    "pencatatan_pendataan": "Pencatatan dan Pendataan",
}
_EMPTY = ("", *labels.DASHES, "tidak ada", "nihil")
_NIP = re.compile(r"^\s*NIP\s*[.:]?\s*", re.IGNORECASE)
_TRAILING_NOMOR = re.compile(r"^(?P<nama>.+?)\s*\((?P<nomor>[^()]+)\)(?:\s+(?:DICABUT|DRAF))?\s*$")


def _months() -> dict[str, int]:
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="id").items():
            names[labels.normal(name)] = number
    names.update({"agu": 8, "agt": 8, "ags": 8, "sept": 9, "nop": 11, "nopember": 11, "pebruari": 2})
    return names


MONTHS = _months()


def parse_date(text: str) -> dt.date | None:
    """A date as signed documents write it: 10 Januari 2025, 10-01-2025, 10/01/2025, 2025-01-10."""
    clean = text.strip().strip(".,;")
    found = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", clean)
    try:
        if found:
            month = MONTHS.get(labels.normal(found.group(2)))
            return dt.date(int(found.group(3)), month, int(found.group(1))) if month else None
        found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", clean)
        if found:
            return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        found = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", clean)
        if found:
            return dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    except ValueError:
        return None
    return None


class _Assembler:
    def __init__(self, document: ReadDocument, catalogue_nomor: set[str]) -> None:
        self.document = document
        self.catalogue_nomor = catalogue_nomor
        self.doubts: list[Doubt] = list(document.doubts)
        self.values: dict[str, Any] = {}

    def doubt(self, key: str, message: str) -> None:
        self.doubts.append(Doubt(key, message))

    def run(self) -> dict[str, Any]:
        self.identity()
        self.lists()
        self.flowchart()
        return self.values

    def identity(self) -> None:
        identity = self.document.identity
        for key in ("nomor", "nama"):
            text = identity.get(key, Text()).joined()
            if text:
                self.values[key] = text
            else:
                self.doubt(key, f"{FIELD_NAMES[key]} tidak terbaca; isi dari dokumen")
        self.values["status"] = Status.DRAFT.value
        for key in ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"):
            text = identity.get(key, Text()).joined()
            if key == "tanggal_revisi" and labels.normal(text) in _EMPTY:
                continue
            date = parse_date(text) if text else None
            if date:
                self.values[key] = date
            elif text:
                self.doubt(key, f"{FIELD_NAMES[key]} tertulis `{text}`, bukan tanggal yang dikenali; tulis YYYY-MM-DD")
            else:
                self.doubt(key, f"{FIELD_NAMES[key]} tidak terbaca; isi dari dokumen (YYYY-MM-DD)")
        self.signatory(identity.get("disahkan_oleh", Text()), identity.get("_disahkan_gaps"))

    def signatory(self, text: Text, gaps: Text | None) -> None:
        lines = [line for line in text.paragraphs if line.strip()]
        nip_index = next((i for i, line in enumerate(lines) if _NIP.match(line)), None)
        nip = None
        if nip_index is not None:
            nip = _NIP.sub("", lines[nip_index]).strip()
            lines = lines[:nip_index] + lines[nip_index + 1 :]
        if not lines:
            self.doubt("disahkan_oleh", "Disahkan oleh tidak terbaca; isi jabatan, nama, dan NIP dari dokumen")
            return
        split = len(lines) - 1
        if gaps is not None and gaps.paragraphs:
            widths = [float(g) for g in gaps.paragraphs][: len(lines) - 1]
            if widths and max(widths) > 8:
                split = widths.index(max(widths)) + 1
        jabatan = " ".join(lines[:split]).strip()
        nama_lines = lines[split:]
        signer: dict[str, Any] = {"jabatan": jabatan, "nama": " ".join(nama_lines).strip()}
        if not jabatan:
            signer["jabatan"] = signer["nama"]
            self.doubt("disahkan_oleh.jabatan", "jabatan pengesah tidak terpisah dari namanya; periksa")
        if len(nama_lines) > 1:
            self.doubt(
                "disahkan_oleh.nama", f"nama pengesah terbaca dari {len(nama_lines)} baris (pangkat/golongan?); periksa"
            )
        if nip is not None:
            digits = re.sub(r"\s", "", nip)
            signer["nip"] = nip
            if not (digits.isdigit() and len(digits) == 18):
                self.doubt("disahkan_oleh.nip", f"NIP tertulis `{nip}`, bukan 18 angka; periksa")
        else:
            self.doubt("disahkan_oleh.nip", "NIP pengesah tidak ditemukan; tambahkan bila ada di dokumen")
        self.values["disahkan_oleh"] = signer

    def lists(self) -> None:
        for key in LIST_KEYS:
            text = self.document.lists.get(key)
            if text is None:
                if key == "dasar_hukum":
                    self.doubt(key, "Dasar Hukum tidak ditemukan; wajib diisi sedikitnya satu peraturan")
                continue
            items = [p for p in text.paragraphs if labels.normal(p) not in _EMPTY]
            if not items:
                if key == "dasar_hukum":
                    self.doubt(key, "Dasar Hukum kosong di dokumen; wajib diisi sedikitnya satu peraturan")
                continue
            if text.guessed:
                self.doubt(
                    key, f"{FIELD_NAMES[key]}: butir tanpa penomoran, pemisahannya ditebak dari lebar baris; periksa"
                )
            self.values[key] = [self.related(item) for item in items] if key == "keterkaitan" else items

    def related(self, item: str) -> Any:
        """``Nama (nomor)`` of an SOP in the catalogue becomes a reference, as the project prints one."""
        found = _TRAILING_NOMOR.match(item)
        if found and found.group("nomor").strip() in self.catalogue_nomor:
            return {"sop": found.group("nomor").strip()}
        return item

    def flowchart(self) -> None:
        document = self.document
        actors = [a.strip() for a in document.actors]
        if not actors:
            self.doubt("pelaksana", "kolom pelaksana tidak terbaca; isi dari dokumen")
        for index, name in enumerate(actors):
            if not name:
                actors[index] = f"Pelaksana {index + 1}"
                self.doubt("pelaksana", f"nama pelaksana kolom {index + 1} kosong; periksa")
        if len(set(actors)) < len(actors):
            self.doubt("pelaksana", "dua kolom pelaksana bernama sama; periksa")
        self.values["pelaksana"] = actors
        if len(actors) == 1:
            self.values["jenis"] = "teknis"
        steps = document.steps
        if not steps:
            self.doubt("kegiatan", "tidak ada langkah yang terbaca di Bagian Flowchart; periksa dokumen")
            return
        numbers = [s.number for s in steps]
        if numbers != list(range(1, len(steps) + 1)):
            self.doubt(
                "kegiatan", f"nomor langkah di dokumen tidak berurutan ({', '.join(map(str, numbers))}); periksa"
            )
        position = {s.number: i + 1 for i, s in enumerate(steps)}
        self.values["kegiatan"] = [self.step(s, i + 1, len(steps), actors, position) for i, s in enumerate(steps)]

    def step(
        self, row: StepRow, number: int, count: int, actors: list[str], position: dict[int, int]
    ) -> dict[str, Any]:
        key = f"kegiatan.{number}"
        step: dict[str, Any] = {}
        paragraphs = [p for p in row.kegiatan.paragraphs if p]
        question = row.question
        is_decision = row.symbol == "ketupat"
        if is_decision and not question and len(paragraphs) > 1 and paragraphs[-1].endswith("?"):
            question = paragraphs.pop()
        elif is_decision and not question and len(paragraphs) == 1 and paragraphs[0].endswith("?"):
            question, paragraphs = self.question_in(row.kegiatan, paragraphs, key, number)
        uraian = " ".join(paragraphs).strip()
        if is_decision and question and question == uraian:
            question = None
        if not uraian:
            uraian = question or ""
            self.doubt(f"{key}.uraian", f"langkah {number}: uraian kegiatan kosong; periksa")
        step["uraian"] = uraian
        names = [actors[i] for i in row.actors if i < len(actors)]
        if not names:
            self.doubt(
                f"{key}.pelaksana",
                f"halaman {row.page}, langkah {number}, Pelaksana: simbol tidak ditemukan di kolom pelaksana; periksa",
            )
            names = [actors[0]] if actors else ["?"]
        step["pelaksana"] = names[0] if len(names) == 1 else names
        for field in ("kelengkapan", "output"):
            text: Text = getattr(row, field)
            items = [p for p in text.paragraphs if labels.normal(p) not in _EMPTY]
            if items:
                step[field] = items[0] if len(items) == 1 else items
                if text.guessed:
                    self.doubt(
                        f"{key}.{field}",
                        f"langkah {number}, {field}: pemisahan butir ditebak dari lebar baris; periksa",
                    )
        waktu = row.waktu.joined()
        if waktu and labels.normal(waktu) not in _EMPTY:
            step["waktu"] = waktu
        keterangan = row.keterangan.joined()
        if keterangan and labels.normal(keterangan) not in _EMPTY:
            step["keterangan"] = keterangan
        if row.symbol is None:
            self.doubt(
                f"{key}.pelaksana",
                f"halaman {row.page}, langkah {number}: tidak ada simbol; periksa pelaksana dan alurnya",
            )
        self.exits(row, step, number, count, position, question if is_decision else None)
        return step

    def question_in(self, text: Text, paragraphs: list[str], key: str, number: int) -> tuple[str | None, list[str]]:
        """A decision's question written under its uraian with nothing to tell them apart but a line
        start: taken from the last line that starts with a capital letter, and doubted."""
        lines = text.lines
        starts = [k for k in range(1, len(lines)) if lines[k][:1].isupper()]
        if not starts or paragraphs[0].count("?") != 1:
            return None, paragraphs
        k = starts[-1]
        self.doubt(f"{key}.uraian", f"langkah {number}: batas uraian dan pertanyaan keputusan ditebak; periksa")
        return " ".join(lines[k:]), [" ".join(lines[:k])]

    def exits(
        self,
        row: StepRow,
        step: dict[str, Any],
        number: int,
        count: int,
        position: dict[int, int],
        question: str | None,
    ) -> None:
        key = f"kegiatan.{number}"

        def target(value: int | str | None) -> int | str | None:
            if value == END or value is None:
                return value
            return position.get(int(value))

        exits = [(target(e.target), e.label) for e in row.exits]
        if row.symbol == "ketupat":
            decision: dict[str, Any] = {}
            if question:
                decision["pertanyaan"] = question
            found = {labels.normal(label or ""): t for t, label in exits}
            if not row.exits_known:
                decision["ya"] = number + 1 if number < count else END
                decision["tidak"] = END
                self.doubt(
                    f"{key}.keputusan",
                    f"langkah {number}: arah panah keputusan tidak terbaca; tujuan Ya/Tidak perlu diisi",
                )
            elif set(found) == {"ya", "tidak"} and None not in found.values():
                decision["ya"], decision["tidak"] = found["ya"], found["tidak"]
            elif len(exits) >= 2 and all(label for _, label in exits) and None not in [t for t, _ in exits]:
                decision["cabang"] = [{"label": label, "ke": t} for t, label in exits]
            else:
                ya = next((t for t, label in exits if labels.normal(label or "") == "ya"), None)
                tidak = next((t for t, label in exits if labels.normal(label or "") == "tidak"), None)
                rest = [t for t, label in exits if labels.normal(label or "") not in ("ya", "tidak") and t is not None]
                ya = ya if ya is not None else (rest.pop(0) if rest else (number + 1 if number < count else END))
                tidak = tidak if tidak is not None else (rest.pop(0) if rest else END)
                decision["ya"], decision["tidak"] = ya, tidak
                self.doubt(
                    f"{key}.keputusan",
                    f"halaman {row.page}, langkah {number}: {len(exits)} panah keluar terbaca, label Ya/Tidak "
                    "tidak lengkap; periksa tujuannya",
                )
            step["keputusan"] = decision
            return
        targets = [t for t, _ in exits]
        if None in targets:
            self.doubt(f"{key}.lanjut", f"halaman {row.page}, langkah {number}: tujuan panah tidak terbaca; periksa")
            targets = [t for t in targets if t is not None]
        if not row.exits_known:
            return
        if not targets:
            if number < count:
                step["lanjut"] = END
                if row.symbol != "kapsul":
                    self.doubt(
                        f"{key}.lanjut",
                        f"halaman {row.page}, langkah {number}: tidak ada panah keluar; "
                        "ditulis `lanjut: selesai`, periksa",
                    )
            return
        if len(targets) == 1:
            if targets[0] != number + 1 or number == count:
                step["lanjut"] = targets[0]
            return
        # A fork's order is not drawn: written in step order, selesai last.
        step["lanjut"] = sorted(targets, key=lambda t: (t == END, t if isinstance(t, int) else 0))


def assemble(document: ReadDocument, catalogue_nomor: set[str]) -> tuple[dict[str, Any], list[Doubt]]:
    """The values of the draft SOP file and the doubts, in the order of the document."""
    assembler = _Assembler(document, catalogue_nomor)
    values = assembler.run()
    return values, assembler.doubts
