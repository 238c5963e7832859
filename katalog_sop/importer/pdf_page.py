"""One PDF page as the readers see it: words, ruling lines, symbols, arrow paths and arrowheads.

pdfplumber gives every character, line, rectangle and curve with its coordinates; here they are
sorted by what they draw, whatever produced the PDF (Word, LibreOffice, an e-SOP web app,
Chromium). Marks smaller than a ruling line can be (QR code modules) are dropped.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from katalog_sop.importer.geometry import Box, Point, Shape, Word, arrow_tip, classify

MIN_RULE = 8.0  # shorter straight marks are not table rules (QR modules, underlines of one letter)
THIN = 2.5  # a filled rectangle this thin is a drawn line
HEAD_MAX = 14.0  # an arrowhead fits in a square this size


@dataclass(frozen=True)
class Rule:
    """A straight horizontal or vertical line: ``at`` is its y (horizontal) or x (vertical)."""

    at: float
    start: float
    end: float

    def crosses(self, position: float, margin: float = 1.0) -> bool:
        return self.start - margin <= position <= self.end + margin


@dataclass
class PageView:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    hrules: list[Rule] = field(default_factory=list)
    vrules: list[Rule] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    paths: list[list[Point]] = field(default_factory=list)  # stroked open lines, in drawing order
    tips: list[Point] = field(default_factory=list)  # arrowhead tips
    filled: list[Box] = field(default_factory=list)  # white filled rectangles without an outline of their own

    def words_in(self, box: Box) -> list[Word]:
        return [w for w in self.words if box.holds(w.box)]


def _is_white(color: Any) -> bool:
    if color is None:
        return True
    if isinstance(color, int | float):
        return color >= 0.95
    values = list(color) if isinstance(color, list | tuple) else []
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return bool(values) and all(isinstance(v, int | float) and v >= 0.95 for v in values)


def view(page: Any, number: int) -> PageView:
    """The page's marks sorted by kind (``page`` is a pdfplumber page)."""
    result = PageView(number, float(page.width), float(page.height))
    for raw in page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"]):
        text = raw["text"].strip()
        if text:
            box = Box(raw["x0"], raw["top"], raw["x1"], raw["bottom"])
            result.words.append(Word(text, box, float(raw.get("size") or 10), "bold" in str(raw["fontname"]).lower()))
    for rect in page.rects:
        _rect(result, rect)
    for line in page.lines:
        points = [(float(x), float(y)) for x, y in line.get("pts") or []] or [
            (line["x0"], line["top"]),
            (line["x1"], line["bottom"]),
        ]
        _straight(result, points)
        result.paths.append(points)
    for curve in page.curves:
        _curve(result, curve)
    result.hrules = merge_rules(result.hrules)
    result.vrules = merge_rules(result.vrules)
    result.shapes.extend(Shape("kotak", box) for box in result.filled if _outlined(result, box))
    result.shapes = _unique_shapes(result.shapes)
    return result


def _outlined(result: PageView, box: Box) -> bool:
    """A white rectangle whose four sides are drawn as lines: a process symbol, drawn in two parts."""

    def along(rules: list[Rule], at: float, start: float, end: float) -> bool:
        return any(abs(r.at - at) < 0.8 and r.start <= start + 1 and r.end >= end - 1 for r in rules)

    return (
        along(result.hrules, box.top, box.x0, box.x1)
        and along(result.hrules, box.bottom, box.x0, box.x1)
        and along(result.vrules, box.x0, box.top, box.bottom)
        and along(result.vrules, box.x1, box.top, box.bottom)
    )


def merge_rules(rules: list[Rule], offset: float = 0.8, gap: float = 2.0) -> list[Rule]:
    """Collinear pieces that touch as one rule: a table drawn cell by cell has rules as long as one drawn whole."""
    groups: list[list[Rule]] = []
    for rule in sorted(rules, key=lambda r: r.at):
        if groups and rule.at - groups[-1][0].at <= offset:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    merged: list[Rule] = []
    for group in groups:
        at = sum(r.at for r in group) / len(group)
        current: Rule | None = None
        for rule in sorted(group, key=lambda r: r.start):
            if current and rule.start <= current.end + gap:
                current = Rule(at, current.start, max(current.end, rule.end))
            else:
                if current:
                    merged.append(current)
                current = Rule(at, rule.start, rule.end)
        if current:
            merged.append(current)
    return merged


def _rect(result: PageView, rect: dict[str, Any]) -> None:
    box = Box(rect["x0"], rect["top"], rect["x1"], rect["bottom"])
    if box.width <= THIN or box.height <= THIN:
        if box.width <= THIN and box.height >= MIN_RULE:
            result.vrules.append(Rule((box.x0 + box.x1) / 2, box.top, box.bottom))
        elif box.height <= THIN and box.width >= MIN_RULE:
            result.hrules.append(Rule((box.top + box.bottom) / 2, box.x0, box.x1))
        return
    stroked = bool(rect.get("stroke"))
    if stroked:
        for y in (box.top, box.bottom):
            result.hrules.append(Rule(y, box.x0, box.x1))
        for x in (box.x0, box.x1):
            result.vrules.append(Rule(x, box.top, box.bottom))
    if stroked or (rect.get("fill") and not _is_white(rect.get("non_stroking_color"))):
        result.shapes.append(Shape("kotak", box))
    elif rect.get("fill"):
        result.filled.append(box)  # a shape only if its outline is drawn as lines (LibreOffice does)


def _straight(result: PageView, points: list[Point]) -> None:
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if abs(y0 - y1) < 0.6 and abs(x1 - x0) >= MIN_RULE:
            result.hrules.append(Rule((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) < 0.6 and abs(y1 - y0) >= MIN_RULE:
            result.vrules.append(Rule((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _curve(result: PageView, curve: dict[str, Any]) -> None:
    points = [(float(x), float(y)) for x, y in curve.get("pts") or []]
    if len(points) < 2:
        return
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    box = Box(min(xs), min(ys), max(xs), max(ys))
    closed = math.dist(points[0], points[-1]) < 0.6 or bool(curve.get("fill"))
    if closed and box.width <= HEAD_MAX and box.height <= HEAD_MAX and curve.get("fill"):
        tip = arrow_tip(points)
        if tip is not None:
            result.tips.append(tip)
            return
    if closed and len(points) >= 4:
        kind = classify(points)
        if kind:
            result.shapes.append(Shape(kind, box))
            if kind == "kotak":  # a rectangle drawn as a path still bounds cells
                _straight(result, points)
            return
    if curve.get("stroke", True):
        _straight(result, points)
        result.paths.append(points)


def _unique_shapes(shapes: list[Shape]) -> list[Shape]:
    """One shape per outline: fill and stroke are often drawn as two objects."""
    kept: list[Shape] = []
    for shape in shapes:
        same = next(
            (
                k
                for k in kept
                if abs(k.box.x0 - shape.box.x0) < 1.5
                and abs(k.box.x1 - shape.box.x1) < 1.5
                and abs(k.box.top - shape.box.top) < 1.5
                and abs(k.box.bottom - shape.box.bottom) < 1.5
            ),
            None,
        )
        if same is None:
            kept.append(shape)
        elif same.kind == "kotak" and shape.kind != "kotak":
            kept[kept.index(same)] = shape
    return kept
