"""SOPs kept in a spreadsheet: the workbook layout, reading it into source values, and its template.

Sheet `Identitas` has one row per SOP, one column per key of the identity (the
key names of the source format, taken from schema.py); sheet `Kegiatan` has one
row per step, tied to its SOP by `Nomor SOP`. Every value keeps the cell it came
from, so each problem, including those the validator finds in the YAML written
from it, is reported as `Lembar!B7 (kolom): pesan`.

Cells of the Kegiatan sheet (the forms of version 2 of the format included):

- `Pelaksana`: one name, or one name per line for a joint step;
- `Kelengkapan`, `Output`: one item per line;
- `Waktu`: as written in the document (`10 menit`, `1-2 hari`, `1 x 24 jam`,
  `2 menit/berkas`, `Sesuai jadwal`); the validator judges it;
- `Ya` + `Tidak`: a yes/no decision; `Cabang` instead: one `label: tujuan` per line;
- `Lanjut`: one target, or several (one per line, or separated by commas) for a fork.

Reading is bounded (a 14 KB file can declare a cell at XFD1048576): the header row up to MAX_COLUMNS
columns, then only the columns of known titles, and at most MAX_ROWS rows per sheet; a sheet with content
in a known column below that is refused. Every cell is read once, in order, and the steps are grouped by
their SOP in one pass, so the time grows with the rows written, never with their square.

Cells Excel cannot hold as typed are refused at their cell: a NIP typed as a number (it becomes a float,
`197001011995031001` reads back as `...008`), any number beyond float precision (2**53), and a formula
without a stored value (openpyxl reads a file as last saved; a file written by a program that does not
compute formulas has none).

Sheets `Monitoring` (the head cells B1:B6, then one row per SOP below the title row MONITORING_TITLE_ROW) and
`Evaluasi` (one row per SOP evaluated) hold one OPD's monitoring for one period (``read_monev``), written to
``monev_path``: `<sumber>/<folder_opd>/_monev/<periode>.yml`, read as boundedly as the SOP sheets.

Every SOP file a tool writes goes through ``sop_path``: the OPD folder is an existing OPD folder directly
under the sources folder (not a symlink), the file name a slug the validator accepts (so not `_x`, not a
path), and the resolved file lies in that folder; ``sourcefile.write_nofollow`` never follows a symlink.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from katalog_sop.catalog.model import END, Sop, Step
from katalog_sop.catalog.monev import KRITERIA, METODE, Penilaian, Rekomendasi
from katalog_sop.problems import excerpt, format_count
from katalog_sop.slugs import slugify
from katalog_sop.source.monev import MONEV_FOLDER, PERIOD_FILE
from katalog_sop.source.read import LINK_MESSAGE, OPD_FILE, _file_name_problem
from katalog_sop.source.schema import (
    DISAHKAN_OLEH,
    END_TARGET,
    KEGIATAN,
    KEPUTUSAN,
    LAYANAN,
    SLUG_PATTERN,
    SOP_RECORD,
    STEP_LIMIT,
    Choice,
    Field,
    ListOf,
)
from katalog_sop.source.sourcefile import FORMAT_GUIDE

IDENTITY_SHEET = "Identitas"
STEPS_SHEET = "Kegiatan"
GUIDE_SHEET = "Petunjuk"
OPD_COLUMN = "folder_opd"
FILE_COLUMN = "nama_berkas"
SIGNATORY = "disahkan_oleh"
STEP_OF = "Nomor SOP"
YES_NO = ("Ya", "Tidak")  # the labels of a decision written with `ya` and `tidak`
NIP_COLUMN = f"{SIGNATORY}.nip"
# How far a workbook is read (see the module's docstring): rows after the title row, columns of the title row.
MAX_ROWS = 20_000
MAX_COLUMNS = 100
# The longest file name (without .yml) a tool writes: the name becomes the page address (a 251-character
# name crashed the build). The validator refuses longer ones too.
MAX_FILE_NAME = 100
# Beyond this a float no longer holds every integer: Excel keeps 15 digits, so longer numbers change.
EXACT_INTEGERS = 2**53

# Keys holding a record: one column per key of it, titled `<key>.<subkey>`.
NESTED = {SIGNATORY: DISAHKAN_OLEH, "layanan": LAYANAN}
# Identity columns: every key of an SOP file but the steps.
IDENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    (OPD_COLUMN, "Wajib. Folder OPD di sops/, mis. disdukcapil."),
    (FILE_COLUMN, "Opsional. Nama berkas tanpa .yml (bawaan: dari nama SOP)."),
    *(
        (f"{spec.key}.{sub.key}" if spec.key in NESTED else spec.key, _description)
        for spec in SOP_RECORD.fields
        if spec.key != "kegiatan"
        for sub in (NESTED[spec.key].fields if spec.key in NESTED else (spec,))
        for _description in [f"{'Wajib' if sub.required and spec.required else 'Opsional'}. {sub.description}"]
    ),
)
LIST_NOTE = " Satu butir per baris di dalam sel (Alt+Enter)."
RIWAYAT_NOTE = " Satu perubahan per baris: `YYYY-MM-DD: catatan`."
KETERKAITAN_NOTE = " Satu per baris; tulis `sop: <nomor>` untuk merujuk SOP lain di katalog."

# What a cell of the Kegiatan sheet holds, where the schema's words (written for YAML) do not say it.
STEP_NOTES = {
    "pelaksana": (
        "Pelaksana langkah ini, dari daftar pelaksana. Langkah bersama (simbolnya di kolom beberapa "
        "pelaksana): satu nama per baris di dalam sel (Alt+Enter)."
    ),
    "kelengkapan": "Mutu baku: kelengkapan." + LIST_NOTE,
    "output": "Mutu baku: output. Beberapa output: satu per baris di dalam sel (Alt+Enter).",
    "keputusan.ya": (
        "Tujuan bila jawabannya Ya: nomor langkah, id langkah, atau selesai. Diisi bersama kolom Tidak; "
        "kosongkan bila memakai Cabang."
    ),
    "keputusan.tidak": (
        "Tujuan bila jawabannya Tidak: nomor langkah, id langkah, atau selesai. Diisi bersama kolom Ya; "
        "kosongkan bila memakai Cabang."
    ),
    "keputusan.cabang": (
        "Pengganti Ya/Tidak untuk keputusan dengan jawaban lain atau lebih dari dua: satu jawaban per baris, "
        "ditulis `label: tujuan`, mis. `Dalam kota: 6` lalu `Luar kota: kirim-pos`; sedikitnya dua baris, "
        "setiap label berbeda. Tujuan: nomor langkah, id langkah, atau selesai."
    ),
    "lanjut": (
        "Tujuan berikutnya untuk langkah proses (bawaan: langkah berikutnya): nomor langkah, id langkah, atau "
        "selesai. Bila alur bercabang ke beberapa langkah sekaligus: satu tujuan per baris (atau pisahkan "
        "dengan koma), mis. `4` lalu `6`."
    ),
}

# Step columns, as on the paper form, each tied to a key of a step or of its decision.
STEP_COLUMNS: tuple[tuple[str, str, str], ...] = (
    (STEP_OF, "", "Wajib. Nomor SOP (kolom nomor di lembar Identitas) yang memiliki langkah ini."),
    ("No", "", "Wajib. Nomor urut langkah: 1, 2, 3, ..."),
    *(
        (header, key, f"{'Wajib' if spec.required else 'Opsional'}. {STEP_NOTES.get(key, spec.description)}")
        for header, key in (
            ("Kegiatan", "uraian"),
            ("Pelaksana", "pelaksana"),
            ("Kelengkapan", "kelengkapan"),
            ("Waktu", "waktu"),
            ("Output", "output"),
            ("Keterangan", "keterangan"),
            ("Pertanyaan", "keputusan.pertanyaan"),
            ("Ya", "keputusan.ya"),
            ("Tidak", "keputusan.tidak"),
            ("Cabang", "keputusan.cabang"),
            ("Lanjut", "lanjut"),
            ("Id", "id"),
        )
        for spec in [_field for _field in (*KEGIATAN.fields, *KEPUTUSAN.fields) if _field.key == key.split(".")[-1]]
    ),
)
STEP_KEYS = {header: key for header, key, _ in STEP_COLUMNS if key}


def _spec(key: str) -> Field | None:
    """The field of an Identitas column: a key of the SOP, or `<key>.<subkey>` of a record (NESTED)."""
    key, _dot, sub = key.partition(".")
    if sub and key in NESTED:
        return next((f for f in NESTED[key].fields if f.key == sub), None)
    return next((f for f in SOP_RECORD.fields if f.key == key), None)


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int
    column: int
    header: str

    def __str__(self) -> str:
        return f"{self.sheet}!{get_column_letter(self.column)}{self.row} ({self.header})"


@dataclass
class ImportedSop:
    """One SOP read from the workbook: its source values and where each came from."""

    row: int  # of the Identitas sheet
    opd: str
    slug: str
    values: dict[str, Any]
    cells: dict[tuple[str | int, ...], Cell] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def cell_of(self, path: tuple[str | int, ...]) -> Cell | str:
        """The cell a key path was written from; the closest enclosing one, or the SOP's row."""
        while path:
            if path in self.cells:
                return self.cells[path]
            path = path[:-1]
        return f"{IDENTITY_SHEET}!{self.row}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _typed(text: str) -> Any:
    """Dates and step numbers as YAML would read them when typed by hand (so the file reads naturally)."""
    if text.isdigit():
        return int(text)
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else text
    except ValueError:
        return text


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in _text(value).splitlines() if line.strip()]


def _headers(sheet: Any, row: int = 1) -> dict[str, int]:
    """Column title -> column number, from the title row (the first unless told), up to MAX_COLUMNS columns."""
    first = next(sheet.iter_rows(min_row=row, max_row=row, max_col=MAX_COLUMNS, values_only=True), ())
    return {_text(value): index for index, value in enumerate(first, start=1) if _text(value)}


@dataclass
class _Row:
    """One row of a sheet with content in a known column: its values, and the problems of its cells."""

    number: int
    values: tuple[Any, ...]
    problems: list[str]


def _visible(value: Any) -> str:
    """A cell's text as a message quotes it: short, one line, control characters (NUL, tab) written out."""
    text = excerpt(value, 60)
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in text)


def _filled(value: Any) -> bool:
    return value is not None and bool(_text(value))


def _cell_problem(raw: Any, formula: Any, where: Cell) -> str | None:
    """Why a cell cannot be read as typed: a formula without a stored value, or a number Excel changed."""
    if raw is None and formula is not None:
        return (
            f"{where}: sel berisi rumus `{_visible(formula)}` tanpa nilai tersimpan, jadi isinya tidak terbaca. "
            "Buka berkas ini di Excel atau LibreOffice lalu simpan (nilai rumus ikut tersimpan), atau ketik "
            "nilainya langsung di sel ini."
        )
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    if where.header in (NIP_COLUMN, MONEV_NIP):
        return (
            f"{where}: NIP terbaca sebagai angka `{_text(raw)}`; Excel menyimpan angka hanya sampai 15 digit, jadi "
            "digit terakhir NIP bisa berubah. Format sel ini sebagai Teks (Format Cells > Text), lalu ketik ulang "
            "NIP-nya, mis. `19700101 199503 1 001`."
        )
    if not math.isfinite(raw) or abs(raw) > EXACT_INTEGERS:
        return (
            f"{where}: angka `{_text(raw)}` terlalu panjang untuk disimpan persis sebagai angka (Excel menyimpan "
            "hanya 15 digit). Format sel ini sebagai Teks (Format Cells > Text), lalu ketik ulang isinya."
        )
    return None


def _read_sheet(
    sheet: Any, formulas: Any, headers: dict[str, int], known: Iterable[str], title_row: int = 1
) -> tuple[list[_Row], str]:
    """The rows of a sheet with content in a known column below its title row, read once and bounded; a problem
    if it is too long."""
    wanted = set(known)
    columns = {index: header for header, index in headers.items() if header in wanted}
    width = max(columns, default=1)
    name = sheet.title
    bound = None
    if hasattr(sheet, "reset_dimensions"):  # read-only: read every row written, whatever the file declares
        sheet.reset_dimensions()
        if formulas is not None:
            formulas.reset_dimensions()
    else:  # in memory: iter_rows would make every cell up to the last one
        bound = min(sheet.max_row, MAX_ROWS + title_row + 1)
    values = sheet.iter_rows(min_row=title_row + 1, max_row=bound, max_col=width, values_only=True)
    # Formulas are looked at within the limit only; below it, any value refuses the sheet anyway.
    limit = MAX_ROWS + title_row if bound is None else bound
    written = (
        formulas.iter_rows(min_row=title_row + 1, max_row=limit, max_col=width, values_only=True) if formulas else ()
    )
    rows: list[_Row] = []
    for number, (read, formula_row) in enumerate(zip_longest(values, written), start=title_row + 1):
        row: tuple[Any, ...] = read or ()
        if row.count(None) == len(row) and (formula_row is None or formula_row.count(None) == len(formula_row)):
            continue  # an empty row (a sheet may pad a million of them): skipped at C speed
        row = row + (None,) * (width - len(row))
        formula_row = tuple(formula_row or ()) + (None,) * (width - len(formula_row or ()))
        used = [i for i in columns if _filled(row[i - 1]) or formula_row[i - 1] is not None]
        if not used:
            continue
        if number > MAX_ROWS + title_row:
            first = Cell(name, number, used[0], columns[used[0]])
            return [], (
                f"{first}: lembar {name} berisi lebih dari {format_count(MAX_ROWS)} baris; hanya "
                f"{format_count(MAX_ROWS)} baris yang dibaca dalam satu berkas. Pecah SOP-nya menjadi beberapa "
                "berkas .xlsx, atau hapus isi di bawah baris itu."
            )
        problems = [
            problem
            for i in used
            if (problem := _cell_problem(row[i - 1], formula_row[i - 1], Cell(name, number, i, columns[i])))
        ]
        rows.append(_Row(number, row, problems))
    return rows, ""


def read_file(path: Path) -> tuple[list[ImportedSop], list[str]]:
    """Every SOP of a workbook file (see ``read_workbook``), its formulas checked for stored values.

    Opened twice, read-only: once for the values as last saved, once for the formulas.
    """
    sops, problems, _monev = read_file_with_monev(path)
    return sops, problems


def read_file_with_monev(path: Path) -> tuple[list[ImportedSop], list[str], ImportedMonev | None]:
    """``read_file``, and the Monitoring and Evaluasi sheets (``read_monev``; None when absent or empty)."""
    values = load_workbook(path, read_only=True, data_only=True)
    formulas = load_workbook(path, read_only=True, data_only=False)
    try:
        return (*read_workbook(values, formulas), read_monev(values, formulas))
    finally:
        values.close()
        formulas.close()


def read_workbook(workbook: Workbook, formulas: Workbook | None = None) -> tuple[list[ImportedSop], list[str]]:
    """Every SOP of the workbook with its values, and the problems that belong to no single SOP.

    ``formulas``: the same file opened without ``data_only``, so that a formula without a stored value is
    reported instead of read as an empty cell.
    """
    problems: list[str] = []
    for name in (IDENTITY_SHEET, STEPS_SHEET):
        if name not in workbook.sheetnames:
            problems.append(f"lembar `{name}` tidak ada; buat templat dengan `--template` dan salin isinya ke sana.")
    if problems:  # a workbook of monitoring only (read by ``read_monev``) has no SOPs, and no problem for that
        return [], [] if MONITORING_SHEET in workbook.sheetnames else problems
    identity, steps = workbook[IDENTITY_SHEET], workbook[STEPS_SHEET]
    id_headers, step_headers = _headers(identity), _headers(steps)
    for sheet, headers, needed in (
        (IDENTITY_SHEET, id_headers, [OPD_COLUMN, "nomor", "nama"]),
        (STEPS_SHEET, step_headers, [STEP_OF, "No", "Kegiatan", "Pelaksana"]),
    ):
        for header in needed:
            if header not in headers:
                problems.append(f"{sheet}!1: kolom `{header}` tidak ada di baris judul; salin judul dari templat.")
    if problems:
        return [], problems
    id_rows, too_long = _read_sheet(
        identity, formulas[IDENTITY_SHEET] if formulas else None, id_headers, (h for h, _ in IDENTITY_COLUMNS)
    )
    step_rows, steps_too_long = _read_sheet(
        steps, formulas[STEPS_SHEET] if formulas else None, step_headers, (h for h, _k, _n in STEP_COLUMNS)
    )
    if too_long or steps_too_long:
        return [], [p for p in (too_long, steps_too_long) if p]

    sops: list[ImportedSop] = []
    by_nomor: dict[str, ImportedSop] = {}
    for row in id_rows:
        sop = _read_identity(row.number, row.values, id_headers)
        sop.problems.extend(row.problems)
        nomor = sop.values.get("nomor")
        if nomor in by_nomor:
            sop.problems.append(f"{sop.cells[('nomor',)]}: nomor `{nomor}` sudah ada di baris {by_nomor[nomor].row}.")
        elif nomor:
            by_nomor[nomor] = sop
        sops.append(sop)
    grouped: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
    for row in step_rows:
        owner = _text(row.values[step_headers[STEP_OF] - 1])
        if owner not in by_nomor:
            cell = Cell(STEPS_SHEET, row.number, step_headers[STEP_OF], STEP_OF)
            problems.extend(row.problems)
            problems.append(f"{cell}: tidak ada SOP bernomor `{_visible(owner)}` di lembar {IDENTITY_SHEET}.")
            continue
        by_nomor[owner].problems.extend(row.problems)
        grouped.setdefault(owner, []).append((row.number, row.values))
    for nomor, sop in by_nomor.items():
        _read_steps(sop, grouped.get(nomor, []), step_headers)
    return sops, problems


def _read_identity(number: int, row: tuple[Any, ...], headers: dict[str, int]) -> ImportedSop:
    def cell(header: str) -> tuple[Any, Cell | None]:
        index = headers.get(header)
        if index is None or index > len(row):
            return None, None
        return row[index - 1], Cell(IDENTITY_SHEET, number, index, header)

    opd, opd_cell = cell(OPD_COLUMN)
    values: dict[str, Any] = {}
    cells: dict[tuple[str | int, ...], Cell] = {}
    for header, _note in IDENTITY_COLUMNS:
        raw, where = cell(header)
        if where is None or header in (OPD_COLUMN, FILE_COLUMN) or not _text(raw):
            continue
        key, _dot, sub = header.partition(".")
        if key in NESTED:
            sub_spec = _spec(header)
            listed = sub_spec is not None and isinstance(sub_spec.type, ListOf)
            values.setdefault(key, {})[sub] = _lines(raw) if listed else _text(raw)
            cells[(key, sub)] = where
            cells.setdefault((key,), where)
            continue
        spec = _spec(header)
        cells[(header,)] = where
        if header == "riwayat":
            values[header] = [
                {"tanggal": _typed(date.strip()), "catatan": note.strip()}
                for date, _sep, note in (line.partition(":") for line in _lines(raw))
            ]
        elif header == "keterkaitan":
            values[header] = [
                {"sop": line.split(":", 1)[1].strip()} if line.lower().startswith("sop:") else line
                for line in _lines(raw)
            ]
        elif spec is not None and isinstance(spec.type, ListOf):
            values[header] = _lines(raw)
        elif header.startswith("tanggal_") or header == "tinjau_ulang":
            values[header] = _typed(_text(raw))
        else:
            values[header] = _text(raw)
    slug_raw, slug_cell = cell(FILE_COLUMN)
    for header, where in ((OPD_COLUMN, opd_cell), (FILE_COLUMN, slug_cell)):
        if where is not None:
            cells[(header,)] = where
    return ImportedSop(number, _text(opd), _text(slug_raw), values, cells)


def _read_steps(sop: ImportedSop, rows: list[tuple[int, tuple[Any, ...]]], headers: dict[str, int]) -> None:
    if not rows:
        sop.problems.append(f"{IDENTITY_SHEET}!{sop.row}: SOP ini belum punya langkah di lembar {STEPS_SHEET}.")
        return
    if len(rows) > STEP_LIMIT:
        sop.problems.append(
            f"{IDENTITY_SHEET}!{sop.row}: SOP ini punya {format_count(len(rows))} baris langkah di lembar "
            f"{STEPS_SHEET}, melebihi batas {STEP_LIMIT} langkah per SOP; pecah menjadi beberapa SOP yang saling "
            "merujuk lewat `keterkaitan`."
        )
        return
    steps: list[dict[str, Any]] = []
    ordered = []
    for number, row in rows:
        no = _text(row[headers["No"] - 1])
        if not no.isdigit():
            cell = Cell(STEPS_SHEET, number, headers["No"], "No")
            sop.problems.append(f"{cell}: `No` harus nomor urut langkah (1, 2, 3, ...); tertulis `{no}`.")
            continue
        ordered.append((int(no), number, row))
    ordered.sort()
    numbers = [no for no, _, _ in ordered]
    if numbers != list(range(1, len(numbers) + 1)):
        sop.problems.append(
            f"{STEPS_SHEET}: langkah SOP `{sop.values.get('nomor')}` harus bernomor 1 sampai {len(numbers)} "
            f"tanpa lompatan atau ganda; tertulis {', '.join(map(str, numbers))}."
        )
    for index, (_no, number, row) in enumerate(ordered):
        step: dict[str, Any] = {}
        step_cells: list[Cell] = []
        for header, key in STEP_KEYS.items():
            column = headers.get(header)
            if column is None or column > len(row) or not _text(row[column - 1]):
                continue
            where = Cell(STEPS_SHEET, number, column, header)
            step_cells.append(where)
            value = _step_value(key, row[column - 1], where, sop.problems)
            if value is None:
                continue
            if key.startswith("keputusan."):
                sub = key.split(".")[1]
                step.setdefault("keputusan", {})[sub] = value
                sop.cells[("kegiatan", index, "keputusan", sub)] = where
                sop.cells.setdefault(("kegiatan", index, "keputusan"), where)
            else:
                step[key] = value
                sop.cells[("kegiatan", index, key)] = where
        decision = step.get("keputusan", {})
        if "cabang" in decision and ("ya" in decision or "tidak" in decision):
            sop.problems.append(
                f"{sop.cells[('kegiatan', index, 'keputusan', 'cabang')]}: langkah {index + 1} berisi Ya/Tidak dan "
                "Cabang sekaligus; isi Ya dan Tidak untuk keputusan Ya/Tidak, atau Cabang saja untuk jawaban lain."
            )
        if step_cells:  # the step's first cell: looked up in its own cells, not in every cell of the SOP
            sop.cells[("kegiatan", index)] = min(step_cells, key=lambda c: c.column)
        steps.append(step)
    sop.values["kegiatan"] = steps
    if "pelaksana" not in sop.values:  # the columns, in the order they first act
        sop.values["pelaksana"] = list(dict.fromkeys(name for s in steps for name in _as_list(s.get("pelaksana"))))


def _step_value(key: str, raw: Any, where: Cell, problems: list[str]) -> Any:
    """The source value of one non-empty cell of the Kegiatan sheet; None (and a problem) when it cannot be read."""
    if key in ("pelaksana", "output"):  # one item, or one per line (a joint step, several outputs)
        return _one_or_many(_lines(raw))
    if key == "kelengkapan":
        return _lines(raw)
    if key in ("keputusan.ya", "keputusan.tidak"):
        return _target(_text(raw))
    if key == "lanjut":
        if isinstance(raw, float) and not raw.is_integer():  # `4,6` typed where a comma is the decimal mark
            problems.append(
                f"{where}: isi sel terbaca sebagai angka desimal `{_text(raw)}`, bukan daftar tujuan; tulis setiap "
                "tujuan di baris sendiri di dalam sel (Alt+Enter), mis. `4` lalu `6`."
            )
            return None
        return _one_or_many([_target(part) for line in _lines(raw) for part in line.split(",") if part.strip()])
    if key == "keputusan.cabang":
        outcomes = []
        for line in _lines(raw):
            label, colon, target = (part.strip() for part in line.rpartition(":"))
            if not colon or not label or not target:
                problems.append(
                    f"{where}: baris `{line}` harus ditulis `label: tujuan`, mis. `Dalam kota: 6` atau "
                    "`Luar negeri: selesai`; satu jawaban per baris."
                )
                return None
            outcomes.append({"label": label, "ke": _target(target)})
        return outcomes
    return _text(raw)


def _target(text: str) -> str | int:
    """A step number, a step id or `selesai`, as typed (`Selesai` too)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return END_TARGET if text.casefold() == END_TARGET else text


def _one_or_many(items: list[Any]) -> Any:
    """One item as a plain value (`pelaksana: Pemohon`), several as a list."""
    return items[0] if len(items) == 1 else items


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def sop_rows(sop: Sop) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An SOP of the catalogue as one Identitas row and its Kegiatan rows (header -> value)."""
    identity: dict[str, Any] = {OPD_COLUMN: sop.opd_slug, FILE_COLUMN: sop.slug}
    for header, _note in IDENTITY_COLUMNS[2:]:
        key, _dot, sub = header.partition(".")
        if key in NESTED:
            record = getattr(sop, key)
            value = getattr(record, sub) if record is not None else None
            identity[header] = "\n".join(value) if isinstance(value, tuple) else str(value) if value else None
            continue
        value = getattr(sop, header)
        if header == "riwayat":
            value = "\n".join(f"{r.tanggal.isoformat()}: {r.catatan}" for r in value)
        elif header == "keterkaitan":
            # A text that links by name stays text: it links again when read back.
            value = "\n".join(r.text if r.text is not None else f"sop: {r.nomor}" for r in value)
        elif isinstance(value, tuple):
            value = "\n".join(value)
        identity[header] = value
    steps = [_step_row(sop, step) for step in sop.kegiatan]
    return identity, steps


def _step_row(sop: Sop, step: Step) -> dict[str, Any]:
    """One Kegiatan row: lists one item per line, a yes/no decision in Ya and Tidak, other outcomes in Cabang."""

    def target(number: int) -> str | int:
        return END_TARGET if number == END else number

    decision = step.keputusan
    yes_no = decision is not None and tuple(o.label for o in decision.cabang) == YES_NO
    following = step.next if decision is None and step.next != (_default_next(sop, step),) else ()
    return {
        STEP_OF: sop.nomor,
        "No": step.number,
        "Kegiatan": step.uraian,
        "Pelaksana": "\n".join(step.pelaksana),
        "Kelengkapan": "\n".join(step.kelengkapan),
        "Waktu": str(step.waktu) if step.waktu else None,
        "Output": "\n".join(step.output),
        "Keterangan": step.keterangan,
        "Pertanyaan": decision.pertanyaan if decision else None,
        "Ya": target(decision.cabang[0].ke) if decision and yes_no else None,
        "Tidak": target(decision.cabang[1].ke) if decision and yes_no else None,
        "Cabang": "\n".join(f"{o.label}: {target(o.ke)}" for o in decision.cabang) if decision and not yes_no else None,
        "Lanjut": target(following[0]) if len(following) == 1 else "\n".join(str(target(t)) for t in following),
        "Id": step.id,
    }


def _default_next(sop: Sop, step: Step) -> int:
    return step.number + 1 if step.number < len(sop.kegiatan) else END


def new_workbook() -> Workbook:
    """The empty layout: both sheets with their column titles, explained in notes, and the guide."""
    workbook = Workbook()
    identity = workbook.active
    identity.title = IDENTITY_SHEET
    steps = workbook.create_sheet(STEPS_SHEET)
    for sheet, columns in (
        (identity, [(h, n + _extra_note(h)) for h, n in IDENTITY_COLUMNS]),
        (steps, [(h, n) for h, _k, n in STEP_COLUMNS]),
    ):
        for index, (header, note) in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index, value=header)
            cell.font = Font(bold=True)
            cell.comment = Comment(note, "Katalog SOP", width=320, height=120)
            sheet.column_dimensions[get_column_letter(index)].width = 28
        sheet.freeze_panes = "A2"
    for key in ("jenis", "status"):
        spec = _spec(key)
        assert spec is not None and isinstance(spec.type, Choice)
        column = get_column_letter([h for h, _ in IDENTITY_COLUMNS].index(key) + 1)
        rule = DataValidation(type="list", formula1='"' + ",".join(spec.type.options) + '"', allow_blank=True)
        identity.add_data_validation(rule)
        rule.add(f"{column}2:{column}1000")
    add_monev_sheets(workbook)
    guide = workbook.create_sheet(GUIDE_SHEET)
    for number, line in enumerate(GUIDE, start=1):
        guide.cell(row=number, column=1, value=line).alignment = Alignment(wrap_text=True)
    guide.column_dimensions["A"].width = 110
    return workbook


def _extra_note(header: str) -> str:
    if header == "riwayat":
        return RIWAYAT_NOTE
    if header == "keterkaitan":
        return KETERKAITAN_NOTE
    spec = _spec(header)
    return LIST_NOTE if spec is not None and isinstance(spec.type, ListOf) else ""


def add_rows(workbook: Workbook, identity: dict[str, Any], steps: list[dict[str, Any]]) -> None:
    """Append one SOP (as made by ``sop_rows``) to the workbook, each value under its column title."""
    for sheet_name, rows in ((IDENTITY_SHEET, [identity]), (STEPS_SHEET, steps)):
        sheet = workbook[sheet_name]
        headers = _headers(sheet)
        for row in rows:
            target = sheet.max_row + 1
            for header, value in row.items():
                if value not in (None, ""):
                    cell = sheet.cell(row=target, column=headers[header], value=value)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


# --- Monitoring and evaluation of one OPD for one period (format version 3) -------------------------------

MONITORING_SHEET = "Monitoring"
EVALUATION_SHEET = "Evaluasi"
MONEV_NIP = "Penilai NIP"
# The cells above the table: a title in column A, its value in column B (key path in the monitoring file).
MONEV_HEAD: tuple[tuple[str, str, str], ...] = (
    ("Folder OPD", OPD_COLUMN, "Wajib. Folder OPD di sops/, mis. disdukcapil."),
    ("Periode", "periode", "Wajib. Tahun-semester, mis. 2026-1 (Januari-Juni) atau 2026-2 (Juli-Desember)."),
    (
        "Tanggal",
        "tanggal",
        "Wajib. Tanggal monitoring dilakukan (YYYY-MM-DD): di dalam periode, atau paling lambat 60 hari sesudahnya.",
    ),
    ("Penilai jabatan", "penilai.jabatan", "Wajib. Jabatan penilai."),
    ("Penilai nama", "penilai.nama", "Wajib. Nama penilai beserta gelar."),
    (MONEV_NIP, "penilai.nip", "Opsional. NIP 18 angka, diketik sebagai teks."),
)
MONITORING_TITLE_ROW = len(MONEV_HEAD) + 2  # one empty row between the head and the table
MONITORING_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("No", "", "Nomor urut baris (untuk pembaca)."),
    (STEP_OF, "sop", "Wajib. Nomor SOP OPD ini, persis seperti di berkas SOP-nya."),
    ("Nama SOP", "", "Nama SOP, untuk pembaca; tidak diimpor."),
    ("Penilaian", "penilaian", "Wajib. `baik` (berjalan dengan baik) atau `tidak baik` (tidak berjalan dengan baik)."),
    ("Catatan", "catatan", "Opsional. Catatan hasil penilaian."),
    ("Tindakan", "tindakan", "Tindakan yang harus diambil; wajib bila penilaian `tidak baik`."),
    ("Metode", "metode", f"Opsional. Satu per baris di dalam sel (Alt+Enter): {', '.join(METODE)}."),
)
EVALUATION_COLUMNS: tuple[tuple[str, str, str], ...] = (
    (STEP_OF, "sop", "Wajib. Nomor SOP OPD ini yang dievaluasi."),
    *((key, key, f"Wajib. {question}: ya atau tidak.") for key, question in KRITERIA.items()),
    ("Rekomendasi", "rekomendasi", "Wajib. tetap, revisi atau cabut."),
    ("Catatan", "catatan", "Alasan rekomendasi; wajib bila rekomendasi bukan tetap."),
)


@dataclass
class ImportedMonev:
    """The monitoring of one OPD for one period read from the workbook: source values and where each came from."""

    opd: str
    periode: str
    values: dict[str, Any]
    cells: dict[tuple[str | int, ...], Cell] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def cell_of(self, path: tuple[str | int, ...]) -> Cell | str:
        """The cell a key path was written from; the closest enclosing one, or the sheet's head."""
        while path:
            if path in self.cells:
                return self.cells[path]
            path = path[:-1]
        return f"{MONITORING_SHEET}!B1"


def read_monev(workbook: Workbook, formulas: Workbook | None = None) -> ImportedMonev | None:
    """The Monitoring (and Evaluasi) sheet as a monitoring file's values; None when the sheet is absent or empty.

    Bounded as the SOP sheets are: the head A1:B6, the table's title row up to MAX_COLUMNS columns, at most
    MAX_ROWS rows below it."""
    if MONITORING_SHEET not in workbook.sheetnames:
        return None
    sheet = workbook[MONITORING_SHEET]
    formula_sheet = formulas[MONITORING_SHEET] if formulas and MONITORING_SHEET in formulas.sheetnames else None
    last = len(MONEV_HEAD)
    head = list(sheet.iter_rows(min_row=1, max_row=last, max_col=2, values_only=True))
    head_formulas = (
        list(formula_sheet.iter_rows(min_row=1, max_row=last, max_col=2, values_only=True)) if formula_sheet else []
    )
    found = ImportedMonev("", "", {})
    for number, (title, key, _note) in enumerate(MONEV_HEAD, start=1):
        read = tuple(head[number - 1]) if number <= len(head) else ()
        raw = read[1] if len(read) > 1 else None
        formula = (
            head_formulas[number - 1][1]
            if number <= len(head_formulas) and len(head_formulas[number - 1]) > 1
            else None
        )
        where = Cell(MONITORING_SHEET, number, 2, title)
        if _text(read[0] if read else None) != title:
            found.problems.append(
                f"{MONITORING_SHEET}!A{number}: judul `{title}` tidak ada di sel ini; salin lembar {MONITORING_SHEET} "
                "dari templat."
            )
            continue
        if (problem := _cell_problem(raw, formula, where)) is not None:
            found.problems.append(problem)
            continue
        text = _text(raw)
        if not text:
            continue
        if key == OPD_COLUMN:
            found.opd = text
        elif key == "periode":
            found.periode = text
        else:
            outer, _dot, sub = key.partition(".")
            if sub:
                found.values.setdefault(outer, {})[sub] = text
                found.cells.setdefault((outer,), where)
                found.cells[(outer, sub)] = where
            else:
                found.values[key] = _typed(text)
                found.cells[(key,)] = where
        found.cells.setdefault((key,), where)
    headers = _headers(sheet, MONITORING_TITLE_ROW)
    rows, too_long = _read_sheet(
        sheet, formula_sheet, headers, (h for h, _k, _n in MONITORING_COLUMNS), MONITORING_TITLE_ROW
    )
    if too_long:
        found.problems.append(too_long)
    found.values["monitoring"] = _monev_rows(found, MONITORING_SHEET, "monitoring", rows, headers, MONITORING_COLUMNS)
    if EVALUATION_SHEET in workbook.sheetnames:
        evaluation = workbook[EVALUATION_SHEET]
        formula_eval = formulas[EVALUATION_SHEET] if formulas and EVALUATION_SHEET in formulas.sheetnames else None
        eval_headers = _headers(evaluation)
        eval_rows, too_long = _read_sheet(
            evaluation, formula_eval, eval_headers, (h for h, _k, _n in EVALUATION_COLUMNS)
        )
        if too_long:
            found.problems.append(too_long)
        found.values["evaluasi"] = _monev_rows(
            found, EVALUATION_SHEET, "evaluasi", eval_rows, eval_headers, EVALUATION_COLUMNS
        )
    written = ("tanggal", "penilai", "monitoring", "evaluasi")
    if not (found.opd or found.periode or found.problems or any(found.values.get(k) for k in written)):
        return None  # the template's sheet left as it is: nothing to import
    if not found.opd:
        found.problems.append(f"{MONITORING_SHEET}!B1 (Folder OPD): isi folder OPD, mis. `disdukcapil`.")
    if not found.periode:
        found.problems.append(f"{MONITORING_SHEET}!B2 (Periode): isi periode tahun-semester, mis. `2026-1`.")
    return found


def _monev_rows(
    found: ImportedMonev,
    sheet: str,
    key: str,
    rows: list[_Row],
    headers: dict[str, int],
    columns: tuple[tuple[str, str, str], ...],
) -> list[dict[str, Any]]:
    """The rows of the Monitoring or Evaluasi table as rows of the monitoring file, each cell remembered."""
    found.cells.setdefault((key,), Cell(sheet, MONITORING_TITLE_ROW if key == "monitoring" else 1, 1, "No"))
    result: list[dict[str, Any]] = []
    for row in rows:
        found.problems.extend(row.problems)
        index = len(result)
        item: dict[str, Any] = {}
        for header, sub, _note in columns:
            column = headers.get(header)
            if not sub or column is None or column > len(row.values):
                continue
            raw = row.values[column - 1]
            where = Cell(sheet, row.number, column, header)
            text = _text(raw)
            if sub == "sop":
                found.cells[(key, index)] = where
                found.cells[(key, index, "sop")] = where
                if not text:
                    found.problems.append(f"{where}: isi nomor SOP baris ini.")
                item["sop"] = text
                continue
            if not text:
                continue
            if sub in KRITERIA:
                item.setdefault("kriteria", {})[sub] = text.casefold()
                found.cells.setdefault((key, index, "kriteria"), where)
                found.cells[(key, index, "kriteria", sub)] = where
                continue
            found.cells[(key, index, sub)] = where
            if sub == "metode":
                item[sub] = [
                    part.strip().casefold() for line in _lines(raw) for part in line.split(",") if part.strip()
                ]
            elif sub in ("penilaian", "rekomendasi"):
                item[sub] = " ".join(text.casefold().split())
            else:
                item[sub] = text
        if key == "evaluasi":
            item.setdefault("kriteria", {})
            item.setdefault("rekomendasi", "")
        result.append(item)
    return result


def add_monev_sheets(workbook: Workbook) -> None:
    """The Monitoring sheet (head cells, then the table) and the Evaluasi sheet, with notes and choice lists."""
    sheet = workbook.create_sheet(MONITORING_SHEET)
    for number, (title, _key, note) in enumerate(MONEV_HEAD, start=1):
        cell = sheet.cell(row=number, column=1, value=title)
        cell.font = Font(bold=True)
        cell.comment = Comment(note, "Katalog SOP", width=320, height=100)
        sheet.cell(row=number, column=2).number_format = "@"  # typed as text: a NIP keeps its 18 digits
    evaluation = workbook.create_sheet(EVALUATION_SHEET)
    for target, columns, row in (
        (sheet, MONITORING_COLUMNS, MONITORING_TITLE_ROW),
        (evaluation, EVALUATION_COLUMNS, 1),
    ):
        for index, (header, _key, note) in enumerate(columns, start=1):
            cell = target.cell(row=row, column=index, value=header)
            cell.font = Font(bold=True)
            cell.comment = Comment(note, "Katalog SOP", width=320, height=100)
            target.column_dimensions[get_column_letter(index)].width = 22 if index > 1 else 26
        target.freeze_panes = f"A{row + 1}"
    sheet.column_dimensions["B"].width = 34
    choices = (
        (sheet, MONITORING_COLUMNS, MONITORING_TITLE_ROW, {"penilaian": tuple(Penilaian)}),
        (
            evaluation,
            EVALUATION_COLUMNS,
            1,
            {**{key: ("ya", "tidak") for key in KRITERIA}, "rekomendasi": tuple(Rekomendasi)},
        ),
    )
    for target, columns, row, lists in choices:
        keys = [key for _h, key, _n in columns]
        for key, options in lists.items():
            column = get_column_letter(keys.index(key) + 1)
            rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            target.add_data_validation(rule)
            rule.add(f"{column}{row + 1}:{column}{row + 1000}")


# --- Where an SOP file may be written ---------------------------------------------------------------------


class Refused(ValueError):
    """A path a tool will not write; the message (Bahasa Indonesia) says what is wrong and what to write."""


def opd_folder(sources: Path, opd: str) -> Path:
    """The OPD folder ``opd`` names: an existing OPD folder directly under ``sources``, not a symlink."""
    hint = "tulis nama folder OPD saja (huruf kecil a-z, angka dan `-`), mis. `disdukcapil`"
    if not opd:
        raise Refused(f"folder OPD kosong; {hint}.")
    if not SLUG_PATTERN.fullmatch(opd):
        raise Refused(f"folder OPD `{_visible(opd)}` tidak sah: {hint}, bukan jalur folder.")
    folder = sources / opd
    if folder.is_symlink() or (folder / OPD_FILE).is_symlink():
        raise Refused(LINK_MESSAGE.format(name=opd if folder.is_symlink() else f"{opd}/{OPD_FILE}", kind="folder"))
    if not (folder / OPD_FILE).is_file():
        raise Refused(
            f"folder OPD `{opd}` tidak ada di {sources.as_posix()}; buat dulu dengan `python scripts/new_opd.py`."
        )
    if folder.resolve().parent != sources.resolve():
        raise Refused(f"folder OPD `{opd}` tidak berada langsung di {sources.as_posix()}; {hint}.")
    return folder


def file_slug(slug: str) -> str:
    """``slug`` if an SOP file may be named so (the validator's rule for file names); Refused otherwise."""
    suggestion = slugify(slug.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".yml"))[:MAX_FILE_NAME]
    hint = f"tulis nama berkas saja, tanpa folder dan tanpa `.yml`: huruf kecil a-z, angka dan `-`, mis. `{suggestion}`"
    if not slug:
        raise Refused(f"nama berkas kosong; {hint}.")
    if len(slug) > MAX_FILE_NAME:
        raise Refused(
            f"nama berkas terlalu panjang ({format_count(len(slug))} karakter, paling banyak {MAX_FILE_NAME}); nama "
            "berkas menjadi alamat halaman, jadi persingkat, mis. menjadi beberapa kata pertama nama SOP-nya."
        )
    if slug.startswith("_"):
        raise Refused(
            f"nama berkas `{_visible(slug)}` diawali `_`: berkas seperti itu bukan SOP dan tidak terbit; {hint}."
        )
    if not SLUG_PATTERN.fullmatch(slug):
        raise Refused(f"nama berkas `{_visible(slug)}` tidak sah: {hint}.")
    folder = Path("opd")
    message = _file_name_problem(folder / f"{slug}.yml", folder, folder.name, {})  # e.g. a reserved name
    if message is not None:
        raise Refused(message)
    return slug


def default_slug(nama: str) -> str:
    """The file name made from an SOP's name, cut at a word to MAX_FILE_NAME characters."""
    slug = slugify(nama)
    if len(slug) <= MAX_FILE_NAME:
        return slug
    cut = slug[: MAX_FILE_NAME + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_FILE_NAME]


def sop_path(folder: Path, slug: str) -> Path:
    """``folder/<slug>.yml`` (both checked by ``opd_folder`` and ``file_slug``), refused if it resolves elsewhere."""
    target = folder / f"{slug}.yml"
    if target.is_symlink():
        raise Refused(LINK_MESSAGE.format(name=target.name, kind="berkas"))
    if target.resolve().parent != folder.resolve():
        raise Refused(f"`{target.name}` tidak berada di folder OPD `{folder.name}`; tulis nama berkas saja.")
    return target


def monev_path(folder: Path, period_key: str) -> Path:
    """``folder/_monev/<period_key>.yml`` (folder checked by ``opd_folder``), refused through a symlink or elsewhere."""
    name = f"{period_key}.yml"
    if not PERIOD_FILE.fullmatch(name):
        raise Refused(f"periode `{_visible(period_key)}` tidak sah: tulis tahun-semester, mis. `2026-1`.")
    monev = folder / MONEV_FOLDER
    if monev.is_symlink():
        raise Refused(LINK_MESSAGE.format(name=f"{folder.name}/{MONEV_FOLDER}", kind="folder"))
    if monev.exists() and not monev.is_dir():
        raise Refused(f"`{folder.name}/{MONEV_FOLDER}` bukan folder; hapus atau ganti namanya.")
    target = monev / name
    if target.is_symlink():
        raise Refused(LINK_MESSAGE.format(name=f"{MONEV_FOLDER}/{name}", kind="berkas"))
    if target.resolve().parent.parent != folder.resolve():
        raise Refused(f"`{name}` tidak berada di `{folder.name}/{MONEV_FOLDER}`.")
    return target


GUIDE = (
    "Templat impor SOP ke Katalog SOP (python scripts/import_xlsx.py BERKAS.xlsx)",
    "",
    f"Arti setiap kunci dan cara menulisnya dijelaskan di {FORMAT_GUIDE}. Arahkan tetikus ke judul kolom untuk "
    "penjelasan singkatnya.",
    "",
    "Lembar Identitas: satu baris per SOP. Judul kolom adalah nama kunci di berkas sumber SOP. Kolom wajib: "
    "folder_opd, nomor, nama, tanggal_pembuatan, tanggal_efektif, disahkan_oleh.jabatan, disahkan_oleh.nama, "
    "dasar_hukum.",
    "Daftar (dasar_hukum, kualifikasi_pelaksana, pelaksana, ...) ditulis satu butir per baris di dalam sel "
    "(Alt+Enter di Excel, Ctrl+Enter di LibreOffice). Kolom pelaksana boleh kosong: urutannya diambil dari langkah.",
    "Tanggal boleh berupa tanggal Excel atau teks YYYY-MM-DD. Nomor SOP dan NIP diketik sebagai teks (format sel "
    "Teks, atau awali dengan tanda '): Excel menyimpan angka hanya sampai 15 digit, jadi NIP yang tersimpan sebagai "
    "angka ditolak. Rumus boleh dipakai bila berkas disimpan di Excel atau LibreOffice (nilainya ikut tersimpan).",
    f"nama_berkas: nama berkas saja, tanpa folder dan tanpa .yml (huruf kecil a-z, angka, -; paling banyak "
    f"{MAX_FILE_NAME} karakter). Dibaca paling banyak {format_count(MAX_ROWS)} baris per lembar; kolom dengan judul "
    "lain diabaikan.",
    "",
    "Lembar Kegiatan: satu baris per langkah. Nomor SOP menghubungkan langkah dengan barisnya di lembar Identitas; "
    "No adalah nomor urut langkah (1, 2, 3, ...). SOP boleh terdiri dari satu langkah saja.",
    "Pelaksana: satu nama dari daftar pelaksana. Langkah bersama (simbolnya di kolom beberapa pelaksana, "
    "dihubungkan garis): satu nama per baris di dalam sel, mis. `Pengurus Barang` lalu `Kepala Subbagian Umum`.",
    "Kelengkapan dan Output: satu butir per baris di dalam sel.",
    "Waktu ditulis seperti di dokumen: `10 menit`, `1,5 jam`, `3 hari kerja`; rentang `1-2 hari` atau "
    "`30 menit - 3 jam`; kelipatan `1 x 24 jam`; per butir `2 menit/berkas` atau `15 menit per berkas`; atau teks "
    "yang tidak diawali angka, mis. `Sesuai jadwal`. Satuan: menit, jam, hari, hari kerja, minggu, bulan. Rentang "
    "dan kelipatan ikut dijumlahkan; waktu per butir dan teks tidak. Waktu yang diawali angka tetapi tidak sesuai "
    "bentuk di atas (mis. `10 mnit`) ditolak.",
    "Keputusan Ya/Tidak: isi Ya dan Tidak dengan tujuannya: nomor langkah, id langkah, atau `selesai` "
    "(Pertanyaan boleh kosong).",
    "Keputusan dengan jawaban lain atau lebih dari dua: kosongkan Ya dan Tidak, lalu isi Cabang dengan satu "
    "jawaban per baris, ditulis `label: tujuan`, mis. `Dalam kota: 6`, `Luar kota: kirim-pos`, "
    "`Luar negeri: selesai`. Label tampil pada panah; setiap label berbeda.",
    "Lanjut (opsional) untuk langkah proses yang tidak berlanjut ke langkah berikutnya, mis. `selesai`. Bila alur "
    "bercabang ke beberapa langkah sekaligus, tulis setiap tujuan di baris sendiri di dalam sel (atau pisahkan "
    "dengan koma), mis. `4` lalu `6`.",
    "Id (opsional): nama pendek langkah (huruf kecil, angka, tanda -), mis. `kirim-pos`, agar langkah itu dapat "
    "dituju dari Ya, Tidak, Cabang, atau Lanjut.",
    "",
    "Setiap masalah dilaporkan dengan lembar, baris, dan kolomnya, mis. `Kegiatan!F12 (Waktu): ...`. SOP yang "
    "bermasalah tidak ditulis; SOP lain tetap ditulis ke sops/<folder_opd>/<nama_berkas>.yml.",
    "",
    "Lembar Monitoring (opsional): hasil monitoring satu OPD untuk satu semester. Isi sel B1 sampai B6 (Folder OPD, "
    "Periode mis. 2026-1, Tanggal, jabatan, nama dan NIP penilai), lalu satu baris per SOP yang berlaku: Nomor SOP, "
    "Penilaian (baik atau tidak baik), Catatan, Tindakan (wajib bila tidak baik), Metode (satu per baris). Kolom "
    "Nama SOP hanya untuk pembaca. Hasilnya ditulis ke sops/<folder_opd>/_monev/<periode>.yml.",
    "Lembar Evaluasi (opsional, bersama lembar Monitoring): satu baris per SOP yang dievaluasi; ketujuh kriteria "
    "diisi ya atau tidak; Rekomendasi tetap, revisi atau cabut; Catatan wajib bila rekomendasi bukan tetap.",
)
