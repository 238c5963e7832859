"""A generated page as data: where it goes, its title and description, its body and its headings.

The renderer fills these fields; an engine takes them as they are (the MkDocs hook, the Markdown
export), and nothing parses a page's text again to find its title or its table of contents.

The body is kept compressed (zlib, fastest level) and expanded when it is read: at 5,000 SOPs the
pages' bodies are ~750 MB as Python text (most hold a character like "→", which makes Python store
the whole string at 2 bytes a character) and ~70 MB compressed, and an engine holds every page
before it writes the first. Pages rendered in worker processes travel back compressed too.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

_LEVEL = 1  # the fastest: the pages are held for one build, not stored


@dataclass(frozen=True)
class Heading:
    """A section heading of a page, for the engine's table of contents (title HTML-escaped, as written)."""

    id: str
    title: str


@dataclass(frozen=True, init=False)
class GeneratedPage:
    """One page: where it goes in the docs tree, and what it says.

    ``title`` and ``description`` are HTML-escaped text (quotes too: themes print them raw, inside
    attributes as well). ``headings`` is None for a Markdown body; a tuple says the body is plain HTML
    (no Markdown syntax) with these h2 headings, so an engine may publish it as it is, with the headings
    as its table of contents, instead of running it through Markdown.
    """

    src_uri: str
    title: str
    description: str
    packed_body: bytes = field(repr=False)  # the body, UTF-8 and zlib-compressed; read it as ``body``
    source: Path | None = None  # the YAML file it comes from, for the edit link
    headings: tuple[Heading, ...] | None = None

    def __init__(
        self,
        src_uri: str,
        title: str,
        description: str,
        body: str,
        source: Path | None = None,
        headings: tuple[Heading, ...] | None = None,
    ) -> None:
        for name, value in (
            ("src_uri", src_uri),
            ("title", title),
            ("description", description),
            ("packed_body", pack(body)),
            ("source", source),
            ("headings", headings),
        ):
            object.__setattr__(self, name, value)

    @property
    def body(self) -> str:
        return unpack(self.packed_body)

    @property
    def front_matter(self) -> str:
        """YAML front matter (JSON strings) and the blank line after it."""
        lines = [f"title: {_yaml_string(self.title)}"]
        if self.description:
            lines.append(f"description: {_yaml_string(self.description)}")
        return "---\n" + "\n".join(lines) + "\n---\n\n"

    @property
    def content(self) -> str:
        """The Markdown file an engine reads: the front matter, then the body."""
        return self.front_matter + self.body


def page_entry(page: GeneratedPage) -> bytes:
    """A page as the render cache keeps it: its texts as one JSON line, then its body as it is packed (no
    pickle: an entry is data, whoever wrote the cache folder)."""
    headings = None if page.headings is None else [[h.id, h.title] for h in page.headings]
    head = {"title": page.title, "description": page.description, "headings": headings}
    return json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n" + page.packed_body


def page_from_entry(entry: bytes, src_uri: str, source: Path | None) -> GeneratedPage | None:
    """The page of a cache entry at ``src_uri``, or None when the entry is not one."""
    line, _, packed = entry.partition(b"\n")
    try:
        head = json.loads(line)
        headings = head["headings"]
        page = object.__new__(GeneratedPage)
        for name, value in (
            ("src_uri", src_uri),
            ("title", str(head["title"])),
            ("description", str(head["description"])),
            ("packed_body", packed),
            ("source", source),
            ("headings", None if headings is None else tuple(Heading(str(i), str(t)) for i, t in headings)),
        ):
            object.__setattr__(page, name, value)
        zlib.decompressobj().decompress(packed, 1)  # a body that is not zlib data is no page
    except (ValueError, KeyError, TypeError, zlib.error):
        return None
    return page


def pack(text: str) -> bytes:
    """A body as it is kept."""
    return zlib.compress(text.encode("utf-8"), _LEVEL)


def unpack(packed: bytes) -> str:
    """A body as text again."""
    return zlib.decompress(packed).decode("utf-8")


def _yaml_string(text: str) -> str:
    """A YAML scalar that reads back as exactly ``text``: a JSON string is one."""
    return json.dumps(text, ensure_ascii=False)
