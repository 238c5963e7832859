"""Read a whole `sops/` tree into a checked Catalog, or report every problem.

This is the entry point adapters call: the MkDocs hook, the export script and
the validator all go through ``build_catalog``.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from katalog_sop.catalog.model import Catalog, Opd
from katalog_sop.problems import CatalogError, Problem, display_path
from katalog_sop.source.load import load_document
from katalog_sop.source.related import link_by_name
from katalog_sop.source.schema import SLUG_PATTERN, Located
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
        return Catalog(self.catalog.opds, tuple(s for s in self.catalog.sops if s.status != "draf"))


def build_catalog(sources: Path, root: Path | None = None) -> BuildResult:
    """Load, validate and model every file under ``sources``.

    Raises CatalogError with all problems of all files when anything is wrong.
    """
    root = root or sources.parent
    problems: list[Problem] = []
    outside = refused_sources(sources, root) if sources.exists() else None
    if outside is not None:
        raise CatalogError([outside])
    if not sources.is_dir():
        raise CatalogError(
            [
                Problem(
                    display_path(sources, root),
                    1,
                    1,
                    "folder sumber SOP tidak ditemukan; buat folder ini dengan satu subfolder per OPD.",
                )
            ]
        )
    opds: list[Opd] = []
    checked: list[CheckedSop] = []
    unchecked_nomor: set[str] = set()
    for entry in sorted(sources.iterdir()):
        shown = display_path(entry, root)
        if entry.is_symlink():
            if not entry.name.startswith((".", "_")):
                problems.append(link_problem(entry, root))
            continue
        if entry.is_file() and entry.suffix in SOP_SUFFIXES:
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "berkas SOP harus berada di dalam folder OPD, mis. "
                    f"`{display_path(sources, root)}/nama-opd/{entry.name}`; pindahkan berkas ini.",
                )
            )
        if not entry.is_dir() or entry.name.startswith((".", "_")):
            continue
        opd, opd_sops, opd_problems = _read_opd_folder(entry, root, unchecked_nomor)
        problems.extend(opd_problems)
        if opd is not None:
            opds.append(opd)
        checked.extend(opd_sops)
    problems.extend(_check_across_files(checked, root, unchecked_nomor))
    if problems:
        raise CatalogError(problems)
    opds.sort(key=lambda o: o.sort_key)
    order = {opd.slug: index for index, opd in enumerate(opds)}
    linked, name_hints = link_by_name([c.sop for c in checked], {c.sop.key: c.related_texts for c in checked})
    sops = sorted(linked, key=lambda s: (order[s.opd_slug], s.nama.casefold(), s.nomor))
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
    return BuildResult(Catalog(tuple(opds), tuple(sops)), tuple(sorted(hints)))


def _read_opd_folder(
    folder: Path, root: Path, unchecked_nomor: set[str], only: set[Path] | None = None
) -> tuple[Opd | None, list[CheckedSop], list[Problem]]:
    """The OPD and its SOP files; with ``only``, SOP files outside it are not read."""
    problems: list[Problem] = []
    shown = display_path(folder, root)
    if not SLUG_PATTERN.match(folder.name):
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"nama folder OPD `{folder.name}` tidak sah: gunakan huruf kecil a-z, angka "
                f"dan `-` saja, mis. `{_slugify(folder.name)}`.",
            )
        )
    elif folder.name in RESERVED_SLUGS:
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"nama folder OPD `{folder.name}` dipakai situs untuk halaman lain; "
                f"ganti nama folder, mis. `{folder.name}-daerah`.",
            )
        )
    opd: Opd | None = None
    opd_path = folder / OPD_FILE
    if opd_path.is_symlink():
        problems.append(link_problem(opd_path, root))
    elif opd_path.is_file():
        doc, load_problems = load_document(opd_path, display_path(opd_path, root))
        problems.extend(load_problems)
        if doc is not None and not load_problems:
            opd, opd_problems = read_opd(doc, folder.name)
            problems.extend(opd_problems)
    else:
        problems.append(
            Problem(
                f"{shown}/{OPD_FILE}",
                1,
                1,
                f"folder OPD `{folder.name}` belum punya `{OPD_FILE}`; "
                "buat berkas itu dengan sedikitnya `nama: <nama OPD>`.",
            )
        )
    checked: list[CheckedSop] = []
    seen_slugs: dict[str, str] = {}
    real_folder = folder.resolve() if only is not None else folder
    for path, is_link, is_file in _walk(folder):
        if is_link:
            if path != opd_path:  # already reported above
                problems.append(link_problem(path, root))
            continue
        if not is_file or path.suffix not in SOP_SUFFIXES or path.name.startswith("_"):
            continue
        shown_file = f"{shown}/{path.relative_to(folder).as_posix()}"  # no resolve() per file
        if path.parent != folder:
            problems.append(
                Problem(
                    shown_file,
                    1,
                    1,
                    "berkas SOP harus langsung di dalam folder OPD, bukan di subfolder; "
                    f"pindahkan ke `{shown}/{path.name}`.",
                )
            )
            continue
        slug = path.stem
        if not SLUG_PATTERN.match(slug):
            problems.append(
                Problem(
                    shown_file,
                    1,
                    1,
                    f"nama berkas `{path.name}` tidak sah: gunakan huruf kecil a-z, "
                    f"angka dan `-` saja, mis. `{_slugify(slug)}{path.suffix}`.",
                )
            )
            continue
        if slug in RESERVED_SOP_SLUGS:
            problems.append(
                Problem(
                    shown_file,
                    1,
                    1,
                    f"nama berkas `{path.name}` tidak bisa dipakai untuk SOP; ganti namanya menurut nama SOP-nya, "
                    f"mis. `pelayanan-izin{path.suffix}`. Halaman SOP ini akan menjadi `{folder.name}/`, yaitu "
                    "halaman OPD yang dibuat otomatis (daftar SOP-nya).",
                )
            )
            declared = _scan(path, shown_file).nomor  # references to its nomor are not reported as missing
            if declared is not None:
                unchecked_nomor.add(declared.value)
            continue
        if slug in seen_slugs:
            problems.append(
                Problem(
                    shown_file,
                    1,
                    1,
                    f"berkas ini dan `{seen_slugs[slug]}` menghasilkan halaman yang sama; "
                    "hapus atau ganti nama salah satunya.",
                )
            )
            continue
        seen_slugs[slug] = path.name
        if only is not None and real_folder / path.name not in only:
            continue
        result, sop_problems, declared = _read_sop_file(path, shown_file, folder.name, slug)
        problems.extend(sop_problems)
        if result is not None:
            checked.append(result)
        else:
            unchecked_nomor.update(declared)
    return opd, checked, problems


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


_FileKey = tuple[Path, str, str, str, int, int]
_FileResult = tuple[CheckedSop | None, list[Problem], set[str]]
# `mkdocs serve` reads the whole tree again on every change; an unchanged file
# (same path, size and modification time) is not parsed again. Rules that span
# files are always checked afresh.
_file_cache: dict[Path, tuple[_FileKey, _FileResult]] = {}


def _read_sop_file(path: Path, shown: str, opd_slug: str, slug: str) -> _FileResult:
    """One SOP file: its checked model, its problems, and the nomor it declares if it failed."""
    stat = path.stat()
    key = (path, shown, opd_slug, slug, stat.st_mtime_ns, stat.st_size)
    cached = _file_cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    doc, problems = load_document(path, shown)
    result: _FileResult
    if doc is None or problems:
        # A file that cannot be parsed still declares its nomor, found line by line: references to it are
        # not reported too, the one real problem being in this file.
        declared = _scan(path, shown).nomor if doc is None else None
        result = (None, problems, {declared.value} if declared else _declared_nomor(doc.root if doc else None))
    else:
        checked, sop_problems = read_sop(doc, opd_slug, slug)
        result = (checked, sop_problems, set() if checked is not None else _declared_nomor(doc.root))
    _file_cache[path] = (key, result)
    return result


def _declared_nomor(root: yaml.Node | None) -> set[str]:
    """The nomor a file that failed validation still declares.

    References to it are not reported as missing: the one real problem is in
    that file, and it is already reported.
    """
    if not isinstance(root, yaml.MappingNode):
        return set()
    return {str(v.value).strip() for k, v in root.value if k.value == "nomor" and isinstance(v, yaml.ScalarNode)}


@dataclass(frozen=True)
class _Scanned:
    """What the rules across files need from a file that is not read in full: found line by line."""

    shown: str
    nomor: Located | None
    references: tuple[Located, ...]


_NOMOR_LINE = re.compile(r"^nomor:[ \t]*(\S.*?)[ \t]*$", re.MULTILINE)
_REFERENCE_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?sop:[ \t]*(\S.*?)[ \t]*$", re.MULTILINE)


def _scan(path: Path, shown: str) -> _Scanned:
    """The nomor and `sop:` references of a file, without parsing or checking the whole of it."""
    text = path.read_text(encoding="utf-8", errors="replace")

    def located(match: re.Match[str]) -> Located | None:
        try:
            value = yaml.safe_load(match[1])  # the scalar alone: quotes and a trailing comment are handled
        except yaml.YAMLError:
            return None
        if value is None:
            return None
        line_start = text.rfind("\n", 0, match.start(1)) + 1
        return Located(str(value).strip(), text.count("\n", 0, match.start(1)) + 1, match.start(1) - line_start + 1)

    nomor_match = _NOMOR_LINE.search(text)
    references = tuple(r for r in map(located, _REFERENCE_LINE.finditer(text)) if r is not None)
    return _Scanned(shown, located(nomor_match) if nomor_match else None, references)


def nomor_in_use(sources: Path, root: Path | None = None) -> dict[str, str]:
    """Every nomor written in the catalogue -> the file that writes it, found without reading files in full."""
    root = root or sources.parent
    found: dict[str, str] = {}
    if refused_sources(sources, root) is not None:
        return found
    for path in sorted(sources.glob("*/*")):
        hidden = path.name.startswith("_") or path.parent.name.startswith((".", "_"))
        if path.suffix in SOP_SUFFIXES and not hidden and not linked(path, sources) and path.is_file():
            scanned = _scan(path, display_path(path, root))
            if scanned.nomor is not None:
                found.setdefault(scanned.nomor.value, scanned.shown)
    return found


def check_changed(sources: Path, changed: set[Path], root: Path | None = None) -> list[Problem]:
    """Check only ``changed`` files in full, for quick checks of a pull request in a large catalogue.

    Every `_opd.yml` is read (one per OPD); other SOP files are only scanned for
    their nomor and `sop:` references, so that the rules across files still hold:
    a changed file may not take a nomor in use, its references must exist, and
    an unchanged file may not refer to a nomor a changed (or deleted) file gave up.
    """
    root = root or sources.parent
    outside = refused_sources(sources, root)
    if outside is not None:
        return [outside]
    # Each changed path with its folder resolved but not itself: a changed symlink stays the link.
    wanted = {_unfollowed(path) for path in changed}
    problems: list[Problem] = []
    checked: list[CheckedSop] = []
    scanned: list[_Scanned] = []
    unchecked_nomor: set[str] = set()
    for entry in sorted(sources.iterdir()):
        if entry.is_symlink():
            if _unfollowed(entry) in wanted:
                problems.append(link_problem(entry, root))
            continue
        if entry.is_file() and entry.suffix in SOP_SUFFIXES and _unfollowed(entry) in wanted:
            problems.append(
                Problem(display_path(entry, root), 1, 1, "berkas SOP harus berada di dalam folder OPD; pindahkan.")
            )
        if not entry.is_dir() or entry.name.startswith((".", "_")):
            continue
        _opd, opd_sops, opd_problems = _read_opd_folder(entry, root, unchecked_nomor, only=wanted)
        problems.extend(opd_problems)
        checked.extend(opd_sops)
        real_entry = entry.resolve()
        for path in sorted(entry.iterdir()):
            if path.suffix not in SOP_SUFFIXES or path.name.startswith("_") or real_entry / path.name in wanted:
                continue
            if not path.is_symlink() and path.is_file():  # a link is reported above, and never read
                scanned.append(_scan(path, display_path(path, root)))
    taken = {item.nomor.value: item for item in scanned if item.nomor is not None}
    problems.extend(_check_across_files(checked, root, unchecked_nomor | set(taken)))
    # Folder-wide checks report on every file; keep those about the changed files and their OPD.
    shown_changed = {display_path(path, root) for path in wanted}
    shown_changed |= {display_path(path.parent / OPD_FILE, root) for path in wanted}
    problems = [p for p in problems if p.path in shown_changed]
    return sorted(problems + _check_with_unchanged(checked, scanned, taken, unchecked_nomor, root))


def _check_with_unchanged(
    checked: list[CheckedSop],
    scanned: list[_Scanned],
    taken: dict[str, _Scanned],
    unchecked_nomor: set[str],
    root: Path,
) -> list[Problem]:
    """A changed file against the unchanged ones: its nomor is free, and no one refers to a nomor it gave up."""
    problems: list[Problem] = []
    for item in checked:
        other = taken.get(item.sop.nomor)
        if other is not None:
            problems.append(
                _at(
                    item,
                    item.nomor_at,
                    root,
                    f"nomor `{item.sop.nomor}` sudah dipakai oleh `{other.shown}`; nomor SOP harus unik di seluruh "
                    "katalog.",
                )
            )
    known = set(taken) | {c.sop.nomor for c in checked} | unchecked_nomor
    for item in scanned:
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
    for item in checked:
        nomor = item.sop.nomor
        if nomor in first:
            other = display_path(first[nomor].sop.source, root)
            problems.append(
                _at(
                    item,
                    item.nomor_at,
                    root,
                    f"nomor `{nomor}` sudah dipakai oleh `{other}`; nomor SOP harus unik di seluruh katalog.",
                )
            )
        else:
            first[nomor] = item
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


def _slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "nama-opd"
