"""Problems found in source files, reported as ``path:line:col: pesan``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

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
