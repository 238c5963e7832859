"""Problems found in source files, reported as ``path:line:col: pesan``; and a tool's one line for a refused write."""

from __future__ import annotations

import errno
import functools
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A value from a source file quoted in a message: its first line, cut to this many characters.
QUOTE_LIMIT = 80
# A whole message: one line, cut to this many characters. Messages are far shorter; this is the
# guard for one that quotes a source value without `excerpt`.
MESSAGE_LIMIT = 1000
ELLIPSIS = "…"

# A quoted value: `...` opening after a space or bracket and closing before one or punctuation, so that the
# text between two quoted values is never taken for one.
_LONG_QUOTE = re.compile(rf"(?<![^\s(\[])`(?=[^`\s])([^`]{{{QUOTE_LIMIT + 1},}}?)`(?=$|[\s.,;:!?)\]])")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def excerpt(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as a message may quote it: its first line only, at most ``limit`` characters, ``…`` if cut."""
    lines = str(value).splitlines() or [""]
    first = lines[0]
    cut = any(line.strip() for line in lines[1:])
    if len(first) > limit:
        first, cut = first[:limit], True
    return first + ELLIPSIS if cut else first


def printable(text: str) -> str:
    """``text`` that can be encoded as UTF-8: undecodable bytes of file names (surrogate escapes) as ``\\xNN``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def format_count(number: int) -> str:
    """A count as Indonesian writes it: 1.048.576."""
    return f"{number:,}".replace(",", ".")


def _one_line(message: str) -> str:
    """The message on one line, every long quoted value in it cut, and the whole bounded."""
    message = _LINE_BREAKS.sub(" ", message)
    message = _LONG_QUOTE.sub(lambda m: f"`{m[1][:QUOTE_LIMIT]}{ELLIPSIS}`", message)
    return message if len(message) <= MESSAGE_LIMIT else message[:MESSAGE_LIMIT] + ELLIPSIS


@dataclass(frozen=True, order=True)
class Problem:
    """One actionable message about one place in one source file.

    ``line`` and ``column`` are 1-based, as editors show them. The message is
    kept to one line of sane length, whatever source text it quotes.
    """

    path: str
    line: int
    column: int
    message: str

    def __post_init__(self) -> None:
        # A file name with a byte that is not UTF-8 reaches Python as a lone surrogate, which no terminal, log
        # or page can write: shown as `\xff` instead, so the message (and the problem page) can always be written.
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(_one_line(self.message)))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class CatalogError(Exception):
    """Raised when the sources have problems; carries all of them, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def summary(self) -> str:
        files = len({p.path for p in self.problems})
        return (
            f"{len(self.problems)} masalah di {files} berkas sumber; "
            "situs tidak diterbitkan. Perbaiki baris yang disebut di atas."
        )


def display_path(path: Path, root: Path) -> str:
    """Path as the maintainer sees it in the repository (relative, with slashes).

    A symlink is shown as itself, not as the file it points to: its folder is resolved, the link
    is not (a link to a file outside the repository must not show, nor be mistaken for, that file).
    """
    absolute = Path(os.path.abspath(path))
    try:
        return (absolute.parent.resolve() / absolute.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command: an error shown on that line of the pull request."""
    properties = ",".join(
        f"{name}={_escape_property(str(value))}"
        for name, value in (
            ("file", problem.path),
            ("line", problem.line),
            ("col", problem.column),
            ("title", "Katalog SOP"),
        )
    )
    return f"::error {properties}::{_escape_data(problem.message)}"


# --- Refusals of the system (disk full, no permission) in the tools ---------------------------------------
#
# A full disk, a folder without write permission or a read-only file system is no bug of a tool and needs no
# traceback: the maintainer needs the path, what went wrong and what to do. ``reports_system_errors`` wraps a
# script's ``main``; ``writing`` names the file that an error without a file name (a full disk while the content
# is written) came from.

# Exit status of a tool stopped by the system (disk full, no permission): never 0.
SYSTEM_EXIT = 1

STDOUT = "keluaran program (stdout, dialihkan ke berkas)"

# errno -> (what is wrong, what to do). Anything else is named by its code, with a general hint.
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("disk penuh", "Kosongkan ruang disk (hapus berkas yang tidak perlu), lalu jalankan lagi."),
    errno.EDQUOT: ("kuota disk pengguna habis", "Kosongkan ruang disk atau minta kuota ditambah, lalu jalankan lagi."),
    errno.EACCES: (
        "izin ditolak",
        "Periksa izin baca/tulis berkas dan foldernya (`ls -l`, pemiliknya), atau jalankan sebagai pemiliknya.",
    ),
    errno.EPERM: (
        "tindakan tidak diizinkan",
        "Periksa izin dan atribut berkas dan foldernya (`ls -l`, `lsattr`), lalu jalankan lagi.",
    ),
    errno.EROFS: (
        "sistem berkas hanya-baca",
        "Tulis ke folder lain, atau pasang ulang disk itu dengan izin tulis, lalu jalankan lagi.",
    ),
    errno.ENOENT: ("berkas atau folder tidak ada", "Periksa jalurnya, atau buat foldernya lebih dulu."),
    errno.ENOTDIR: (
        "bagian jalurnya bukan folder",
        "Periksa jalurnya: setiap bagian sebelum nama berkas harus folder.",
    ),
    errno.EISDIR: ("jalur itu sebuah folder, bukan berkas", "Sebutkan nama berkas di dalam folder itu."),
    errno.EEXIST: ("sudah ada", "Pilih nama lain, atau hapus yang lama lebih dulu."),
    errno.ELOOP: ("tautan simbolik (symlink)", "Ganti dengan berkas atau folder biasa, lalu jalankan lagi."),
    errno.ENAMETOOLONG: ("nama berkas terlalu panjang", "Pakai nama yang lebih pendek."),
    errno.EMFILE: ("terlalu banyak berkas terbuka", "Tutup program lain, lalu jalankan lagi."),
    errno.EIO: ("galat baca/tulis perangkat", "Periksa disknya (mungkin rusak atau terlepas), lalu jalankan lagi."),
}


def system_reason(error: OSError) -> str:
    """What went wrong, in Indonesian, for a sentence that names the path itself (not Python's ``strerror``)."""
    known = _REASONS.get(error.errno or 0)
    return known[0] if known else f"galat sistem {errno.errorcode.get(error.errno or 0, error.errno)}"


def system_message(error: OSError, path: str | os.PathLike[str] | None = None) -> str:
    """One Indonesian line for ``error``: the path, what is wrong, what to do; never Python's English text."""
    shown = path if path is not None else error.filename
    where = f"`{_relative(shown)}`" if shown is not None else "berkas tujuan"
    if error.filename2 is not None and path is None:
        where = f"{where} → `{_relative(error.filename2)}`"
    reason, hint = _REASONS.get(
        error.errno or 0,
        (
            f"galat sistem {errno.errorcode.get(error.errno or 0, error.errno)}",
            "Periksa disk dan izin folder itu, lalu jalankan lagi.",
        ),
    )
    action = "ditulis" if getattr(error, "katalog_writing", False) or error.errno == errno.ENOSPC else "dibuka"
    return f"{where} tidak dapat {action}: {reason}. {hint}"


def _relative(path: str | bytes | os.PathLike[str]) -> str:
    """A path as the maintainer sees it: relative to the working folder (the repository root) when inside it."""
    text = printable(os.fsdecode(path))
    if text == STDOUT:
        return text
    return display_path(Path(text), Path.cwd())


@contextmanager
def writing(path: Path | str) -> Iterator[None]:
    """An ``OSError`` raised inside names ``path`` (a write to a full disk names no file by itself)."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            error.filename = os.fspath(path)
        error.katalog_writing = True  # type: ignore[attr-defined]
        raise


def reports_system_errors(main: Callable[..., int]) -> Callable[..., int]:
    """A script's ``main`` whose refusals by the system (disk full, no permission) end as one line, no traceback."""

    @functools.wraps(main)
    def checked(*args: Any, **kwargs: Any) -> int:
        try:
            code = main(*args, **kwargs)
            sys.stdout.flush()
        except OSError as error:
            stdout = error.filename is None and not _stdout_writable()
            print(_stdout_message(error) if stdout else system_message(error), file=sys.stderr)
            return SYSTEM_EXIT
        return code

    return checked


def _stdout_writable() -> bool:
    """Whether what is left in stdout's buffer can be written; if not, stdout is dropped (nothing more to say there)."""
    try:
        sys.stdout.flush()
    except OSError:
        # What is left in the buffer goes nowhere, so that Python's own flush at exit adds no English lines.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.stdout.flush()
        return False
    return True


def _stdout_message(error: OSError) -> str:
    error.katalog_writing = True  # type: ignore[attr-defined]
    return system_message(error, STDOUT).replace(f"`{STDOUT}`", STDOUT)
