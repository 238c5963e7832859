"""The Bagian Flowchart of a PDF, read by position.

The table is found by its header (No | Kegiatan | actors | Mutu Baku | Keterangan, in the
spellings of ``labels``); its columns are the vertical rules that cross the header's lower row,
its rows the horizontal rules across No and Kegiatan. A step sits in the actor column(s) where
its symbol is drawn; an arrow is followed from its head back along the drawn lines to the symbol
it leaves; numbered off-page connectors join the arrows of consecutive pages.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from katalog_sop.importer import labels
from katalog_sop.importer.document import END, Doubt, Exit, StepRow, Text
from katalog_sop.importer.geometry import Box, Point, Shape, Word, lines_of, paragraphs
from katalog_sop.importer.pdf_identity import Chunk, chunks
from katalog_sop.importer.pdf_page import PageView

SNAP = 2.0  # endpoints this close are joined
NEAR_NODE = 3.5  # a line ending this close to a symbol touches it
HEAD_REACH = 12.0  # the line of an arrow ends at most this far from its tip (at the head's base)
LABEL_REACH = 22.0  # an outcome label is at most this far from its arrow

_NUMBER = re.compile(r"^\d{1,3}\.?$")


@dataclass
class Column:
    x0: float
    x1: float
    role: str | None = None  # no, kegiatan, actor, kelengkapan, waktu, output, keterangan
    name: str = ""

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Table:
    page: PageView
    columns: list[Column]
    header_top: float
    body_top: float
    rows: list[tuple[float, float]]
    widest: dict[float, float | None] = field(default_factory=dict)

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    @property
    def actors(self) -> list[Column]:
        return [c for c in self.columns if c.role == "actor"]


@dataclass
class Node:
    kind: str  # step, end, connector
    box: Box
    step: int | None = None
    label: str = ""  # a connector's number or letter


@dataclass
class Edge:
    source: Node
    target: Node
    points: list[Point]
    label: str | None = None


@dataclass
class PageFlow:
    table: Table
    steps: list[StepRow] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _merge(values: list[float], tolerance: float = 1.5) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= tolerance:
            continue
        merged.append(value)
    return merged


def find_table(page: PageView) -> Table | None:
    """The flowchart table of a page, or None when the page has none."""
    found = chunks(page.words, page.vrules)
    for head in found:
        if not labels.matches(head.text, labels.KEGIATAN_HEADERS):
            continue
        probes = [
            c
            for c in found
            if labels.mutu_key(c.text) in ("waktu", "output")
            and c.box.x0 > head.box.x1
            and -10 < c.box.top - head.box.top < 45
        ]
        for probe in probes:
            table = _table_at(page, head, probe, found)
            if table:
                return table
    return None


def _table_at(page: PageView, head: Chunk, probe: Chunk, found: list[Chunk]) -> Table | None:
    y = probe.box.center[1]
    xs = _merge([r.at for r in page.vrules if r.crosses(y, 0.5)])
    if len(xs) < 6:
        return None
    columns = [Column(a, b) for a, b in itertools.pairwise(xs) if b - a > 4]
    kegiatan_x = head.box.center[0]
    across = [
        r.at
        for r in page.hrules
        if r.at > probe.box.bottom and r.crosses(kegiatan_x) and r.crosses(probe.box.center[0])
    ]
    if not across:
        return None
    body_top = min(across)
    above = [r.at for r in page.hrules if r.at < head.box.top + 1 and r.crosses(kegiatan_x)]
    header_top = max(above) if above else head.box.top - 4
    table = Table(page, columns, header_top, body_top, [])
    _name_columns(table)
    if not table.column("kegiatan") or not table.actors:
        return None
    table.rows = _rows(table)
    return table


def _header_text(table: Table, column: Column, lower_only: bool) -> list[str]:
    page = table.page
    top = table.header_top
    if lower_only:
        split = [
            r.at
            for r in page.hrules
            if table.header_top + 2 < r.at < table.body_top - 2
            and r.crosses(column.center)
            and r.crosses(column.x0 + 2)
            and r.crosses(column.x1 - 2)
        ]
        if split:
            top = max(split)
    words = [
        w
        for w in page.words
        if top - 0.5 <= w.box.center[1] <= table.body_top
        and column.x0 - 0.5 <= w.box.center[0] <= column.x1 + 0.5
        and (not lower_only or top != table.header_top or (column.x0 - 1 <= w.box.x0 and w.box.x1 <= column.x1 + 1))
    ]
    return [line.text for line in lines_of(words)]


def _name_columns(table: Table) -> None:
    for column in table.columns:
        whole = " ".join(_header_text(table, column, lower_only=False))
        lower = " ".join(_header_text(table, column, lower_only=True))
        if labels.matches(whole, labels.NO_HEADERS):
            column.role = "no"
        elif labels.matches(whole, labels.KEGIATAN_HEADERS):
            column.role = "kegiatan"
        elif labels.matches(whole, labels.KETERANGAN_HEADERS) or labels.matches(lower, labels.KETERANGAN_HEADERS):
            column.role = "keterangan"
        elif labels.mutu_key(lower):
            column.role = labels.mutu_key(lower)
        column.name = lower
    if not table.column("no") and table.columns:
        table.columns[0].role = table.columns[0].role or "no"
    names = [c.role for c in table.columns]
    if "kegiatan" not in names:
        return
    start = names.index("kegiatan") + 1
    mutu = [i for i, role in enumerate(names) if role in ("kelengkapan", "waktu", "output")]
    end = min(mutu) if mutu else (names.index("keterangan") if "keterangan" in names else len(names))
    for column in table.columns[start:end]:
        if column.role is None:
            column.role = "actor"


def _rows(table: Table) -> list[tuple[float, float]]:
    no = table.column("no")
    kegiatan = table.column("kegiatan")
    assert kegiatan is not None
    probes = [kegiatan.center] + ([no.center] if no else [])
    ys = _merge([r.at for r in table.page.hrules if r.at > table.body_top + 1 and all(r.crosses(x) for x in probes)])
    edges = [table.body_top, *ys]
    rows = [(a, b) for a, b in itertools.pairwise(edges) if b - a > 4]
    if rows:
        return rows
    # No rules between rows: each row starts at its number.
    numbers = sorted(
        w.box.top
        for w in table.page.words
        if no and no.x0 <= w.box.center[0] <= no.x1 and w.box.top > table.body_top and _NUMBER.match(w.text)
    )
    bottom = max((r.end for r in table.page.vrules if r.crosses(table.body_top + 5)), default=table.page.height)
    edges = [*(n - 3 for n in numbers), bottom]
    return list(itertools.pairwise(edges))


def _cell_words(table: Table, column: Column, top: float, bottom: float) -> list[Word]:
    box = Box(column.x0, top, column.x1, bottom)
    return table.page.words_in(box)


def _is_cell(shape: Shape, column: Column, top: float, bottom: float) -> bool:
    return shape.box.width >= 0.9 * (column.x1 - column.x0) and shape.box.height >= 0.85 * (bottom - top)


RowReader = Callable[[float, float], "StepRow | None"]


def read_page(table: Table, doubts: list[Doubt], row_reader: RowReader | None = None) -> PageFlow:
    """The steps of one page's table, with the symbols and the arrows drawn on it.

    ``row_reader`` gives a row's step and texts from its band (top, bottom); by default the words
    drawn in its cells. The Word reader passes its own, from the table's paragraphs."""
    page = table.page
    flow = PageFlow(table)
    actors = table.actors
    area = Box(actors[0].x0 - 1, table.header_top, actors[-1].x1 + 1, page.height)
    nodes: list[Node] = []
    row_nodes: dict[int, list[Node]] = {}
    in_shapes: list[Box] = []
    for top, bottom in table.rows:
        step = row_reader(top, bottom) if row_reader else _read_row(table, top, bottom)
        row_shapes = [
            (s, c)
            for s in page.shapes
            for c in actors
            if c.x0 - 0.5 <= s.box.center[0] <= c.x1 + 0.5
            and top <= s.box.center[1] <= bottom
            and not _is_cell(s, c, top, bottom)
            and s.kind in ("kapsul", "kotak", "ketupat")
        ]
        if step is None:
            continue
        flow.steps.append(step)
        mains = _main_symbols(row_shapes, page)
        for shape, column in row_shapes:
            in_shapes.append(shape.box)
            if (shape, column) in mains:
                node = Node("step", shape.box, step.number)
                step.actors.append(actors.index(column))
                if min(abs(shape.box.center[0] - column.x0), abs(shape.box.center[0] - column.x1)) < 4:
                    doubts.append(
                        Doubt(
                            f"kegiatan.{step.number}.pelaksana",
                            f"halaman {page.number}, langkah {step.number}: simbol di antara dua kolom; periksa",
                            page.number,
                        )
                    )
            else:
                node = Node("end", shape.box, step.number)
            nodes.append(node)
            row_nodes.setdefault(step.number, []).append(node)
        kinds = {s.kind for s, c in mains}
        step.actors = sorted(set(step.actors))
        if mains:
            step.symbol = "ketupat" if "ketupat" in kinds else ("kapsul" if kinds == {"kapsul"} else "kotak")
            if step.symbol == "ketupat":
                diamond = next(s for s, c in mains if s.kind == "ketupat")
                inside = [w for w in page.words_in(diamond.box) if not _NUMBER.match(w.text)]
                if inside:
                    step.question = " ".join(line.text for line in lines_of(inside))
        if len(kinds) > 1 and "ketupat" in kinds:
            doubts.append(
                Doubt(
                    f"kegiatan.{step.number}.keputusan",
                    f"halaman {page.number}, langkah {step.number}: simbol berbeda di kolom pelaksana; periksa",
                    page.number,
                )
            )
    for shape in page.shapes:
        if shape.kind in ("segilima", "lingkaran") and area.holds(shape.box):
            text = " ".join(w.text for w in page.words_in(shape.box.grown(1)))
            nodes.append(Node("connector", shape.box, label=text.strip()))
            in_shapes.append(shape.box)
    flow.edges = _edges(table, nodes, area, doubts)
    _label_edges(flow, area, in_shapes)
    return flow


def _main_symbols(row_shapes: list[tuple[Shape, Column]], page: PageView) -> list[tuple[Shape, Column]]:
    """The step's own symbols in a row; a small terminator saying "Selesai" beside a decision is the end of a branch."""
    if len(row_shapes) <= 1:
        return row_shapes
    largest = max(s.box.width * s.box.height for s, c in row_shapes)
    mains = []
    for shape, column in row_shapes:
        text = labels.normal(" ".join(w.text for w in page.words_in(shape.box)))
        small = shape.box.width * shape.box.height < 0.8 * largest
        if shape.kind == "kapsul" and (small or "selesai" in text) and any(s.kind != "kapsul" for s, c in row_shapes):
            continue
        mains.append((shape, column))
    return mains or row_shapes


def _read_row(table: Table, top: float, bottom: float) -> StepRow | None:
    no = table.column("no")
    number_words = _cell_words(table, no, top, bottom) if no else []
    digits = "".join(w.text for w in number_words).rstrip(".")
    if not digits.isdigit():
        return None
    step = StepRow(int(digits), table.page.number)
    for role in ("kegiatan", "kelengkapan", "waktu", "output", "keterangan"):
        column = table.column(role)
        if column is None:
            continue
        words = _cell_words(table, column, top, bottom)
        cell = Box(column.x0, top, column.x1, bottom)
        text = paragraphs(words, cell, as_list=role in ("kelengkapan", "output"), limit=_widest(table, column))
        if role in ("kelengkapan", "output", "keterangan", "waktu") and text.joined() in labels.DASHES:
            text = Text()
        setattr(step, role, text)
    return step


def _widest(table: Table, column: Column) -> float | None:
    """The right end of the longest line in a column's body: as far as its producer lets a line run."""
    if column.x0 not in table.widest:
        words = [w for w in table.page.words_in(Box(column.x0, table.body_top, column.x1, table.page.height))]
        table.widest[column.x0] = max((w.box.x1 for w in words), default=None)
    return table.widest[column.x0]


def _node_at(nodes: list[Node], point: Point, exclude: Node | None = None) -> Node | None:
    near = [n for n in nodes if n is not exclude and n.box.distance(point) <= NEAR_NODE]
    return min(near, key=lambda n: n.box.distance(point), default=None)


def _on_rules(points: list[Point], table: Table) -> bool:
    xs = [c.x0 for c in table.columns] + [table.columns[-1].x1]
    ys = [table.body_top, *(b for _, b in table.rows)]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        horizontal = abs(y0 - y1) < 0.6 and any(abs(y0 - y) < 0.8 for y in ys)
        vertical = abs(x0 - x1) < 0.6 and any(abs(x0 - x) < 0.8 for x in xs)
        if not (horizontal or vertical):
            return False
    return True


def _edges(table: Table, nodes: list[Node], area: Box, doubts: list[Doubt]) -> list[Edge]:
    """Every arrow: each drawn line that ends at an arrowhead, followed back to the symbol it leaves.

    Driven by the lines, not by the heads: two arrows that share their last stretch (and so their
    head) are two lines. Where lines cross or overlap so that an arrow could come from two symbols,
    the nearer one is taken and both steps are doubted."""
    page = table.page
    paths = [p for p in page.paths if len(p) >= 2 and any(area.contains(q) for q in p) and not _on_rules(p, table)]
    tips = [t for t in page.tips if area.contains(t)]
    # The line of each head: a line drawn towards the head wins over one drawn away from it (the
    # first stretch of an arrow leaving the same symbol at the same point).
    ends: dict[Point, list[tuple[int, list[Point], bool]]] = {}
    for index, path in enumerate(paths):
        for oriented, natural in ((path, True), (path[::-1], False)):
            tip = min(tips, key=lambda t: math.dist(t, oriented[-1]), default=None)
            if tip is None or math.dist(tip, oriented[-1]) > HEAD_REACH or math.dist(oriented[0], oriented[-1]) < 1:
                continue
            ends.setdefault(tip, []).append((index, oriented, natural))
            break
    heads = []
    for tip, pieces in ends.items():
        drawn_towards = [p for p in pieces if p[2]]
        heads.extend((tip, index, oriented) for index, oriented, _ in (drawn_towards or pieces))
    edges = []
    for tip, index, oriented in heads:
        target = _node_at(nodes, tip)
        if target is None:
            continue
        found = _trace(index, oriented, paths, nodes, target)
        if found:
            line, source = found[0]
            edges.append(Edge(source, target, line))
            sources = {id(s) for _, s in found}
            if len(sources) > 1:
                for _, other in found:
                    if other.step is not None:
                        doubts.append(
                            Doubt(
                                f"kegiatan.{other.step}",
                                f"halaman {page.number}, langkah {other.step}: garis panah bertumpuk atau "
                                "bersilang, asal panah tidak pasti; periksa alurnya",
                                page.number,
                            )
                        )
    return edges


def _trace(
    first: int, oriented: list[Point], paths: list[list[Point]], nodes: list[Node], target: Node
) -> list[tuple[list[Point], Node]]:
    """The ways the drawn line of an arrow (last piece ``oriented``) can be followed back to a symbol
    other than its target, shortest first: (line from its start to the head, the symbol it leaves)."""
    found: list[tuple[list[Point], Node]] = []
    stack: list[tuple[list[Point], frozenset[int]]] = [(list(oriented), frozenset({first}))]
    steps = 0
    while stack and steps < 400:
        steps += 1
        line, used = stack.pop()
        start = line[0]
        source = _node_at(nodes, start, exclude=target)
        if source is not None:
            found.append((line, source))
            continue
        joins = []
        for index, path in enumerate(paths):
            if index in used:
                continue
            if math.dist(path[-1], start) <= SNAP:
                joins.append((index, path))
            elif math.dist(path[0], start) <= SNAP:
                joins.append((index, path[::-1]))
        if not joins:
            through = _through(start, paths, used, nodes, target)
            joins = [through] if through else []
        for index, piece in joins:
            stack.append(([*piece[:-1], *line], used | {index}))
    found.sort(key=lambda item: _length(item[0]))
    unique: list[tuple[list[Point], Node]] = []
    for line, source in found:
        if all(source is not s for _, s in unique):
            unique.append((line, source))
    return unique


def _length(points: list[Point]) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(points))


def _through(
    point: Point, paths: list[list[Point]], used: set[int], nodes: list[Node], target: Node
) -> tuple[int, list[Point]] | None:
    """A line this arrow branches off (its start lies on that line's middle): followed back to its start."""
    for index, path in enumerate(paths):
        if index in used:
            continue
        for a, b in itertools.pairwise(path):
            if _distance_to_segment(point, a, b) <= 1.0:
                cut = path.index(a) + 1
                head = [*path[:cut], point]
                if _node_at(nodes, path[0], exclude=target) is not None:
                    return index, head
                tail = [*path[cut:][::-1], point]
                return index, tail
    return None


def _distance_to_segment(point: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _path_distance(box: Box, points: list[Point], reach: float) -> float:
    """Distance from a label to the first ``reach`` points of length of a line."""
    best = math.inf
    travelled = 0.0
    for a, b in itertools.pairwise(points):
        for step in range(11):
            t = step / 10
            point = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
            best = min(best, box.distance(point))
        travelled += math.dist(a, b)
        if travelled > reach:
            break
    return best


def _label_edges(flow: PageFlow, area: Box, in_shapes: list[Box]) -> None:
    table = flow.table
    page = table.page
    words = [
        w
        for w in page.words
        if area.holds(w.box) and w.box.top > table.body_top and not any(b.grown(0.5).holds(w.box) for b in in_shapes)
    ]
    candidates = [e for e in flow.edges if e.source.kind == "step" and _is_decision(flow, e.source.step)]
    for chunk in chunks(words):
        if not candidates:
            break
        scored = [(_path_distance(chunk.box, e.points, 60.0), i) for i, e in enumerate(candidates)]
        distance, index = min(scored)
        if distance <= LABEL_REACH:
            edge = candidates[index]
            edge.label = f"{edge.label} {chunk.text}".strip() if edge.label else chunk.text


def _is_decision(flow: PageFlow, number: int | None) -> bool:
    return any(s.number == number and s.symbol == "ketupat" for s in flow.steps)


def read_flowchart(tables: list[Table], doubts: list[Doubt]) -> tuple[list[str], list[StepRow], bool]:
    """Actors and steps of the pages' tables (``find_table``), arrows joined across pages; False when there is none."""
    flows = [read_page(table, doubts) for table in tables]
    if not flows:
        return [], [], False
    actors, steps = join_pages(flows, doubts)
    return actors, steps, True


def join_pages(flows: list[PageFlow], doubts: list[Doubt]) -> tuple[list[str], list[StepRow]]:
    """The actors and steps of consecutive tables (one per printed page), arrows joined at connectors."""
    actors = [c.name for c in flows[0].table.actors]
    for flow in flows[1:]:
        names = [c.name for c in flow.table.actors]
        if [labels.normal(n) for n in names] != [labels.normal(n) for n in actors]:
            doubts.append(
                Doubt(
                    "pelaksana",
                    f"halaman {flow.table.page.number}: kolom pelaksana berbeda dari halaman sebelumnya "
                    f"({', '.join(names)}); periksa",
                    flow.table.page.number,
                )
            )
    steps: list[StepRow] = []
    for flow in flows:
        steps.extend(flow.steps)
    _attach_exits(flows, steps, doubts)
    return actors, steps


def _attach_exits(flows: list[PageFlow], steps: list[StepRow], doubts: list[Doubt]) -> None:
    by_number = {s.number: s for s in steps}
    incoming: dict[str, list[Edge]] = {}
    for flow in flows:
        for edge in flow.edges:
            if edge.source.kind == "connector":
                incoming.setdefault(labels.normal(edge.source.label), []).append(edge)
    for flow in flows:
        for edge in flow.edges:
            if edge.source.kind != "step" or edge.source.step not in by_number:
                continue
            step = by_number[edge.source.step]
            target = edge.target
            if target.kind == "connector":
                continued = incoming.get(labels.normal(target.label), [])
                later = [e for e in continued if e.source.box is not target.box and e.target.kind in ("step", "end")]
                if not later:
                    doubts.append(
                        Doubt(
                            f"kegiatan.{step.number}",
                            f"halaman {flow.table.page.number}, langkah {step.number}: penghubung antarhalaman "
                            f"`{target.label}` tidak ditemukan lanjutannya; periksa",
                            flow.table.page.number,
                        )
                    )
                    step.exits.append(Exit(None, edge.label))
                    continue
                target = later[0].target
            if target.kind == "end":
                step.exits.append(Exit(END, edge.label))
            elif (
                target.step is not None
                and target.step != step.number
                and not any(e.target == target.step for e in step.exits)
            ):
                step.exits.append(Exit(target.step, edge.label))
