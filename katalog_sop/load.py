"""Stage 1: read YAML files into PyYAML nodes, keeping line and column marks.

Nodes (not plain Python values) go to validation, so that every message can
point at the exact place in the file a maintainer has to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from katalog_sop.problems import Problem


@dataclass(frozen=True)
class SourceDocument:
    """One parsed YAML file: its display path and its root node (None if empty)."""

    path: Path
    display_path: str
    root: yaml.Node | None


def problem_at(display_path: str, mark: yaml.Mark | None, message: str) -> Problem:
    """A problem at a PyYAML mark (0-based) converted to 1-based line:col."""
    if mark is None:
        return Problem(display_path, 1, 1, message)
    return Problem(display_path, mark.line + 1, mark.column + 1, message)


def load_document(path: Path, display_path: str) -> tuple[SourceDocument | None, list[Problem]]:
    """Parse one file; syntax errors and duplicate keys become problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(display_path, 1, 1, f"berkas bukan teks UTF-8 ({exc.reason}); simpan ulang dengan pengodean UTF-8.")
        ]
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or exc.context or ""
        return None, [problem_at(display_path, mark, f"YAML tidak valid: {_translate(detail)}. {_syntax_hint(detail)}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display_path, 1, 1, f"YAML tidak valid: {exc}")]
    return SourceDocument(path, display_path, root), _duplicate_keys(display_path, root)


# libyaml (bundled with PyYAML's wheels) parses about 20 times faster than the
# pure-Python parser and keeps the same marks; at 5,000 SOPs that is most of
# the build. Broken files are parsed again in Python, whose messages are the
# ones translated below.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "titik dua (`:`) tidak boleh di sini",
    "cannot start any token": "ada karakter yang tidak boleh mengawali nilai",
    "could not find expected ':'": "tanda `:` sesudah kunci tidak ditemukan",
    "expected <block end>": "indentasi tidak konsisten dengan baris sebelumnya",
    "found unexpected end of stream": "tanda kutip belum ditutup",
    "found undefined alias": "alias `*` tanpa jangkar `&`",
    "expected a comment or a line break": "ada teks sesudah tanda kutip penutup",
    "did not find expected key": "kunci yang diharapkan tidak ditemukan",
    "did not find expected '-' indicator": "butir daftar `- ` yang diharapkan tidak ditemukan",
}


def _translate(detail: str) -> str:
    """PyYAML speaks English; maintainers read Indonesian (the original stays in brackets)."""
    for english, indonesian in _YAML_PROBLEMS.items():
        if english in detail:
            return indonesian
    return f"sintaks tidak dikenali ({detail})" if detail else "sintaks tidak dikenali"


def _syntax_hint(detail: str) -> str:
    if "tab" in detail:
        return "Gunakan spasi, bukan tab, untuk indentasi."
    if "mapping values are not allowed" in detail:
        return "Jika teks berisi titik dua (`:`), apit seluruh teks dengan tanda kutip."
    if "found character '@'" in detail or "found character '`'" in detail:
        return "Teks yang diawali `@` atau `` ` `` harus diapit tanda kutip."
    return "Periksa indentasi (spasi) dan tanda kutip di sekitar baris ini."


def _duplicate_keys(display_path: str, node: yaml.Node | None) -> list[Problem]:
    """PyYAML silently keeps the last of two equal keys; the maintainer must know."""
    problems: list[Problem] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in current.value:
                key = str(key_node.value)
                if key in seen:
                    first_line = seen[key].start_mark.line + 1
                    problems.append(
                        problem_at(
                            display_path,
                            key_node.start_mark,
                            f"kunci `{key}` ditulis dua kali (pertama di baris {first_line}); hapus salah satunya.",
                        )
                    )
                else:
                    seen[key] = key_node
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems
