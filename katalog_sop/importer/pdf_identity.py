"""The Bagian Identitas of a PDF, read by position.

Labels are found wherever they are drawn ("Nomor SOP", "DASAR HUKUM :"); a value is what lies
to the right of its label, down to the next rule or label, whatever order the producer wrote the
text in (some draw every label first, then every value).
"""

from __future__ import annotations

import itertools

from katalog_sop.importer import labels
from katalog_sop.importer.document import Doubt, Text
from katalog_sop.importer.geometry import Box, Line, Word, lines_of, paragraphs
from katalog_sop.importer.pdf_page import PageView, Rule

# Words of one line that belong together (one cell's part of the line): a ``Line`` of fewer words.
Chunk = Line


def chunks(words: list[Word], vrules: list[Rule] | None = None) -> list[Chunk]:
    """Words of each line grouped by cell: a wide gap or a vertical rule between two words parts them."""
    found: list[Chunk] = []
    for line in lines_of(words):
        current: list[Word] = []
        middle = (line.box.top + line.box.bottom) / 2
        for word in line.words:
            ruled = current and any(
                current[-1].box.x1 - 0.5 <= r.at <= word.box.x0 + 0.5 and r.crosses(middle) for r in vrules or ()
            )
            if current and (ruled or word.box.x0 - current[-1].box.x1 > 1.6 * max(word.size, 4)):
                found.append(Chunk(tuple(current)))
                current = []
            current.append(word)
        if current:
            found.append(Chunk(tuple(current)))
    return found


def _label_chunks(page: PageView, key_of) -> list[tuple[str, Chunk, int]]:
    """(key, chunk, words used) for every chunk that starts with a label; a label may be followed
    on the same line by `:` and its value."""
    found = []
    for chunk in chunks(page.words, page.vrules):
        for size in range(min(4, len(chunk.words)), 0, -1):
            head = " ".join(w.text for w in chunk.words[:size])
            key = key_of(head)
            if key:
                found.append((key, chunk, size))
                break
    return found


def _cell_bottom(page: PageView, top: float, x: float, limit: float) -> float:
    """The first horizontal rule below ``top`` crossing ``x``, or ``limit``."""
    below = [r.at for r in page.hrules if r.at > top + 1 and r.crosses(x)]
    return min([*below, limit])


def read_identity(page: PageView, stop: float, doubts: list[Doubt]) -> tuple[dict[str, Text], dict[str, Text]]:
    """Identity values and the six lists from one page, above ``stop`` (where the flowchart starts)."""
    words = [w for w in page.words if w.box.bottom <= stop]
    scoped = PageView(page.number, page.width, page.height, words, page.hrules, page.vrules)
    identity: dict[str, Text] = {}
    found = _label_chunks(scoped, labels.identity_key)
    found.sort(key=lambda f: f[1].box.top)
    list_heads = _label_chunks(scoped, labels.list_key)
    first_list_top = min((c.box.top for _, c, _ in list_heads), default=stop)
    label_words = {id(w) for _, c, n in found for w in c.words[:n]}
    for index, (key, chunk, used) in enumerate(found):
        if key in identity:
            continue
        label_box = Line(chunk.words[:used]).box
        later = [c.box.top for _, c, _ in found[index + 1 :] if c.box.top > label_box.bottom - 1]
        limit = min([*later, first_list_top, stop])
        value_x = label_box.x1 + 1
        bottom = _cell_bottom(scoped, label_box.top, value_x + 20, limit) if key != "disahkan_oleh" else limit
        if key == "disahkan_oleh":
            bottom = min(limit, _cell_bottom(scoped, label_box.bottom, value_x + 20, limit))
        right = page.width
        area = Box(value_x, label_box.top - 2, right, bottom)
        value_words = [w for w in scoped.words_in(area) if id(w) not in label_words and w.box.x0 >= value_x - 0.5]
        value_words = [w for w in value_words if w.text not in (":",)]
        if value_words and value_words[0].text.startswith(":"):
            first = value_words[0]
            stripped = first.text[1:].strip()
            value_words[0] = Word(stripped, first.box, first.size, first.bold) if stripped else first
            if not stripped:
                value_words = value_words[1:]
        if key == "disahkan_oleh":
            identity[key] = Text([line.text for line in lines_of(value_words)])
            identity["_disahkan_gaps"] = Text([str(g) for g in _gaps(value_words)])
        else:
            identity[key] = Text([" ".join(line.text for line in lines_of(value_words)).strip()])
    lists = _read_lists(scoped, list_heads, stop)
    return identity, lists


def _gaps(words: list[Word]) -> list[float]:
    lines = lines_of(words)
    return [b.box.top - a.box.bottom for a, b in itertools.pairwise(lines)]


def _read_lists(page: PageView, heads: list[tuple[str, Chunk, int]], stop: float) -> dict[str, Text]:
    lists: dict[str, Text] = {}
    head_words = {id(w) for _, c, n in heads for w in c.words[:n]}
    footer_top = max((r.at for r in page.hrules), default=page.height)
    cells: list[tuple[str, Box, list[Word]]] = []
    for key, chunk, used in heads:
        if any(k == key for k, _, _ in cells):
            continue
        head = Line(chunk.words[:used]).box
        crossing = [r.at for r in page.vrules if r.crosses(head.top + head.height / 2)]
        left = max([x for x in crossing if x <= head.x0 + 1], default=0.0)
        right_side = [x for x in crossing if x >= head.x1 - 1]
        beside = [
            c.box.x0 for _, c, _ in heads if c is not chunk and abs(c.box.top - head.top) < 6 and c.box.x0 > head.x1
        ]
        right = min([*right_side, *beside, page.width])
        below = [
            c.box.top
            for _, c, _ in heads
            if c is not chunk and c.box.top > head.bottom and c.box.x0 < right - 1 and c.box.x1 > left + 1
        ]
        limit = min([*below, stop])
        rules_below = [
            r.at for r in page.hrules if r.at > head.bottom + 1 and r.crosses((left + right) / 2) and r.at < limit
        ]
        # The content ends at the last rule before the next heading (a rule right under the heading
        # only separates it from its content).
        content_rules = [y for y in rules_below if y > head.bottom + head.height * 1.5]
        bottom = min(content_rules) if content_rules else limit
        if bottom == limit and rules_below and not below:
            bottom = max(rules_below)
        area = Box(left, head.bottom - 0.5, right, bottom)
        words = [w for w in page.words_in(area) if id(w) not in head_words]
        trailing = [w for w in chunk.words[used:] if w.text != ":"]  # "Dasar Hukum : 1. ..." on one line
        cells.append((key, Box(left, head.top, right, bottom), _drop_footer(trailing + words, footer_top)))
    # How far a line may run is seen in the whole column of the grid, not in one short list.
    widest: dict[tuple[int, int], float] = {}
    for _, cell, words in cells:
        column = (round(cell.x0), round(cell.x1))
        widest[column] = max([widest.get(column, 0.0), *(w.box.x1 for w in words)])
    for key, cell, words in cells:
        lists[key] = paragraphs(words, cell, as_list=True, limit=widest[(round(cell.x0), round(cell.x1))] or None)
    return lists


def _drop_footer(words: list[Word], footer_top: float) -> list[Word]:
    """Without the lines of an e-signature or print footer below the last rule of the page."""
    kept: list[Word] = []
    for line in lines_of(words):
        if line.box.top < footer_top or not labels.is_footer(line.text):
            kept.extend(line.words)
    return kept
