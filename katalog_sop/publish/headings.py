"""A Python-Markdown extension for exported projects: the headings of an HTML page become its table of contents.

The SOP pages' bodies are HTML, which Markdown passes through untouched, so Markdown's own ``toc`` finds no
heading in them. ``export`` writes each such page's headings, as data, in a comment on the first line of its
body (``ISLAND``); this extension takes that line out and gives the headings to the engine as the toc
(``toc_tokens``, which MkDocs and Zensical read after the conversion). Pages without the line are left alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

ISLAND = "<!-- katalog-toc "
_END = " -->"


def island(headings: Sequence[tuple[str, str]]) -> str:
    """The first line of an exported HTML page: its (id, escaped title) headings as JSON in a comment."""
    data = json.dumps([{"id": id_, "title": title} for id_, title in headings], ensure_ascii=False)
    return ISLAND + data.replace("--", "\\u002d\\u002d") + _END + "\n"


class _TakeIsland(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.katalog_headings = None  # type: ignore[attr-defined]
        for index, line in enumerate(lines):
            if not line.strip():
                continue
            if line.startswith(ISLAND) and line.endswith(_END):
                self.md.katalog_headings = json.loads(line[len(ISLAND) : -len(_END)])  # type: ignore[attr-defined]
                return lines[:index] + lines[index + 1 :]
            return lines
        return lines


class _GiveToc(Postprocessor):
    def run(self, text: str) -> str:
        headings = getattr(self.md, "katalog_headings", None)
        if headings is not None:
            self.md.toc_tokens = [  # type: ignore[attr-defined]
                # The keys Python-Markdown's own toc tokens have: engines other than MkDocs read them all.
                {
                    "level": 2,
                    "id": h["id"],
                    "name": h["title"],
                    "html": h["title"],
                    "data-toc-label": "",
                    "children": [],
                }
                for h in headings
            ]
        return text


class HeadingsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        md.preprocessors.register(_TakeIsland(md), "katalog_toc_island", 40)  # before raw HTML is stashed
        md.postprocessors.register(_GiveToc(md), "katalog_toc", 0)  # last: after `toc` has set its own tokens


def makeExtension(**kwargs: object) -> HeadingsExtension:  # Python-Markdown's entry point
    return HeadingsExtension(**kwargs)
