"""Read a whole `sops/` tree into a checked Catalog, or report every problem.

This is the entry point adapters call: the MkDocs hook, the export script and
the validator all go through ``build_catalog``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from katalog_sop.catalog.model import Catalog, Opd, Related, Sop, Status
from katalog_sop.forking import beside
from katalog_sop.problems import CatalogError, Problem, display_path
from katalog_sop.slugs import slugify
from katalog_sop.source.load import SourceDocument, load_document, read_top_level
from katalog_sop.source.monev import MONEV_FOLDER, CheckedReport, SopStanding, check_monev_references, read_monev_folder
from katalog_sop.source.nomor import difference, nomor_key
from katalog_sop.source.related import link_by_name
from katalog_sop.source.schema import INVALID, SLUG_PATTERN, SOP_RECORD, Located, Reader, is_null
from katalog_sop.source.validate import CheckedSop, read_opd, read_sop
from katalog_sop.urls import RESERVED_NAMES

OPD_FILE = "_opd.yml"
# Site paths the generated pages and assets use (katalog_sop.urls): an OPD folder cannot take them.
RESERVED_SLUGS = RESERVED_NAMES
# File names an SOP cannot take: its page would be a page the site makes itself in the OPD folder
# (`<opd>/index.md` is the OPD's page, listing its SOPs).
RESERVED_SOP_SLUGS = frozenset({"index"})
SOP_SUFFIXES = (".yml", ".yaml")
# Symlinks under the sources folder are refused, wherever they point, and never opened: a link
# to a file outside the repository (/etc/passwd, a secret) or inside it (.git/config holds the CI
# token) would otherwise be read, and its text could reach a message, a build log or the site.
# The sources folder itself may be a link within the repository, never to a folder outside it.
LINK_MESSAGE = (
    "`{name}` adalah tautan simbolik (symlink); Katalog SOP tidak membuka tautan di folder sumber, ke mana "
    "pun arahnya. Ganti dengan {kind} biasa berisi salinan isinya, atau hapus tautan ini."
)


def link_problem(path: Path, root: Path) -> Problem:
    """A symlink met under the sources folder: refused, at its own path, its target never read."""
    kind = "folder" if path.is_dir() else "berkas"
    return Problem(display_path(path, root), 1, 1, LINK_MESSAGE.format(name=path.name, kind=kind))


def refused_sources(sources: Path, root: Path) -> Problem | None:
    """A problem when the sources folder lies outside the repository ``root`` (a symlink to elsewhere)."""
    if sources.resolve().is_relative_to(root.resolve()):
        return None
    return Problem(
        display_path(sources, root),
        1,
        1,
        f"folder sumber SOP `{display_path(sources, root)}` menunjuk ke luar repositori (tautan simbolik); "
        "Katalog SOP hanya membaca berkas di dalam repositori. Ganti tautan itu dengan folder biasa.",
    )


def _unfollowed(path: Path) -> Path:
    """``path`` made absolute with its folder resolved, itself not followed if it is a symlink."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def linked(path: Path, sources: Path) -> bool:
    """Whether ``path`` or a folder between it and ``sources`` is a symlink (``path`` lies under ``sources``)."""
    while path != sources and path != path.parent:
        if path.is_symlink():
            return True
        path = path.parent
    return False


@dataclass(frozen=True)
class BuildResult:
    """Everything read from the sources: the full catalogue, drafts included."""

    catalog: Catalog
    # Not errors: things a maintainer may want to look at (a related SOP's name almost written right).
    hints: tuple[Problem, ...] = ()

    def published(self, include_drafts: bool = False) -> Catalog:
        """The catalogue the public sees: drafts only in a local preview."""
        if include_drafts:
            return self.catalog
        drafts = {s.nomor for s in self.catalog.sops if s.status == Status.DRAFT}
        public = tuple(_without_links_to(s, drafts) for s in self.catalog.sops if s.status != Status.DRAFT)
        return Catalog(self.catalog.opds, public, self.catalog.monev)  # monev never names a draft


def _without_links_to(sop: Sop, drafts: set[str]) -> Sop:
    """An SOP as the public sees it: a related SOP named by its nama that is still a draft is not linked, and its
    nomor (which only the draft file holds) is not shown on the page nor in the open data; the name stays text.
    A `sop:` reference keeps the nomor its author wrote, shown without a link."""
    if not any(item.nomor in drafts and item.text for item in sop.keterkaitan):
        return sop
    kept = tuple(Related(text=item.text) if item.nomor in drafts and item.text else item for item in sop.keterkaitan)
    return replace(sop, keterkaitan=kept)


# From this many bytes of sources on, they are read on two cores (about 300 SOP files).
FORK_BYTES = 1_000_000


def build_catalog(sources: Path, root: Path | None = None, today: dt.date | None = None) -> BuildResult:
    """Load, validate and model every file under ``sources``; ``today`` is the day of the build (monitoring
    files may not be dated after it).

    Raises CatalogError with all problems of all files when anything is wrong.
    """
    root = root or sources.parent
    today = today or dt.date.today()
    refused = _refused_folder(sources, root)
    if refused is not None:
        raise CatalogError([refused])
    opds: list[Opd] = []
    checked: list[CheckedSop] = []
    unchecked_nomor: set[str] = set()
    problems: list[Problem] = []
    unread: list[Problem] = []
    entries = sorted(sources.iterdir())
    opd_folders = [entry for entry in entries if _is_opd_folder(entry)]

    # Two cores read at once: the second the monitoring files and the first OPD folders, this process the
    # others, each share about half of the bytes; the results are joined in folder order, as one process
    # would have them (the monitoring files need nothing of the SOP files until their references are checked).
    monev_bytes = _monev_bytes(opd_folders)
    sizes = [_folder_bytes(entry) if _is_opd_folder(entry) else 0 for entry in entries]
    total = monev_bytes + sum(sizes)
    split, taken = 0, monev_bytes
    while split < len(entries) and taken + sizes[split] <= total / 2:
        taken += sizes[split]
        split += 1

    def beside_task() -> tuple[tuple[list[CheckedReport], list[Problem]], list[_EntryRead]]:
        return _read_all_monev(opd_folders, root, today), [_read_entry(e, sources, root) for e in entries[:split]]

    def here() -> list[_EntryRead]:
        return [_read_entry(entry, sources, root) for entry in entries[split:]]

    ((reports, monev_problems), first), rest = beside(beside_task, here, worth_it=total > FORK_BYTES)
    for read in (*first, *rest):
        problems.extend(read.problems)
        unchecked_nomor.update(read.unchecked_nomor)
        unread.extend(read.unread)
        if read.opd is not None:
            opds.append(read.opd)
        checked.extend(read.sops)
    problems.extend(monev_problems)
    problems.extend(_check_across_files(checked, root, unchecked_nomor))
    standing = {
        c.sop.nomor: SopStanding(c.sop.opd_slug, c.sop.status, display_path(c.sop.source, root)) for c in checked
    }
    problems.extend(check_monev_references(reports, standing, unchecked_nomor))
    if problems:
        raise CatalogError(problems)
    return _model(opds, checked, root, unread, reports)


@dataclass(frozen=True)
class _EntryRead:
    """What one entry of the sources folder gave: its problems, and for an OPD folder the OPD and its SOPs."""

    problems: list[Problem]
    opd: Opd | None = None
    sops: tuple[CheckedSop, ...] = ()
    unchecked_nomor: frozenset[str] = frozenset()
    unread: tuple[Problem, ...] = ()


def _read_entry(entry: Path, sources: Path, root: Path) -> _EntryRead:
    problems = _top_level_problems(entry, sources, root, changed=None)
    if not _is_opd_folder(entry):
        return _EntryRead(problems)
    unchecked: set[str] = set()
    unread: list[Problem] = []
    opd, sops, opd_problems = _read_opd_folder(entry, root, unchecked, unread=unread)
    return _EntryRead([*problems, *opd_problems], opd, tuple(sops), frozenset(unchecked), tuple(unread))


def _folder_bytes(folder: Path) -> int:
    """The size of an OPD folder's own files (its SOP files), to share the reading between two cores."""
    with os.scandir(folder) as found:
        return sum(e.stat(follow_symlinks=False).st_size for e in found if e.is_file(follow_symlinks=False))


def _read_all_monev(folders: list[Path], root: Path, today: dt.date) -> tuple[list[CheckedReport], list[Problem]]:
    """Every OPD folder's `_monev/` period files, each checked on its own, in folder order."""
    reports: list[CheckedReport] = []
    problems: list[Problem] = []
    for folder in folders:
        shown = display_path(folder, root)
        found, found_problems = read_monev_folder(folder, shown, folder.name, today, lambda p: link_problem(p, root))
        reports.extend(found)
        problems.extend(found_problems)
    return reports, problems


def _monev_bytes(folders: list[Path]) -> int:
    """The size of the monitoring files, to tell whether reading them on another core pays for the fork."""
    total = 0
    for folder in folders:
        monev = folder / MONEV_FOLDER
        if monev.is_dir() and not monev.is_symlink():
            with os.scandir(monev) as entries:
                total += sum(e.stat(follow_symlinks=False).st_size for e in entries if e.is_file(follow_symlinks=False))
    return total


def _refused_folder(sources: Path, root: Path) -> Problem | None:
    """The sources folder itself cannot be read: a link out of the repository, or no folder at all."""
    if sources.exists():
        outside = refused_sources(sources, root)
        if outside is not None:
            return outside
    if sources.is_dir():
        return None
    return Problem(
        display_path(sources, root),
        1,
        1,
        "folder sumber SOP tidak ditemukan; buat folder ini dengan satu subfolder per OPD.",
    )


def _is_opd_folder(entry: Path) -> bool:
    """A folder of the sources folder that holds an OPD (hidden and `_` folders are not one)."""
    return not entry.is_symlink() and entry.is_dir() and not entry.name.startswith((".", "_"))


def _top_level_problems(entry: Path, sources: Path, root: Path, changed: set[Path] | None) -> list[Problem]:
    """A symlink, or an SOP file outside any OPD folder; with ``changed``, only when it is one of them."""
    wanted = changed is None or _unfollowed(entry) in changed
    if entry.is_symlink():
        reported = not entry.name.startswith((".", "_")) if changed is None else wanted
        return [link_problem(entry, root)] if reported else []
    if not (entry.is_file() and entry.suffix in SOP_SUFFIXES and wanted):
        return []
    shown = display_path(entry, root)
    if changed is not None:
        return [Problem(shown, 1, 1, "berkas SOP harus berada di dalam folder OPD; pindahkan.")]
    return [
        Problem(
            shown,
            1,
            1,
            "berkas SOP harus berada di dalam folder OPD, mis. "
            f"`{display_path(sources, root)}/nama-opd/{entry.name}`; pindahkan berkas ini.",
        )
    ]


def _model(
    opds: list[Opd],
    checked: list[CheckedSop],
    root: Path,
    unread: list[Problem] | None = None,
    reports: list[CheckedReport] | None = None,
) -> BuildResult:
    """The catalogue of checked files: OPDs and SOPs in site order, related SOPs linked by name."""
    opds.sort(key=lambda o: o.sort_key)
    order = {opd.slug: index for index, opd in enumerate(opds)}
    linked_sops, name_hints = link_by_name([c.sop for c in checked], {c.sop.key: c.related_texts for c in checked})
    sops = sorted(linked_sops, key=lambda s: (order[s.opd_slug], s.nama.casefold(), s.nomor))
    hints = tuple(
        Problem(
            display_path(hint.sop.source, root),
            hint.at.line,
            hint.at.column,
            f"`keterkaitan` `{hint.at.value}` mirip nama SOP `{hint.close_to.nama}` ({hint.close_to.nomor}) tetapi "
            "tidak sama persis, jadi tidak menjadi tautan. Tulis namanya persis, atau "
            f'`sop: "{hint.close_to.nomor}"`; biarkan bila memang SOP lain.',
        )
        for hint in name_hints
    )
    read_reports = (c.report for c in reports or () if c.report is not None)
    monev = tuple(sorted(read_reports, key=lambda r: (order[r.opd_slug], r.period)))
    return BuildResult(Catalog(tuple(opds), tuple(sops), monev), tuple(sorted((*hints, *(unread or ())))))


@dataclass(frozen=True)
class _SopFile:
    """A file of an OPD folder that may be read as an SOP: its name and place are valid."""

    path: Path
    shown: str
    slug: str


def _read_opd_folder(
    folder: Path,
    root: Path,
    unchecked_nomor: set[str],
    only: set[Path] | None = None,
    unread: list[Problem] | None = None,
) -> tuple[Opd | None, list[CheckedSop], list[Problem]]:
    """The OPD and its SOP files; with ``only``, SOP files outside it are not read. Files that are
    not SOPs and not errors either (``_catatan.yml``, ``README.md``) are added to ``unread``."""
    shown = display_path(folder, root)
    problems = _folder_name_problems(folder, shown)
    opd, opd_problems = _read_opd_file(folder, root, shown)
    problems.extend(opd_problems)
    files, file_problems, reserved, notices = _sop_files(folder, root, shown)
    problems.extend(file_problems)
    if unread is not None:
        unread.extend(notices)
    for path, shown_file in reserved:  # references to its nomor are not reported as missing
        declared = _outline(path, shown_file, _NOMOR_ONLY).nomor
        if declared is not None:
            unchecked_nomor.add(declared.value)
    checked: list[CheckedSop] = []
    real_folder = folder.resolve() if only is not None else folder
    for file in files:
        if only is not None and real_folder / file.path.name not in only:
            continue
        result, sop_problems, declared_nomor = _read_sop_file(file.path, file.shown, folder.name, file.slug)
        problems.extend(sop_problems)
        if result is not None:
            checked.append(result)
        else:
            unchecked_nomor.update(declared_nomor)
    return opd, checked, problems


def _folder_name_problems(folder: Path, shown: str) -> list[Problem]:
    """An OPD folder's name becomes its address: a slug, and not one the site uses itself."""
    if not SLUG_PATTERN.fullmatch(folder.name):
        message = (
            f"nama folder OPD `{folder.name}` tidak sah: gunakan huruf kecil a-z, angka "
            f"dan `-` saja, mis. `{slugify(folder.name)}`."
        )
    elif folder.name in RESERVED_SLUGS:
        message = (
            f"nama folder OPD `{folder.name}` dipakai situs untuk halaman lain; "
            f"ganti nama folder, mis. `{folder.name}-daerah`."
        )
    else:
        return []
    return [Problem(shown, 1, 1, message)]


def _read_opd_file(folder: Path, root: Path, shown: str) -> tuple[Opd | None, list[Problem]]:
    """The folder's `_opd.yml`: its OPD, or why there is none (missing, a symlink, invalid)."""
    opd_path = folder / OPD_FILE
    if opd_path.is_symlink():
        return None, [link_problem(opd_path, root)]
    if not opd_path.is_file():
        return None, [
            Problem(
                f"{shown}/{OPD_FILE}",
                1,
                1,
                f"folder OPD `{folder.name}` belum punya `{OPD_FILE}`; "
                "buat berkas itu dengan sedikitnya `nama: <nama OPD>`.",
            )
        ]
    doc, problems = load_document(opd_path, display_path(opd_path, root))
    if doc is None or problems:
        return None, problems
    return read_opd(doc, folder.name)


def _sop_files(
    folder: Path, root: Path, shown: str
) -> tuple[list[_SopFile], list[Problem], list[tuple[Path, str]], list[Problem]]:
    """The SOP files of an OPD folder, the problems of files that cannot be one, the reserved names, and
    notices for the files that are not SOPs (every file is either read or reported).

    A file named after a page the site makes itself (``index.yml``) is refused, but returned apart so that
    its nomor still counts.
    """
    files: list[_SopFile] = []
    problems: list[Problem] = []
    reserved: list[tuple[Path, str]] = []
    notices: list[Problem] = []
    seen_slugs: dict[str, str] = {}
    for path, is_link, is_file in _walk(folder):
        parts = path.relative_to(folder).parts
        if parts[0] == MONEV_FOLDER:
            continue  # read (and its links reported) by source/monev.py
        if is_link:
            if path != folder / OPD_FILE:  # reported with the OPD file
                problems.append(link_problem(path, root))
            continue
        if not is_file or path == folder / OPD_FILE or any(part.startswith(".") for part in parts):
            continue
        shown_file = f"{shown}/{path.relative_to(folder).as_posix()}"  # no resolve() per file
        unread = _unread_file(path, shown_file)
        if unread is not None:
            (problems if unread.message.startswith(_MISNAMED) else notices).append(unread)
            continue
        message = _file_name_problem(path, folder, shown, seen_slugs)
        if message is not None:
            problems.append(Problem(shown_file, 1, 1, message))
            if path.parent == folder and path.stem in RESERVED_SOP_SLUGS:
                reserved.append((path, shown_file))
            continue
        seen_slugs[path.stem] = path.name
        files.append(_SopFile(path, shown_file, path.stem))
    return files, problems, reserved, notices


_MISNAMED = "berkas ini tidak dibaca"
MAX_SLUG_LENGTH = 100  # a page address longer than a file name may be (255 bytes) crashed the build


def _unread_file(path: Path, shown_file: str) -> Problem | None:
    """Why a file of an OPD folder is not read as an SOP: an error if it looks meant to be one (`akta.YML`,
    `akta.yml ` with a trailing space), a notice otherwise (`_catatan.yml`, `README.md`); None when it is read."""
    name = path.name
    if path.suffix in SOP_SUFFIXES and not name.startswith("_"):
        return None
    stem, _, suffix = name.strip().rpartition(".")
    if f".{suffix.lower()}" in SOP_SUFFIXES and not name.startswith("_"):
        return Problem(
            shown_file,
            1,
            1,
            f"{_MISNAMED}: nama berkas SOP harus berakhiran `.yml` atau `.yaml` persis (huruf kecil, tanpa spasi "
            f"di awal atau akhir); ganti namanya menjadi `{stem.strip()}.yml`.",
        )
    if name.startswith("_"):
        hint = "hapus `_` di depan namanya bila ini SOP" if f".{suffix.lower()}" in SOP_SUFFIXES else ""
        return Problem(
            shown_file, 1, 1, f"berkas diawali `_` bukan SOP dan tidak diterbitkan{'; ' + hint if hint else ''}."
        )
    return Problem(shown_file, 1, 1, "berkas ini bukan berkas SOP (.yml) dan tidak diterbitkan.")


def _file_name_problem(path: Path, folder: Path, shown: str, seen_slugs: dict[str, str]) -> str | None:
    """Why a `.yml` file cannot be an SOP by its place or name (its name becomes its page); None if it can."""
    slug = path.stem
    if path.parent != folder:
        return f"berkas SOP harus langsung di dalam folder OPD, bukan di subfolder; pindahkan ke `{shown}/{path.name}`."
    if len(slug) > MAX_SLUG_LENGTH:
        return (
            f"nama berkas terlalu panjang ({len(slug)} karakter, paling banyak {MAX_SLUG_LENGTH}); nama berkas "
            "menjadi alamat halaman, jadi persingkat, mis. menjadi beberapa kata pertama nama SOP-nya."
        )
    if not SLUG_PATTERN.fullmatch(slug):
        return (
            f"nama berkas `{path.name}` tidak sah: gunakan huruf kecil a-z, "
            f"angka dan `-` saja, mis. `{slugify(slug)}{path.suffix}`."
        )
    if slug in RESERVED_SOP_SLUGS:
        return (
            f"nama berkas `{path.name}` tidak bisa dipakai untuk SOP; ganti namanya menurut nama SOP-nya, "
            f"mis. `pelayanan-izin{path.suffix}`. Halaman SOP ini akan menjadi `{folder.name}/`, yaitu "
            "halaman OPD yang dibuat otomatis (daftar SOP-nya)."
        )
    if slug in seen_slugs:
        return (
            f"berkas ini dan `{seen_slugs[slug]}` menghasilkan halaman yang sama; hapus atau ganti nama salah satunya."
        )
    return None


def _walk(folder: Path) -> list[tuple[Path, bool, bool]]:
    """Everything under ``folder``, sorted: (path, is a symlink, is a regular file).

    A symlinked folder is listed, never entered; nothing is opened, nor followed.
    """
    found: list[tuple[Path, bool, bool]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            path = folder / entry.name
            is_link = entry.is_symlink()
            found.append((path, is_link, not is_link and entry.is_file(follow_symlinks=False)))
            if not is_link and entry.is_dir(follow_symlinks=False):
                found.extend(_walk(path))
    return sorted(found)


_FileKey = tuple[Path, str, str, str, int, int, int, int]
_FileResult = tuple[CheckedSop | None, list[Problem], set[str]]
# `mkdocs serve` reads the whole tree again on every change; an unchanged file
# (same path, size, modification and change time, inode) is not parsed again. Rules that span
# files are always checked afresh.
_file_cache: dict[Path, tuple[_FileKey, _FileResult]] = {}


def _read_sop_file(path: Path, shown: str, opd_slug: str, slug: str) -> _FileResult:
    """One SOP file: its checked model, its problems, and the nomor it declares if it failed."""
    stat = path.stat()
    # The change time and inode too: an edit that keeps size and modification time (`touch -r`, an editor that
    # restores it, a copy with -p) still changes the file's ctime, and a file replaced by rename its inode.
    key = (path, shown, opd_slug, slug, stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)
    cached = _file_cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    doc, problems = load_document(path, shown)
    result: _FileResult
    if doc is None:
        # A file that cannot be parsed still declares the nomor written above its error: references to it are
        # not reported too, the one real problem being in this file.
        declared = _outline(path, shown, _NOMOR_ONLY).nomor
        result = (None, problems, {declared.value} if declared else set())
    elif problems:
        result = (None, problems, _declared_nomor(doc))
    else:
        checked, sop_problems = read_sop(doc, opd_slug, slug)
        result = (checked, sop_problems, set() if checked is not None else _declared_nomor(doc))
    _file_cache[path] = (key, result)
    return result


def _declared_nomor(doc: SourceDocument) -> set[str]:
    """The nomor a file that failed validation still declares, read as validation reads it.

    References to it are not reported as missing: the one real problem is in
    that file, and it is already reported.
    """
    nomor = _read_keys(_pairs(doc.root), doc.display_path).get("nomor")
    return {nomor.value} if nomor is not None else set()


# --- Files not read in full ------------------------------------------------------------------------------
#
# The rules across files need two things from every other file: the nomor it declares and the nomor its
# `keterkaitan` refers to. Both are read by the same YAML parser (load.read_top_level) and the same field
# types (schema.SOP_RECORD) as a full read, so a nomor in a block scalar, a flow mapping `{nomor: ...}`,
# under a quoted key or after a multi-line quote is the value validation sees, at the same line:col.


@dataclass(frozen=True)
class _Outline:
    """What the rules across files need from a file that is not read in full."""

    shown: str
    nomor: Located | None
    references: tuple[Located, ...]
    opd_slug: str = ""
    status: str | None = None  # as written; None when absent (the default is berlaku) or not read

    @property
    def standing(self) -> SopStanding:
        """Enough of the SOP for the monitoring rules; a status that does not read counts as in force."""
        status = Status(self.status) if self.status in set(Status) else Status.IN_FORCE
        return SopStanding(self.opd_slug, status, self.shown)


_ACROSS_FILES = frozenset({"nomor", "keterkaitan"})
_NOMOR_ONLY = frozenset({"nomor"})
_WITH_STATUS = _ACROSS_FILES | {"status"}  # the monitoring rules need it too (a draft is not monitored)
_SOP_FIELDS = {spec.key: spec.type for spec in SOP_RECORD.fields if spec.key in _WITH_STATUS}


def _outline(path: Path, shown: str, keys: frozenset[str] = _ACROSS_FILES) -> _Outline:
    """The nomor and `sop:` references of one file, without checking the rest of it.

    Only as much of the file is parsed as ``keys`` need (the nomor is usually its first line). A file
    the parser cannot read to the end still declares what is written above the point where it stopped.
    """
    values = _read_keys(read_top_level(path, keys), shown)
    related = values["keterkaitan"].value if "keterkaitan" in values else []
    references = tuple(item.value["sop"] for item in related if isinstance(item.value, dict) and "sop" in item.value)
    status = values["status"].value if "status" in values else None
    return _Outline(shown, values.get("nomor"), references, path.parent.name, status)


def _pairs(root: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
    """The top-level ``key: value`` pairs of a document, in order (none when its root is not a mapping)."""
    if not isinstance(root, yaml.MappingNode):
        return []
    return [(str(key.value), value) for key, value in root.value]


def _read_keys(pairs: Iterable[tuple[str, yaml.Node]], shown: str) -> dict[str, Located]:
    """`nomor` and `keterkaitan` as validation reads them: null is absent, the last key wins, invalid is left out."""
    reader = Reader(shown)
    values: dict[str, Located] = {}
    for key, node in pairs:
        if key in _SOP_FIELDS and not is_null(node):
            value = _SOP_FIELDS[key].read(node, reader, key)
            if value is not INVALID:
                values[key] = reader.locate(node, value)
    return values


def nomor_in_use(sources: Path, root: Path | None = None) -> dict[str, str]:
    """Every nomor written in the catalogue -> the file that writes it, without checking files in full."""
    root = root or sources.parent
    found: dict[str, str] = {}
    if refused_sources(sources, root) is not None:
        return found
    shown_folders: dict[Path, str] = {}
    for path in sorted(sources.glob("*/*")):
        hidden = path.name.startswith("_") or path.parent.name.startswith((".", "_"))
        if path.suffix in SOP_SUFFIXES and not hidden and not linked(path, sources) and path.is_file():
            if path.parent not in shown_folders:  # one resolve() per folder, not per file
                shown_folders[path.parent] = display_path(path.parent, root)
            outline = _outline(path, f"{shown_folders[path.parent]}/{path.name}", _NOMOR_ONLY)
            if outline.nomor is not None:
                found.setdefault(outline.nomor.value, outline.shown)
    return found


def check_changed(
    sources: Path, changed: set[Path], root: Path | None = None, today: dt.date | None = None
) -> list[Problem]:
    """Check only ``changed`` files in full, for quick checks of a pull request in a large catalogue.

    Every `_opd.yml` is read (one per OPD); of the other SOP files only the nomor
    and `sop:` references are read, so that the rules across files still hold:
    a changed file may not take a nomor in use, its references must exist, and
    an unchanged file may not refer to a nomor a changed (or deleted) file gave up. The monitoring files
    of an OPD with a change are read in full (they are small): a changed SOP may break one of them.
    """
    root = root or sources.parent
    today = today or dt.date.today()
    outside = refused_sources(sources, root)
    if outside is not None:
        return [outside]
    # Each changed path with its folder resolved but not itself: a changed symlink stays the link.
    wanted = {_unfollowed(path) for path in changed}
    problems: list[Problem] = []
    checked: list[CheckedSop] = []
    unchanged: list[_Outline] = []
    unchecked_nomor: set[str] = set()
    reports: list[CheckedReport] = []
    monev_problems: list[Problem] = []
    for entry in sorted(sources.iterdir()):
        problems.extend(_top_level_problems(entry, sources, root, changed=wanted))
        if not _is_opd_folder(entry):
            continue
        _opd, opd_sops, opd_problems = _read_opd_folder(entry, root, unchecked_nomor, only=wanted)
        problems.extend(opd_problems)
        checked.extend(opd_sops)
        unchanged.extend(_outline_unchanged(entry, wanted, root))
        real_folder = entry.resolve()
        if any(path.is_relative_to(real_folder) for path in wanted):
            opd_reports, found = _read_all_monev([entry], root, today)
            reports.extend(opd_reports)
            monev_problems.extend(found)
    taken = {item.nomor.value: item for item in unchanged if item.nomor is not None}
    problems.extend(_check_across_files(checked, root, unchecked_nomor | set(taken)))
    # Folder-wide checks report on every file; keep those about the changed files and their OPD.
    shown_changed = {display_path(path, root) for path in wanted}
    shown_changed |= {display_path(path.parent / OPD_FILE, root) for path in wanted}
    problems = [p for p in problems if p.path in shown_changed]
    standing = {item.nomor.value: item.standing for item in unchanged if item.nomor is not None}
    standing.update(
        {c.sop.nomor: SopStanding(c.sop.opd_slug, c.sop.status, display_path(c.sop.source, root)) for c in checked}
    )
    monev_problems.extend(check_monev_references(reports, standing, unchecked_nomor))
    return sorted(problems + monev_problems + _check_with_unchanged(checked, unchanged, taken, unchecked_nomor, root))


def _outline_unchanged(folder: Path, wanted: set[Path], root: Path) -> list[_Outline]:
    """The outline of each SOP file of ``folder`` that did not change; a symlink is never read."""
    real_folder = folder.resolve()
    shown = display_path(folder, root)  # no resolve() per file
    found: list[_Outline] = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in SOP_SUFFIXES or path.name.startswith("_") or real_folder / path.name in wanted:
            continue
        if not path.is_symlink() and path.is_file():  # a link is reported with the folder, and never read
            found.append(_outline(path, f"{shown}/{path.name}", _WITH_STATUS))
    return found


def _check_with_unchanged(
    checked: list[CheckedSop],
    unchanged: list[_Outline],
    taken: dict[str, _Outline],
    unchecked_nomor: set[str],
    root: Path,
) -> list[Problem]:
    """A changed file against the unchanged ones: its nomor is free, and no one refers to a nomor it gave up."""
    problems: list[Problem] = []
    taken_keys = {nomor_key(nomor): (nomor, outline) for nomor, outline in taken.items()}
    for item in checked:
        found = taken_keys.get(nomor_key(item.sop.nomor))
        if found is not None:
            problems.append(_at(item, item.nomor_at, root, taken_message(item.sop.nomor, found[0], found[1].shown)))
    known = set(taken) | {c.sop.nomor for c in checked} | unchecked_nomor
    for item in unchanged:
        for reference in item.references:
            if reference.value not in known:
                problems.append(
                    Problem(
                        item.shown,
                        reference.line,
                        reference.column,
                        f"`keterkaitan` merujuk SOP bernomor `{reference.value}` yang tidak ada lagi di katalog "
                        "(nomornya diubah atau berkasnya dihapus dalam perubahan ini); perbarui rujukan ini.",
                    )
                )
    return problems


def _check_across_files(checked: list[CheckedSop], root: Path, unchecked_nomor: set[str]) -> list[Problem]:
    # ``unchecked_nomor``: nomor that exist in files not read here (broken, or not read at all); references to
    # them are not reported.
    """`nomor` unique in the catalogue; every `keterkaitan` reference exists."""
    problems: list[Problem] = []
    first: dict[str, CheckedSop] = {}
    by_key: dict[str, CheckedSop] = {}
    for item in checked:
        nomor = item.sop.nomor
        twin = by_key.get(nomor_key(nomor))
        if twin is not None:
            other = display_path(twin.sop.source, root)
            problems.append(_at(item, item.nomor_at, root, taken_message(nomor, twin.sop.nomor, other)))
        else:
            first[nomor] = item
            by_key[nomor_key(nomor)] = item
    problems.extend(_check_aliases(checked, root))
    for item in checked:
        for reference in item.references:
            if reference.value in first or reference.value in unchecked_nomor:
                continue
            close = difflib.get_close_matches(reference.value, first, n=1, cutoff=0.7)
            hint = (
                f" Apakah maksud Anda `{close[0]}`?" if close else " Periksa nomornya, atau tulis sebagai teks biasa."
            )
            problems.append(
                _at(
                    item,
                    reference,
                    root,
                    f"`keterkaitan` merujuk SOP bernomor `{reference.value}` yang tidak ada di katalog.{hint}",
                )
            )
    return problems


def taken_message(nomor: str, other_nomor: str, other_file: str) -> str:
    """A nomor already in use, exactly or after the documented normalisation (source/nomor.py)."""
    if nomor == other_nomor:
        return f"nomor `{nomor}` sudah dipakai oleh `{other_file}`; nomor SOP harus unik di seluruh katalog."
    return (
        f"nomor `{nomor}` sudah dipakai oleh `{other_file}` sebagai `{other_nomor}`: keduanya "
        f"{difference(nomor, other_nomor)}, jadi pembaca tidak dapat membedakannya; nomor SOP harus unik di "
        "seluruh katalog. Ganti nomornya, atau ketik ulang dengan huruf dan tanda baca biasa."
    )


def find_taken(nomor: str, in_use: dict[str, str]) -> tuple[str, str] | None:
    """(nomor as written there, file) of an SOP whose nomor is this one after normalisation, or None."""
    key = nomor_key(nomor)
    return next(((n, f) for n, f in in_use.items() if nomor_key(n) == key), None)


def _check_aliases(checked: list[CheckedSop], root: Path) -> list[Problem]:
    """An old address may not be a page that exists, nor the old address of another SOP."""
    problems: list[Problem] = []
    pages = {item.sop.key: item for item in checked}
    claimed: dict[str, CheckedSop] = {}
    for item in checked:
        for alias in item.aliases:
            address = alias.value
            if address in pages:
                where = display_path(pages[address].sop.source, root)
                message = f"`alias` `{address}` adalah alamat SOP yang ada (`{where}`); hapus alias ini."
            elif address.split("/")[0] in RESERVED_SLUGS:
                message = f"`alias` `{address}` memakai folder yang dipakai situs; hapus alias ini."
            elif address in claimed and claimed[address] is not item:
                other = display_path(claimed[address].sop.source, root)
                message = f"`alias` `{address}` juga ditulis di `{other}`; satu alamat lama hanya boleh untuk satu SOP."
            else:
                claimed[address] = item
                continue
            problems.append(_at(item, alias, root, message))
    return problems


def _at(item: CheckedSop, located, root: Path, message: str) -> Problem:
    return Problem(display_path(item.sop.source, root), located.line, located.column, message)
