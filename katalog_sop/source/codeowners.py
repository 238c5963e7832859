"""`.github/CODEOWNERS` from the optional `pemilik:` of each OPD, and a check that the two agree.

GitHub asks the owners of a folder to review every pull request that touches
it, so the staff of an OPD review the changes to their own SOPs. The file has
a part maintainers write by hand (e.g. a default owner `* @org/bagian-organisasi`)
and, below a marker line, a generated part with one line per OPD that has owners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from katalog_sop.problems import Problem, display_path
from katalog_sop.source.load import load_document
from katalog_sop.source.read import OPD_FILE, _folder_name_problems, linked
from katalog_sop.source.schema import SLUG_PATTERN
from katalog_sop.source.validate import read_opd

CODEOWNERS_PATH = ".github/CODEOWNERS"
MARKER = "# --- Dibuat oleh scripts/codeowners.py dari `pemilik:` di _opd.yml; jangan sunting di bawah baris ini ---"
# A pattern is written only when every character of it is one CODEOWNERS reads literally: `*`, `?`, `[`, `\\`,
# a space, a leading `#` or `!` and a line break all mean something there. OPD folders are slugs (the
# validator's rule), so only the path of the sources folder itself can be refused by this.
LITERAL_PATTERN = re.compile(r"/(?:[A-Za-z0-9._-]+/)+")
DEFAULT_HEAD = """\
# Pemilik kode: GitHub meminta tinjauan pemilik folder pada setiap pull request yang mengubahnya.
# Baris di atas penanda boleh disunting, mis. pemilik bawaan semua berkas:
# * @organisasi/bagian-organisasi
"""


@dataclass(frozen=True)
class FolderOwners:
    """The owners one OPD folder declares."""

    pattern: str  # `/sops/<opd>/`, as CODEOWNERS writes a folder from the repository root
    owners: tuple[str, ...]
    source: str  # the `_opd.yml` that declares them, as the maintainer sees it


@dataclass(frozen=True)
class Ownership:
    folders: tuple[FolderOwners, ...]
    unowned: tuple[str, ...]  # OPD folders without `pemilik:`
    problems: tuple[Problem, ...]  # `_opd.yml` files that could not be read


def read_ownership(sources: Path, root: Path) -> Ownership:
    """Read only the `_opd.yml` files: fast even in a catalogue of thousands of SOPs."""
    folders: list[FolderOwners] = []
    unowned: list[str] = []
    problems: list[Problem] = []
    for opd_file in sorted(sources.glob(f"*/{OPD_FILE}")):
        folder = opd_file.parent
        if folder.name.startswith((".", "_")) or linked(opd_file, sources):  # symlinks are never opened
            continue
        shown = display_path(opd_file, root)
        refused = _folder_problem(folder, root)
        if refused is not None:  # never written as a pattern: it could own other folders, or the whole repository
            problems.append(refused)
            continue
        doc, load_problems = load_document(opd_file, shown)
        opd, opd_problems = (None, []) if doc is None or load_problems else read_opd(doc, folder.name)
        problems.extend(load_problems + opd_problems)
        if opd is None:
            continue
        if opd.pemilik:
            # A folder pattern (trailing `/`) owns everything below it, so the OPD's owners also review
            # its monitoring and evaluation files `_monev/<periode>.yml` (tests/site/test_codeowners.py).
            pattern = "/" + display_path(folder, root) + "/"
            folders.append(FolderOwners(pattern, opd.pemilik, shown))
        else:
            unowned.append(display_path(folder, root))
    return Ownership(tuple(folders), tuple(unowned), tuple(problems))


def _folder_problem(folder: Path, root: Path) -> Problem | None:
    """Why an OPD folder cannot be written as a CODEOWNERS pattern: the validator's rule for folder names,
    applied to the whole name (a trailing line break included), and only literal characters in its path."""
    shown = display_path(folder, root)
    printable = folder.name.encode("unicode_escape").decode("ascii")
    named = _folder_name_problems(folder, shown)
    if named:
        return named[0]
    if not SLUG_PATTERN.fullmatch(folder.name):
        return Problem(
            shown, 1, 1, f"nama folder OPD `{printable}` tidak sah: gunakan huruf kecil a-z, angka dan `-` saja."
        )
    if not LITERAL_PATTERN.fullmatch(f"/{shown}/"):
        return Problem(
            shown,
            1,
            1,
            f"jalur `{shown}` memuat karakter yang punya arti khusus di CODEOWNERS (spasi, `*`, `?`, `[`, `\\`, "
            "`#`, `!`), jadi tidak ditulis; ganti nama folder sumber SOP dengan huruf, angka, `.`, `_` dan `-` saja.",
        )
    return None


def generated_part(ownership: Ownership) -> str:
    lines = [MARKER]
    width = max((len(f.pattern) for f in ownership.folders), default=0)
    lines += [f"{f.pattern.ljust(width)} {' '.join(f.owners)}" for f in ownership.folders]
    return "\n".join(lines) + "\n"


def codeowners_text(ownership: Ownership, current: str | None) -> str:
    """The whole file: the hand-written part of ``current`` kept, the generated part replaced."""
    head = DEFAULT_HEAD if current is None else current.split(MARKER, 1)[0]
    head = head.rstrip("\n") + "\n\n" if head.strip() else ""
    return head + generated_part(ownership)


def check(ownership: Ownership, current: str | None) -> list[Problem]:
    """Where `.github/CODEOWNERS` and the `pemilik:` of the OPDs disagree, one problem per line."""
    fix = "jalankan `python scripts/codeowners.py` lalu commit `.github/CODEOWNERS`."
    if current is None:
        # No OPD names an owner: nothing to agree with, and the file is not needed.
        return [Problem(CODEOWNERS_PATH, 1, 1, f"berkas belum ada; {fix}")] if ownership.folders else []
    lines = current.splitlines()
    if MARKER not in lines:
        return [Problem(CODEOWNERS_PATH, 1, 1, f"baris penanda bagian yang dibuat otomatis tidak ditemukan; {fix}")]
    start = lines.index(MARKER) + 1
    written: dict[str, tuple[int, tuple[str, ...]]] = {}
    problems: list[Problem] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *owners = line.split()
        written[pattern] = (number, tuple(owners))
    wanted = {f.pattern: f for f in ownership.folders}
    for pattern, (number, owners) in written.items():
        folder = wanted.get(pattern)
        if folder is None:
            problems.append(
                Problem(
                    CODEOWNERS_PATH,
                    number,
                    1,
                    f"`{pattern}` bukan folder OPD dengan `pemilik:`; untuk menghapus baris ini, {fix}",
                )
            )
        elif owners != folder.owners:
            problems.append(
                Problem(
                    CODEOWNERS_PATH,
                    number,
                    1,
                    f"`{pattern}` dimiliki {' '.join(owners) or '(tidak ada)'}, tetapi `{folder.source}` menulis "
                    f"`pemilik: {', '.join(folder.owners)}`; {fix}",
                )
            )
    for pattern, folder in wanted.items():
        if pattern not in written:
            problems.append(
                Problem(
                    CODEOWNERS_PATH,
                    len(lines) or 1,
                    1,
                    f"`{folder.source}` menulis `pemilik: {', '.join(folder.owners)}`, tetapi `{pattern}` belum ada "
                    f"di sini; {fix}",
                )
            )
    return problems
