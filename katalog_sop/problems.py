"""Problems found in source files, reported as ``path:line:col: pesan``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One actionable message about one place in one source file.

    ``line`` and ``column`` are 1-based, as editors show them.
    """

    path: str
    line: int
    column: int
    message: str

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
    """Path as the maintainer sees it in the repository (relative, with slashes)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
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
