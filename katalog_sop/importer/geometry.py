"""Positions on a page: boxes, words grouped into lines and paragraphs, drawn shapes by kind.

Plain numbers in PDF points, y growing downwards (pdfplumber's ``top``), so every reader
of the page (identity, flowchart) measures the same way.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from katalog_sop.importer.document import Text

Point = tuple[float, float]

# A list item's marker at the start of a line: 1. 1, 1) a. a) - and bullets or dashes
LIST_MARKER = re.compile(r"^(?:\(?\d{1,3}[.,)]|\(?[a-zA-Z][.)]|[-\u2022\u2013\u00b7*\u25aa\u25cf\u25e6])(?=\s|$)")


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> Point:
        return ((self.x0 + self.x1) / 2, (self.top + self.bottom) / 2)

    def grown(self, margin: float) -> Box:
        return Box(self.x0 - margin, self.top - margin, self.x1 + margin, self.bottom + margin)

    def contains(self, point: Point, margin: float = 0.0) -> bool:
        x, y = point
        return self.x0 - margin <= x <= self.x1 + margin and self.top - margin <= y <= self.bottom + margin

    def holds(self, other: Box) -> bool:
        """``other``'s centre lies inside this box."""
        return self.contains(other.center)

    def distance(self, point: Point) -> float:
        x, y = point
        dx = max(self.x0 - x, 0.0, x - self.x1)
        dy = max(self.top - y, 0.0, y - self.bottom)
        return math.hypot(dx, dy)


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    size: float = 10.0
    bold: bool = False


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def box(self) -> Box:
        return Box(
            min(w.box.x0 for w in self.words),
            min(w.box.top for w in self.words),
            max(w.box.x1 for w in self.words),
            max(w.box.bottom for w in self.words),
        )


@dataclass(frozen=True)
class Shape:
    """A closed drawing: kapsul, kotak, ketupat, segilima (off-page connector) or lingkaran."""

    kind: str
    box: Box


def lines_of(words: list[Word]) -> list[Line]:
    """Words grouped into visual lines (by vertical overlap), top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box.top, w.box.x0)):
        for line in lines:
            first = line[0].box
            overlap = min(first.bottom, word.box.bottom) - max(first.top, word.box.top)
            if overlap > 0.5 * min(first.height, word.box.height):
                line.append(word)
                break
        else:
            lines.append([word])
    return [Line(tuple(sorted(line, key=lambda w: w.box.x0))) for line in sorted(lines, key=lambda ln: ln[0].box.top)]


def paragraphs(words: list[Word], cell: Box, as_list: bool, limit: float | None = None) -> Text:
    """The text of a cell as paragraphs.

    In a list whose first line carries a marker (1., a., -), items start only at markers. Otherwise
    a new paragraph starts after a vertical gap, or where the previous line ended so early that the
    next line's first word would have fitted on it: a producer wraps only a word that does not fit.
    How wide a line may be is not known, only seen: ``limit`` (the right end of the longest line of
    the column), else the longest line of the cell. A break within a hair of fitting marks the
    result ``guessed``."""
    lines = lines_of(words)
    if not lines:
        return Text()
    marked = as_list and LIST_MARKER.match(lines[0].text) is not None
    left = min(line.box.x0 for line in lines)
    widest = max(line.box.x1 for line in lines)
    limit = min(max(limit or widest, widest), cell.x1)
    sure = 0.15  # of the font size: how much room left proves that a word would have fitted
    if cell.x1 - limit > 0.15 * cell.width:  # no line runs near the edge: nothing was wrapped there
        limit = cell.x1 - max(left - cell.x0, 1.5)
        sure = 1.5  # the right padding is not seen: only a clear fit counts
    found: list[str] = []
    guessed = False
    previous: Line | None = None
    for line in lines:
        text = line.text
        marker = LIST_MARKER.match(text) if marked else None
        if marker:
            text = text[marker.end() :].strip()
        if previous is None:
            new = True
        elif marked:
            new = marker is not None
        else:
            first = line.words[0]
            size = max(first.size, 1.0)
            room = limit - (previous.box.x1 + 0.28 * size + first.box.width)
            gap = line.box.top - previous.box.bottom
            new = gap > 0.9 * max(previous.box.height, 1.0) or room > sure * size
            if not new and room > -0.15 * size:
                guessed = True
            if not new and as_list and previous.text.endswith((".", ";")) and text[:1].isupper():
                new = guessed = True  # a sentence ended and a new one starts: likely a new item
        if new or not found:
            found.append(text)
        elif len(found[-1]) > 1 and found[-1].endswith("-") and found[-1][-2].isalnum():
            found[-1] += text  # a browser breaks "SP4N-LAPOR!" after its hyphen
        else:
            found[-1] = f"{found[-1]} {text}".strip()
        previous = line
    return Text(
        [p for p in found if p],
        guessed=guessed and (len(found) > 1 or as_list),
        marked=marked,
        lines=[line.text for line in lines],
    )


def classify(points: list[Point]) -> str | None:
    """The symbol a closed path draws, from its vertices: ketupat, segilima, kotak, kapsul or lingkaran."""
    unique: list[Point] = []
    for point in points:
        if not unique or math.dist(point, unique[-1]) > 0.3:
            unique.append(point)
    if len(unique) > 1 and math.dist(unique[0], unique[-1]) <= 0.3:
        unique.pop()
    unique = _corners(unique)
    if len(unique) < 3:
        return None
    xs = [p[0] for p in unique]
    ys = [p[1] for p in unique]
    box = Box(min(xs), min(ys), max(xs), max(ys))
    if box.width < 4 or box.height < 4:
        return None
    if len(unique) == 4:
        mids = sum(
            1
            for x, y in unique
            if (abs(x - (box.x0 + box.x1) / 2) < 0.15 * box.width)
            or (abs(y - (box.top + box.bottom) / 2) < 0.15 * box.height)
        )
        return "ketupat" if mids == 4 else "kotak"
    if len(unique) == 5 and _on_box_edges(unique, box) < 5:
        return "segilima"
    if len(unique) <= 6 and _on_box_edges(unique, box) == len(unique):
        return "kotak"
    # Curved outlines: a wide one is a terminator, a round one an on-page connector.
    return "kapsul" if box.width > 1.25 * box.height else "lingkaran"


def _corners(points: list[Point]) -> list[Point]:
    """The vertices where the outline turns: a point in the middle of a straight side is dropped
    (LibreOffice starts a rectangle's path halfway along its bottom side)."""
    kept = list(points)
    changed = True
    while changed and len(kept) > 3:
        changed = False
        for index, point in enumerate(kept):
            before, after = kept[index - 1], kept[(index + 1) % len(kept)]
            cross = (point[0] - before[0]) * (after[1] - point[1]) - (point[1] - before[1]) * (after[0] - point[0])
            if abs(cross) < 0.02 * math.dist(before, point) * math.dist(point, after) + 1e-9:
                kept.pop(index)
                changed = True
                break
    return kept


def _on_box_edges(points: list[Point], box: Box) -> int:
    tolerance = 0.05 * max(box.width, box.height) + 0.5
    return sum(
        1
        for x, y in points
        if (abs(x - box.x0) < tolerance or abs(x - box.x1) < tolerance)
        and (abs(y - box.top) < tolerance or abs(y - box.bottom) < tolerance)
    )


def arrow_tip(points: list[Point]) -> Point | None:
    """The tip of a small filled triangle (an arrowhead): the vertex opposite its shortest side."""
    unique: list[Point] = []
    for point in points:
        if not any(math.dist(point, seen) < 0.2 for seen in unique):
            unique.append(point)
    if len(unique) != 3:
        return None
    # The base vertices are close to each other; the tip is far from both.
    return max(unique, key=lambda p: min(math.dist(p, q) for q in unique if q != p))
