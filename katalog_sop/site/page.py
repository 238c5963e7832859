"""A generated page as data: where it goes, its title and description, its body and its headings.

The renderer fills these fields; an engine takes them as they are (the MkDocs hook, the Markdown
export), and nothing parses a page's text again to find its title or its table of contents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Heading:
    """A section heading of a page, for the engine's table of contents (title HTML-escaped, as written)."""

    id: str
    title: str


@dataclass(frozen=True)
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
    body: str
    source: Path | None = None  # the YAML file it comes from, for the edit link
    headings: tuple[Heading, ...] | None = None

    @property
    def content(self) -> str:
        """The Markdown file an engine reads: YAML front matter (JSON strings), a blank line, the body."""
        lines = [f"title: {_yaml_string(self.title)}"]
        if self.description:
            lines.append(f"description: {_yaml_string(self.description)}")
        return "---\n" + "\n".join(lines) + "\n---\n\n" + self.body


def _yaml_string(text: str) -> str:
    """A YAML scalar that reads back as exactly ``text``: a JSON string is one."""
    return json.dumps(text, ensure_ascii=False)
