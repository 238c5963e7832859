"""Read YAML files into PyYAML nodes, keeping line and column marks.

Nodes (not plain Python values) go to validation, so that every message can
point at the exact place in the file a maintainer has to change.

Three guards come before any reading of the content: a file larger than
``MAX_FILE_BYTES`` is refused unread, and YAML anchors and aliases (``&a``,
``*a``) are refused where they are written, before a node is built: a few
hundred bytes of nested aliases ("billion laughs") would otherwise expand to
billions of nodes in every walk over the tree. Syntax errors are reported in
Indonesian at the place to fix (an unclosed quote at its opening quote, a tab
at the tab), never in PyYAML's English.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from katalog_sop.problems import Problem, excerpt, format_count

# A real SOP file is a few KB; 1 MB holds the longest imaginable one many times over.
MAX_FILE_BYTES = 1024 * 1024

ANCHOR_MESSAGE = "YAML anchor/alias (`&`, `*`) tidak dipakai di berkas SOP; tulis isinya langsung"


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
    """Parse one file; a file too large, anchors, syntax errors and duplicate keys become problems."""
    text, problems = _read_text(path, display_path)
    if text is None:
        return None, problems
    try:
        root = _compose(text)
    except _AnchorFound as found:
        return None, [problem_at(display_path, found.mark, f"{ANCHOR_MESSAGE} (tertulis `{excerpt(found.written)}`).")]
    except _TooDeep as deep:
        return None, [problem_at(display_path, deep.mark, DEPTH_MESSAGE)]
    except yaml.YAMLError as exc:
        return None, [syntax_problem(display_path, text, exc)]
    return SourceDocument(path, display_path, root), _duplicate_keys(display_path, root)


def read_top_level(path: Path, keys: frozenset[str]) -> list[tuple[str, yaml.Node]]:
    """The nodes of ``keys`` in a file's root mapping, in order, reading the file only as far as needed.

    For the checks across files, which need a few keys of files they do not read in full (the nomor of
    every SOP). The same parser and guards as ``load_document`` (size limit, UTF-8, no anchor or alias
    ever composed), so a value is the one a full read finds, at the same place. Reading stops once every
    key is found, at the end of the root mapping (the first document), or where the parser cannot go on
    (a syntax error, an anchor or alias): a value read before that counts, so a broken file still declares
    the nomor written above its error. No message is made; a broken file is reported when read in full.
    """
    text, _problems = _read_text(path, str(path))
    if text is None:
        return []
    if "\\" not in text:
        # A key is in the file only if its name is in the text: YAML writes every character of a key as
        # itself, except through a `\` escape in double quotes. A key that is not there is not waited for,
        # so a file without `keterkaitan` is read only up to its nomor.
        keys = frozenset(key for key in keys if key in text)
    if not keys:
        return []
    try:
        _check_depth(text)
    except _TooDeep:
        return []  # reported when the file is read in full
    # Chosen here, not at import: a test runs the Python parser by clearing `_FAST_LOADER`.
    loader = (_FastOutliner if _FAST_LOADER is not None and _FastOutliner else _PythonOutliner)(text)
    found: list[tuple[str, yaml.Node]] = []
    try:
        _read_root_mapping(loader, keys, found)
    except yaml.YAMLError:
        pass  # what was read before the error stays
    finally:
        loader.dispose()
    return found


def _read_text(path: Path, display_path: str) -> tuple[str | None, list[Problem]]:
    """The text of a source file, or a problem: larger than ``MAX_FILE_BYTES`` (refused unread), not UTF-8."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(display_path, 1, 1, _too_large_message(path))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data[: exc.start].decode("utf-8", errors="replace"))
        return None, [Problem(display_path, line, column, _not_utf8_message(data, exc))]
    separators = _line_separators(text, display_path)
    return (None, separators) if separators else (text, [])


# Python's reasons (English) for bytes that are not UTF-8, said in Indonesian.
_UTF8_REASONS = {
    "invalid start byte": "tidak dapat mengawali huruf UTF-8",
    "invalid continuation byte": "mengawali huruf UTF-8 yang tidak lengkap atau tidak sah",
    "unexpected end of data": "mengawali huruf UTF-8 yang terpotong di akhir berkas",
}


def _not_utf8_message(data: bytes, error: UnicodeDecodeError) -> str:
    """Which byte is not UTF-8, why, and the likely cause: an editor that saved as UTF-16 or Windows-1252."""
    byte = data[error.start]
    why = _UTF8_REASONS.get(error.reason, "tidak sah di teks UTF-8")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        cause = "berkas ini disimpan sebagai UTF-16"
    else:
        cause = "biasanya berkas disimpan sebagai Windows-1252/Latin-1 (mis. huruf `é` dari Word atau Excel)"
    return (
        f"berkas bukan teks UTF-8: bita 0x{byte:02X} di sini {why}; {cause}. "
        "Buka di penyunting teks, simpan ulang dengan pengodean UTF-8, lalu periksa huruf di baris ini."
    )


# Line breaks to YAML (and Python) but not to git, GitHub or an editor: a file holding one would be read with
# every later line number off by one, or broken in two where nobody sees a line end.
_SEPARATORS = re.compile("[\u2028\u2029\u0085]")


def _line_separators(text: str, display_path: str) -> list[Problem]:
    problems = []
    for found in _SEPARATORS.finditer(text):
        line, column = _position(text[: found.start()])
        code = f"U+{ord(found.group()):04X}"
        problems.append(
            Problem(
                display_path,
                line,
                column,
                f"karakter pemisah baris {code} ({unicodedata.name(found.group(), 'NEXT LINE')}) tidak terlihat "
                "di penyunting maupun di GitHub; hapus karakter itu, atau ganti dengan baris baru biasa (Enter).",
            )
        )
        if len(problems) == 10:
            break
    return problems


def _too_large_message(path: Path) -> str:
    size = path.stat().st_size
    return (
        f"berkas terlalu besar: {_size(size)} ({format_count(size)} bita), melebihi batas {_size(MAX_FILE_BYTES)} "
        f"({format_count(MAX_FILE_BYTES)} bita) per berkas sumber; berkas SOP biasanya hanya beberapa KB. Periksa "
        "apakah ada teks yang tertempel berulang, atau pecah menjadi beberapa SOP."
    )


def _size(size: int) -> str:
    megabytes = size / (1024 * 1024)
    shown = f"{megabytes:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{shown} MB"


def _position(prefix: str) -> tuple[int, int]:
    """1-based line and column just after ``prefix``."""
    line_start = prefix.rfind("\n") + 1
    return prefix.count("\n") + 1, len(prefix) - line_start + 1


# libyaml (bundled with PyYAML's wheels) parses about 20 times faster than the
# pure-Python parser and keeps the same marks; at 5,000 SOPs that is most of
# the build. Broken files are parsed again in Python, whose messages are the
# ones translated below.
_FAST_LOADER: type | None = None

# The tag of a plain scalar depends on its text alone (the safe loader has no path resolvers); resolving it is
# a dozen regular expressions in Python, once per scalar. Sources repeat the same short scalars (keys,
# `baik`, `observasi`, units of time) tens of thousands of times: each is resolved once per process.
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_RESOLVED_MAX = 100_000  # entries; short scalars only, so a few MB at most


if hasattr(yaml, "CSafeLoader"):

    class _CachingLoader(yaml.CSafeLoader):
        """libyaml's safe loader, resolving each short scalar once."""

        def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
            if kind is not yaml.ScalarNode or not isinstance(value, str) or len(value) > 40:
                return super().resolve(kind, value, implicit)
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) < _RESOLVED_MAX:
                    _RESOLVED[key] = tag
            return tag

    _FAST_LOADER = _CachingLoader


class _AnchorFound(yaml.YAMLError):
    """An anchor or alias: refused where it is written, before anything is built from it."""

    def __init__(self, event: yaml.Event) -> None:
        super().__init__("anchor")
        self.mark = event.start_mark
        sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
        self.written = f"{sign}{event.anchor}"


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing the first anchor or alias as it is composed."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise _AnchorFound(event)
        return super().compose_node(parent, index)


def _first_anchor(text: str) -> yaml.Event | None:
    """The first anchor or alias event of ``text``, found by libyaml's parser without composing anything."""
    parser = _FAST_LOADER(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if getattr(event, "anchor", None) is not None:
                return event
    except yaml.YAMLError:
        return None  # a syntax error: reported by the parse that follows
    finally:
        parser.dispose()
    return None


# Where YAML may start an anchor (`&name`) or alias (`*name`): at a line start or after a space or flow
# indicator, followed by a name character. A superset: a false match only costs the parse for anchors.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:?-])[&*][^\s,\[\]{}]", re.MULTILINE)


MAX_DEPTH = 100  # levels of nesting; the format needs fewer than 10, libyaml's composer crashes near 20,000
# What may come before a line's content: indentation and the indicators a block collection may follow on the
# same line (`-`, `?`, `:`, `---`, `...`), and a byte-order mark.
_LINE_LEAD = " \t-?:.\ufeff"


class _TooDeep(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("too deep")
        self.mark = mark


DEPTH_MESSAGE = (
    f"nilai bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat daftar atau pasangan kunci di dalam satu sama "
    "lain); berkas SOP paling dalam beberapa tingkat. Periksa tanda `[`, `{{` atau `-` yang berulang di sini."
)


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, cheap to compute (no parser).

    Flow collections open with `[` or `{`: their count bounds their depth. A block collection nested in
    another starts further right, except a list that is a mapping's value, which may start in the mapping's
    column (and a list in a list starts further right again): so block depth is at most twice the number of
    columns a collection can start at, plus one. A block collection starts where a line's content starts:
    after its indentation and any compact indicators before it (`- - a`, `? - a`, `--- a`); YAML allows
    none further right (after a tag, an anchor or a value, `- ` is an error). Any run of those characters
    counts, and ``splitlines`` breaks at every YAML line break (and a few more): both only raise the bound.
    """
    lead = max((len(line) - len(line.lstrip(_LINE_LEAD)) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + 2 * (lead + 2) + 1


def _check_depth(text: str) -> None:
    """Refuse a text nested deeper than ``MAX_DEPTH`` before anything recursive reads it: the parser's events
    are read one by one (no recursion), counting the open collections."""
    if _depth_bound(text) <= MAX_DEPTH:
        return
    parser = _FAST_LOADER(text) if _FAST_LOADER is not None else yaml.SafeLoader(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _TooDeep(event.start_mark)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except _TooDeep:
        raise
    except yaml.YAMLError:
        return  # a syntax error: reported by the parse that follows, which stops before it recurses that far
    finally:
        parser.dispose()


def _compose(text: str) -> yaml.Node | None:
    _check_depth(text)
    if _FAST_LOADER is not None:
        # Only a text where `&` or `*` could start a node is parsed for anchors first: "R&D" or "Surat & Arsip"
        # cannot, and most files are composed at once. Most files hold neither character, and `in` finds that
        # far sooner than the pattern (0.7 s of 5,000 files).
        if ("&" in text or "*" in text) and _MAYBE_ANCHOR.search(text):
            event = _first_anchor(text)
            if event is not None:
                raise _AnchorFound(event)
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_StrictLoader)


class _OutlineComposer(yaml.composer.Composer):
    """PyYAML's composer for one value at a time, refusing the first anchor or alias as it is composed."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise _AnchorFound(event)
        return super().compose_node(parent, index)


class _PythonOutliner(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _OutlineComposer, yaml.resolver.Resolver
):
    """PyYAML's own parser, when libyaml is not installed."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _OutlineComposer.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_FastOutliner: type[_OutlineComposer] | None = None
if _FAST_LOADER is not None:

    class _LibyamlOutliner(yaml.cyaml.CParser, _OutlineComposer, yaml.resolver.Resolver):
        """libyaml's events (the parser ``_compose`` uses), composed in Python only for the values wanted."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            _OutlineComposer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FastOutliner = _LibyamlOutliner


def _read_root_mapping(loader: _OutlineComposer, keys: frozenset[str], found: list[tuple[str, yaml.Node]]) -> None:
    """Append to ``found`` each wanted key of the first document's root mapping with its composed value."""
    loader.get_event()  # stream start
    if not loader.check_event(yaml.DocumentStartEvent):
        return  # an empty file
    loader.get_event()
    if not loader.check_event(yaml.MappingStartEvent):
        return  # the root is a list or a text: no keys
    _refuse_anchor(loader.get_event())
    missing = set(keys)
    while missing and not loader.check_event(yaml.MappingEndEvent):
        key = loader.peek_event()
        _skip_node(loader)
        name = key.value if isinstance(key, yaml.ScalarEvent) else None  # a key written as a list is none
        if name in keys:
            found.append((name, loader.compose_node(None, None)))
            missing.discard(name)
        else:
            _skip_node(loader)


# How an event changes the depth of nesting; the events of a node that are not here (scalar, alias) keep it.
_NESTING = {
    yaml.MappingStartEvent: 1,
    yaml.SequenceStartEvent: 1,
    yaml.MappingEndEvent: -1,
    yaml.SequenceEndEvent: -1,
}


def _skip_node(loader: _OutlineComposer) -> None:
    """Read past one node (a scalar, or a whole list or mapping) without composing it."""
    next_event = loader.get_event
    depth = 0
    while True:
        event = next_event()
        step = _NESTING.get(type(event), 0)
        if step >= 0 and event.anchor is not None:  # every event that starts a node has an anchor field
            raise _AnchorFound(event)
        depth += step
        if depth == 0:
            return


def _refuse_anchor(event: yaml.Event) -> None:
    if getattr(event, "anchor", None) is not None:
        raise _AnchorFound(event)


# --- Syntax errors in Indonesian -------------------------------------------------------------------------
#
# Every problem PyYAML's reader, scanner, parser and composer can raise (PyYAML 6, yaml/reader.py,
# scanner.py, parser.py, composer.py), translated; anything else gets a generic Indonesian message, so no
# English ever reaches a maintainer. `%r` parts are matched by `(?P<x>...)`.

TAB_MESSAGE = "ada karakter tab di sini; gunakan spasi, bukan tab, untuk indentasi dan sesudah `:` atau `-`"
UNCLOSED_QUOTE = "tanda kutip yang dibuka di sini belum ditutup"
DEFAULT_HINT = "Periksa indentasi (spasi) dan tanda kutip di sekitar baris ini."

# The scanner ran to the end of the file, or to a `---`, looking for a closing quote.
_END_OF_QUOTE = ("found unexpected end of stream", "found unexpected document separator")

# PyYAML's token names, as the parser's messages quote them.
_TOKENS = {
    "<scalar>": "teks",
    "<block mapping start>": "pasangan `kunci: nilai`",
    "<block sequence start>": "daftar (`- ...`)",
    "<block end>": "akhir bagian",
    "<document start>": "`---`",
    "<document end>": "`...`",
    "<stream end>": "akhir berkas",
    "<stream start>": "awal berkas",
    "<directive>": "direktif `%`",
    "<alias>": "alias `*`",
    "<anchor>": "anchor `&`",
    "<tag>": "tag `!`",
    "-": "butir daftar `-`",
    "?": "`?`",
    ":": "`:`",
    ",": "`,`",
    "[": "`[`",
    "]": "`]`",
    "{": "`{`",
    "}": "`}`",
}


def _token(name: str) -> str:
    return _TOKENS.get(name.strip("'\""), "teks")


def _character(text: str) -> str:
    """A character PyYAML quotes with %r (``'@'``, ``'\\t'``), named for a maintainer."""
    try:
        character = ast.literal_eval(text) if text[:1] in "'\"" else text
    except (ValueError, SyntaxError):
        character = text.strip("'\"")
    character = str(character)[:1] or " "
    names = {"\t": "tab", "\n": "akhir baris", "\r": "akhir baris", " ": "spasi", "\0": "akhir berkas"}
    if character in names:
        return names[character]
    if character == "`":
        return "`` ` ``"
    return f"`{character}`" if character.isprintable() else f"U+{ord(character):04X}"


# (pattern on PyYAML's problem, Indonesian problem, hint). Checked in order; the first match wins.
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str], str]
_RULES: list[_Rule] = [
    (
        re.compile(r"found character (?P<c>.+) that cannot start any token"),
        lambda m: f"karakter {_character(m['c'])} tidak boleh mengawali nilai",
        "Teks yang diawali karakter itu (mis. `@`, `` ` ``, `%`) harus diapit tanda kutip.",
    ),
    (re.compile(r"could not find expected ':'"), lambda m: "tanda `:` sesudah kunci tidak ditemukan", DEFAULT_HINT),
    (
        re.compile(r"sequence entries are not allowed here"),
        lambda m: "butir daftar `-` tidak boleh di sini",
        "Butir daftar ditulis di baris sendiri, di bawah kuncinya, diawali `- `.",
    ),
    (
        re.compile(r"mapping keys are not allowed here"),
        lambda m: "tanda `?` tidak boleh di sini",
        "Teks yang diawali `?` harus diapit tanda kutip.",
    ),
    (
        re.compile(r"mapping values are not allowed here"),
        lambda m: "titik dua (`:`) tidak boleh di sini",
        "Jika teks berisi titik dua (`:`), apit seluruh teks dengan tanda kutip.",
    ),
    (
        re.compile(r"expected escape sequence of \d+ hexadecimal numbers|found unknown escape character"),
        lambda m: "garis miring terbalik (`\\`) di dalam tanda kutip ganda memulai kode khusus yang tidak dikenal",
        "Tulis `\\\\` untuk garis miring terbalik, atau apit teks dengan tanda kutip tunggal (`'...'`).",
    ),
    (
        re.compile(r"expected indentation indicator|expected chomping or indentation indicators"),
        lambda m: "sesudah `|` atau `>` hanya boleh ada `-`, `+` atau angka 1-9, lalu baris baru",
        "Teks yang diawali `|` atau `>` harus diapit tanda kutip.",
    ),
    (
        re.compile(r"expected <block end>, but found (?P<t>.+)"),
        lambda m: f"indentasi tidak konsisten dengan baris sebelumnya (tertulis {_token(m['t'])})",
        DEFAULT_HINT,
    ),
    (
        re.compile(r"expected the node content, but found (?P<t>.+)"),
        lambda m: f"nilai yang diharapkan tidak ditemukan (tertulis {_token(m['t'])})",
        DEFAULT_HINT,
    ),
    (
        re.compile(r"expected ',' or '\]', but got (?P<t>.+)"),
        lambda m: "daftar `[...]` yang dibuka di sini belum ditutup dengan `]`, atau butirnya tidak dipisah `,`",
        "Teks yang diawali `[` harus diapit tanda kutip.",
    ),
    (
        re.compile(r"expected ',' or '\}', but got (?P<t>.+)"),
        lambda m: "`{...}` yang dibuka di sini belum ditutup dengan `}`, atau isinya tidak dipisah `,`",
        "Teks yang diawali `{` harus diapit tanda kutip.",
    ),
    (
        re.compile(r"expected '<document start>', but found (?P<t>.+)"),
        lambda m: f"ada {_token(m['t'])} sesudah akhir dokumen YAML",
        "Satu berkas berisi satu dokumen: hapus baris `...` atau `---` di tengah berkas.",
    ),
    (
        re.compile(r"but found another document"),
        lambda m: "berkas berisi lebih dari satu dokumen YAML (dipisah `---`)",
        "Satu berkas berisi satu SOP: hapus baris `---` ini, atau pindahkan isi sesudahnya ke berkas lain.",
    ),
    (
        re.compile(r"found undefined alias|found duplicate anchor"),
        lambda m: ANCHOR_MESSAGE,
        "Teks yang diawali `*` atau `&` harus diapit tanda kutip.",
    ),
    (
        re.compile(r"found duplicate YAML directive|found incompatible YAML document|duplicate tag handle"),
        lambda m: "direktif YAML (`%YAML`, `%TAG`) tidak sah",
        "Hapus baris yang diawali `%`; berkas SOP tidak memerlukannya.",
    ),
    (
        re.compile(r"found undefined tag handle"),
        lambda m: "tag YAML (`!`) tidak dikenal",
        "Teks yang diawali `!` harus diapit tanda kutip.",
    ),
    (
        re.compile(r"expected a comment or a line break, but found (?P<c>.+)"),
        lambda m: f"ada {_character(m['c'])} yang tidak diharapkan sebelum akhir baris",
        DEFAULT_HINT,
    ),
]

# PyYAML's contexts whose problem is about what the context started: the context decides the message.
_CONTEXTS: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"while scanning an? (anchor|alias)"),
        ANCHOR_MESSAGE,
        "Teks yang diawali `*` atau `&` harus diapit tanda kutip.",
    ),
    (
        re.compile(r"while scanning a directive"),
        "baris yang diawali `%` terbaca sebagai direktif YAML yang tidak sah",
        "Teks yang diawali `%` harus diapit tanda kutip.",
    ),
    (
        re.compile(r"while (scanning|parsing) an? (tag|tag handle|tag directive|tag prefix|URI)"),
        "tag YAML (`!`) tidak sah",
        "Teks yang diawali `!` harus diapit tanda kutip.",
    ),
    (
        re.compile(r"while scanning a block scalar"),
        "sesudah `|` atau `>` hanya boleh ada `-`, `+` atau angka 1-9, lalu baris baru",
        "Teks yang diawali `|` atau `>` harus diapit tanda kutip.",
    ),
]


def syntax_problem(display_path: str, text: str, error: yaml.YAMLError) -> Problem:
    """One Indonesian problem for a PyYAML error, at the place the maintainer has to change."""
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _position(text[: error.position])
        return Problem(
            display_path,
            line,
            column,
            f"YAML tidak valid: karakter kendali U+{error.character:04X} tidak boleh ada di berkas sumber. "
            "Hapus karakter itu (sering terbawa saat teks disalin dari dokumen lain).",
        )
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(display_path, 1, 1, f"YAML tidak valid: sintaks tidak dikenali. {DEFAULT_HINT}")
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark

    tab = _tab_near(text, error)
    if tab is not None:
        return Problem(display_path, tab[0], tab[1], f"YAML tidak valid: {TAB_MESSAGE}.")
    if problem in _END_OF_QUOTE and error.context_mark is not None:
        # The scanner ran to the end of the file (or a `---`) looking for the closing quote.
        return problem_at(
            display_path,
            error.context_mark,
            f"YAML tidak valid: {UNCLOSED_QUOTE}. Tutup teks dengan tanda kutip yang sama (`\"` atau `'`).",
        )
    swallowed = _swallowing_quote(text, mark)
    if swallowed is not None:
        opening, closing_line = swallowed
        return problem_at(
            display_path,
            opening,
            f"YAML tidak valid: {UNCLOSED_QUOTE} di baris yang sama; teks sampai baris {closing_line} terbaca "
            "sebagai isi kutipan. Tutup tanda kutipnya di baris ini.",
        )
    if (
        "simple key" in context
        or "an anchor" in context
        or "an alias" in context
        or problem.startswith("expected ',' or")
    ):
        mark = error.context_mark or mark  # the key without `:`, the `&` or `*`, the `[` or `{` left open
    after_quote = _after_closing_quote(text, mark) if problem.startswith("expected <block end>") else False
    if after_quote:
        message = "ada teks sesudah tanda kutip penutup"
        hint = "Apit seluruh teks dengan tanda kutip, atau hapus teks sesudah tanda kutip penutup."
    else:
        message, hint = _translate(problem, context)
    prefix = "" if message.startswith("YAML") else "YAML tidak valid: "
    return problem_at(display_path, mark, f"{prefix}{message}. {hint}")


def _translate(problem: str, context: str) -> tuple[str, str]:
    for pattern, message, hint in _CONTEXTS:
        if pattern.search(context):
            return message, hint
    for pattern, translate, hint in _RULES:
        match = pattern.search(problem)
        if match:
            return translate(match), hint
    return "sintaks tidak dikenali", DEFAULT_HINT


def _tab_near(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int] | None:
    """1-based position of the tab that caused ``error``: the character itself, or one in the line's indentation."""
    mark = error.problem_mark
    if mark is None:
        return None
    lines = text.splitlines()
    if "'\\t'" in (error.problem or ""):
        return mark.line + 1, mark.column + 1
    if mark.line < len(lines):
        line = lines[mark.line]
        indentation = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indentation:
            return mark.line + 1, indentation.index("\t") + 1
    return None


def _tokens_before(text: str, mark: yaml.Mark | None) -> list[yaml.Token]:
    """The tokens PyYAML's scanner reads before ``mark`` (where the error is)."""
    if mark is None:
        return []
    tokens: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _last_quoted(text: str, mark: yaml.Mark | None) -> yaml.ScalarToken | None:
    tokens = [t for t in _tokens_before(text, mark) if not isinstance(t, yaml.BlockEndToken)]
    last = tokens[-1] if tokens else None
    if isinstance(last, yaml.ScalarToken) and last.style in ("'", '"'):
        return last
    return None


def _swallowing_quote(text: str, mark: yaml.Mark | None) -> tuple[yaml.Mark, int] | None:
    """An opening quote whose text ran over several lines to a quote on the line of the error.

    A quote left open on its own line closes at the next quote in the file (often the opening
    quote of another value), and the error follows there: the fix is at the opening quote.
    """
    quoted = _last_quoted(text, mark)
    if quoted is None or mark is None:
        return None
    if quoted.start_mark.line != quoted.end_mark.line and quoted.end_mark.line == mark.line:
        return quoted.start_mark, quoted.end_mark.line + 1
    return None


def _after_closing_quote(text: str, mark: yaml.Mark | None) -> bool:
    """The error is text right after a quoted value on the same line (`nomor: "001" A`)."""
    quoted = _last_quoted(text, mark)
    return quoted is not None and mark is not None and quoted.end_mark.line == mark.line


def _duplicate_keys(display_path: str, node: yaml.Node | None) -> list[Problem]:
    """PyYAML silently keeps the last of two equal keys; the maintainer must know."""
    problems: list[Problem] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in current.value:
                stack.append(value_node)
                if not isinstance(key_node, yaml.ScalarNode):
                    continue  # a list or mapping written as a key: refused by the validator, where it is
                key = str(key_node.value)
                if key in seen:
                    first_line = seen[key].start_mark.line + 1
                    problems.append(
                        problem_at(
                            display_path,
                            key_node.start_mark,
                            f"kunci `{excerpt(key)}` ditulis dua kali (pertama di baris {first_line}); "
                            "hapus salah satunya.",
                        )
                    )
                else:
                    seen[key] = key_node
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems
