"""The Bagian Flowchart of Permenpan-RB 35/2012, laid out at build time.

A table drawn top to bottom: No | Kegiatan | one column per pelaksana | Mutu
Baku (Kelengkapan, Waktu, Output) | Keterangan. Each step's symbol sits in its
pelaksana's column; arrows are orthogonal. Every row holds exactly one symbol,
so a horizontal segment inside a row never meets another symbol. Arrows that
skip rows or go back (loops) run in channels along the outer edges of the
pelaksana columns, where no symbol is ever placed, one track per overlapping
arrow. A decision branch to ``selesai`` ends in a small terminator beside it.

``layout`` gives the whole chart; ``sheets`` cuts it into printed pages between
rows, with a numbered off-page connector (segilima) wherever an arrow crosses
a cut. The screen shows the chart as one sheet. Everything is plain numbers,
so the same YAML always gives the same drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from katalog_sop import textfit
from katalog_sop.model import END, Sop, Step, Symbol

FONT_SIZE = 12
LINE_HEIGHT = 15
ASCENT = 11  # baseline offset of the first line from the top of its box
PAD_X = 6
PAD_Y = 8
HEADER_ROW = 24

NO_WIDTH = 34
KEGIATAN_WIDTH = 220
ACTOR_WIDTH = 112
SINGLE_ACTOR_WIDTH = 180  # a teknis SOP with one pelaksana: room for a branch beside the symbol
MUTU_WIDTHS = (("Kelengkapan", 150), ("Waktu", 84), ("Output", 130))
KETERANGAN_WIDTH = 130

SHAPE_SIZES = {"kapsul": (70, 28), "kotak": (70, 32), "ketupat": (76, 46)}
KINDS = {Symbol.START: "kapsul", Symbol.END: "kapsul", Symbol.PROCESS: "kotak", Symbol.DECISION: "ketupat"}
END_SIZE = (60, 24)  # the small "Selesai" terminator of a decision branch
END_GAP = 36  # room for the branch label between a decision and its terminator
SYMBOL_MARGIN = 20  # free space above and below a symbol in its row
ENTRY_LANE = 9  # arrows from a channel reach their target along this line below the row top
TRACK = 28  # distance between channel tracks: wide enough for an off-page connector
CHANNEL_MIN = 8

CONNECTOR = 26  # off-page connector width and height
STRIP = 44  # band above or below the rows of a printed sheet holding the connectors
ARROW_HEAD = (9, 4)  # length, half width

Point = tuple[float, float]


def number(value: float) -> str:
    """A coordinate written the same way every time: at most one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def path_data(points: tuple[Point, ...] | list[Point], closed: bool = False) -> str:
    """SVG path data through the points (numbers only, so nothing in it needs escaping)."""
    data = "L".join(f"{number(x)} {number(y)}" for x, y in points)
    return f"M{data}Z" if closed else f"M{data}"


@dataclass(frozen=True)
class TextBlock:
    x: float
    y: float  # baseline of the first line
    lines: tuple[str, ...]
    anchor: str = "start"
    css: str = "bagan-teks"


@dataclass(frozen=True)
class Shape:
    kind: str  # kapsul, kotak, ketupat, konektor
    x: float
    y: float
    width: float
    height: float
    step: int  # the step it draws (END for a branch's terminator, 0 for a connector)
    label: str = ""

    @property
    def center(self) -> Point:
        return (self.x + self.width / 2, self.y + self.height / 2)

    def moved(self, dy: float) -> Shape:
        return replace(self, y=self.y + dy)

    @property
    def outline(self) -> str:
        """Path data of a belah ketupat or a segilima; boxes and capsules are SVG rects."""
        cx, cy = self.center
        left, right, top, bottom = self.x, self.x + self.width, self.y, self.y + self.height
        if self.kind == "ketupat":
            return path_data(((cx, top), (right, cy), (cx, bottom), (left, cy)), closed=True)
        shoulder = top + self.height * 0.6
        return path_data(((left, top), (right, top), (right, shoulder), (cx, bottom), (left, shoulder)), closed=True)


@dataclass(frozen=True)
class Arrow:
    source: int
    target: int  # a step number or END
    points: tuple[Point, ...]
    label: str = ""  # Ya / Tidak on a decision branch
    head: bool = True  # an arrowhead at the last point

    @property
    def head_points(self) -> tuple[Point, ...]:
        (x1, y1), (x2, y2) = self.points[-2], self.points[-1]
        length, half = ARROW_HEAD
        dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
        back = (x2 - dx * length, y2 - dy * length)
        return ((x2, y2), (back[0] - dy * half, back[1] + dx * half), (back[0] + dy * half, back[1] - dx * half))

    @property
    def label_at(self) -> tuple[float, float, str]:
        """Where the branch label goes: beside the first segment, out of its way."""
        (x1, y1), (x2, _) = self.points[0], self.points[1]
        if x1 == x2:
            return (x1 + 5, y1 + 14, "start")
        if x2 > x1:
            return (x1 + 4, y1 - 5, "start")
        return (x1 - 4, y1 - 5, "end")

    def moved(self, dy: float) -> Arrow:
        return replace(self, points=tuple((x, y + dy) for x, y in self.points))

    @property
    def path(self) -> str:
        return path_data(self.points)

    @property
    def head_path(self) -> str:
        return path_data(self.head_points, closed=True)


@dataclass(frozen=True)
class Column:
    title: str
    x: float
    width: float
    group: str = ""  # "Pelaksana" or "Mutu Baku" for the columns under a shared heading


@dataclass(frozen=True)
class Row:
    number: int
    y: float
    height: float
    texts: tuple[TextBlock, ...]
    shapes: tuple[Shape, ...]  # the step's symbol, and a branch terminator if any

    def moved(self, dy: float) -> Row:
        return replace(
            self,
            y=self.y + dy,
            texts=tuple(replace(t, y=t.y + dy) for t in self.texts),
            shapes=tuple(s.moved(dy) for s in self.shapes),
        )


@dataclass(frozen=True)
class Chart:
    width: float
    header_height: float
    columns: tuple[Column, ...]
    header_texts: tuple[TextBlock, ...]
    rows: tuple[Row, ...]
    arrows: tuple[Arrow, ...]

    @property
    def height(self) -> float:
        last = self.rows[-1]
        return last.y + last.height


@dataclass(frozen=True)
class Sheet:
    """One drawing: the whole chart on screen, or one printed page of it."""

    number: int
    count: int
    width: float
    height: float
    table_top: float  # where the rows start (below the header, and the connector band if any)
    table_bottom: float
    chart: Chart  # for the header and the columns
    rows: tuple[Row, ...]
    arrows: tuple[Arrow, ...]
    connectors: tuple[Shape, ...]

    @property
    def shapes(self) -> tuple[Shape, ...]:
        return tuple(shape for row in self.rows for shape in row.shapes)

    @property
    def grid(self) -> tuple[tuple[float, float, float, float], ...]:
        """The table's lines: the header's cells, then one line under each row."""
        columns = self.chart.columns
        header = self.chart.header_height
        lines = [(0.0, 0.0, self.width, 0.0), (0.0, header, self.width, header)]
        for group in ("Pelaksana", "Mutu Baku"):
            members = [c for c in columns if c.group == group]
            lines.append((members[0].x, HEADER_ROW, members[-1].x + members[-1].width, HEADER_ROW))
        for column in (*columns, None):
            x = self.width if column is None else column.x
            previous = columns[columns.index(column) - 1] if column is not None and column.x > 0 else None
            inner = column is not None and previous is not None and column.group and previous.group == column.group
            lines.append((x, HEADER_ROW if inner else 0.0, x, self.table_bottom))
        if self.table_top > header:
            lines.append((0.0, self.table_top, self.width, self.table_top))
        lines.extend((0.0, row.y + row.height, self.width, row.y + row.height) for row in self.rows)
        return tuple(lines)

    @property
    def grid_path(self) -> str:
        return "".join(path_data(((x1, y1), (x2, y2))) for x1, y1, x2, y2 in self.grid)


def _kind(step: Step) -> str:
    return KINDS[step.symbol]


@dataclass(frozen=True)
class _Route:
    """An outgoing edge before coordinates: its label, target and port on the source."""

    source: int
    target: int
    label: str
    kind: str  # next (to the following row), long (through a channel), end (to a small terminator)
    port: str  # bottom, left or right


def _routes(sop: Sop, column_of: dict[str, int]) -> list[_Route]:
    steps = {s.number: s for s in sop.kegiatan}
    routes: list[_Route] = []
    for step in sop.kegiatan:
        if step.keputusan is None and step.next == END:
            continue  # the step is itself the end terminator
        here = column_of[step.pelaksana]
        wanted: list[tuple[str, int, str, list[str]]] = []
        for label, target in step.targets:
            if target == END:
                sides = sorted(("right", "left"), key=lambda side: not _has_neighbour(here, side, len(column_of)))
                wanted.append((label or "", target, "end", ["bottom", *sides]))
            elif target == step.number + 1:
                there = column_of[steps[target].pelaksana]
                port = "bottom" if there == here else ("right" if there > here else "left")
                wanted.append((label or "", target, "next", [port]))
            else:
                wanted.append((label or "", target, "long", ["right", "left"]))
        taken: set[str] = set()
        order = {"next": 0, "long": 1, "end": 2}
        for label, target, kind, ports in sorted(wanted, key=lambda w: order[w[2]]):
            port = next((p for p in ports if p not in taken), ports[0])
            taken.add(port)
            routes.append(_Route(step.number, target, label, kind, port))
    routes.sort(key=lambda r: (r.source, r.label != "Ya"))
    return routes


def _has_neighbour(column: int, side: str, count: int) -> bool:
    return column + 1 < count if side == "right" else column > 0


def _tracks(routes: list[_Route], row_index: dict[int, int]) -> dict[tuple[int, str], int]:
    """A track per long arrow in its channel, so that arrows overlapping in height never share one."""
    assigned: dict[tuple[int, str], int] = {}
    for side in ("left", "right"):
        ends: list[float] = []  # per track, where its last arrow ends
        spans = []
        for route in routes:
            if route.kind == "long" and route.port == side:
                source = row_index[route.source] + 0.5  # leaves at the symbol's middle
                target = row_index[route.target] + 0.1  # arrives along the entry lane
                spans.append((min(source, target), max(source, target), route))
        for low, high, route in sorted(spans, key=lambda s: (s[0], s[1], s[2].source, s[2].label)):
            track = next((t for t, end in enumerate(ends) if end < low), len(ends))
            if track == len(ends):
                ends.append(high)
            else:
                ends[track] = high
            assigned[(route.source, route.label)] = track
    return assigned


def _end_offset(kind: str, port: str) -> tuple[float, float]:
    """Centre of a branch's terminator relative to the decision's centre."""
    width, height = SHAPE_SIZES[kind]
    if port == "bottom":
        return (0, height / 2 + END_GAP - 10 + END_SIZE[1] / 2)
    dx = width / 2 + END_GAP + END_SIZE[0] / 2
    return (dx if port == "right" else -dx, 0)


def layout(sop: Sop) -> Chart:
    """The whole Bagian Flowchart of one SOP."""
    regular = textfit.regular()
    bold = textfit.bold()
    actors = sop.pelaksana
    column_of = {actor: index for index, actor in enumerate(actors)}
    actor_width = ACTOR_WIDTH if len(actors) > 1 else SINGLE_ACTOR_WIDTH
    routes = _routes(sop, column_of)
    row_index = {step.number: index for index, step in enumerate(sop.kegiatan)}
    tracks = _tracks(routes, row_index)
    steps = {s.number: s for s in sop.kegiatan}

    # Channels: room for their tracks, and for a branch terminator that sticks out of an edge column.
    channel = {"left": 0.0, "right": 0.0}
    for route in routes:
        if route.kind == "long":
            channel[route.port] = max(channel[route.port], (tracks[(route.source, route.label)] + 1) * TRACK)
    overflow = {"left": 0.0, "right": 0.0}
    for route in routes:
        if route.kind == "end" and route.port != "bottom":
            column = column_of[steps[route.source].pelaksana]
            if not _has_neighbour(column, route.port, len(actors)):
                reach = abs(_end_offset(_kind(steps[route.source]), route.port)[0]) + END_SIZE[0] / 2 + 8
                overflow[route.port] = max(overflow[route.port], reach - actor_width / 2)
    widths = {side: max(CHANNEL_MIN, channel[side] + overflow[side]) for side in channel}

    columns: list[Column] = [Column("No", 0, NO_WIDTH), Column("Kegiatan", NO_WIDTH, KEGIATAN_WIDTH)]
    x = NO_WIDTH + KEGIATAN_WIDTH
    group_left = x
    actor_centers: list[float] = []
    for index, actor in enumerate(actors):
        width = (
            actor_width + (widths["left"] if index == 0 else 0) + (widths["right"] if index == len(actors) - 1 else 0)
        )
        columns.append(Column(actor, x, width, "Pelaksana"))
        actor_centers.append(x + (widths["left"] if index == 0 else 0) + actor_width / 2)
        x += width
    group_right = x
    for title, width in MUTU_WIDTHS:
        columns.append(Column(title, x, width, "Mutu Baku"))
        x += width
    columns.append(Column("Keterangan", x, KETERANGAN_WIDTH))
    total_width = x + KETERANGAN_WIDTH

    def track_x(side: str, track: int) -> float:
        if side == "left":
            return group_left + TRACK / 2 + track * TRACK
        return group_right - TRACK / 2 - track * TRACK

    # Header: two rows; titles wrap in their cells.
    header_texts: list[TextBlock] = []
    titles = [bold.wrap(c.title, c.width - 2 * PAD_X, FONT_SIZE) for c in columns]
    sub_height = max(len(lines) for lines, c in zip(titles, columns, strict=True) if c.group) * LINE_HEIGHT
    header_height = HEADER_ROW + sub_height + 2 * PAD_Y
    for lines, column in zip(titles, columns, strict=True):
        # Grouped columns are titled in the second header row; the others are centred over both.
        top = HEADER_ROW if column.group else (header_height - len(lines) * LINE_HEIGHT) / 2 - PAD_Y
        header_texts.append(
            TextBlock(column.x + column.width / 2, top + PAD_Y + ASCENT, lines, "middle", "bagan-judul-kolom")
        )
    for group in ("Pelaksana", "Mutu Baku"):
        members = [c for c in columns if c.group == group]
        left, right = members[0].x, members[-1].x + members[-1].width
        header_texts.append(TextBlock((left + right) / 2, PAD_Y + ASCENT - 2, (group,), "middle", "bagan-judul-kolom"))

    # Rows: tall enough for the longest cell and for the symbol with its margins.
    rows: list[Row] = []
    centers: dict[int, Point] = {}
    shapes_of: dict[int, Shape] = {}
    y = header_height
    ends_below = {r.source for r in routes if r.kind == "end" and r.port == "bottom"}
    for step in sop.kegiatan:
        cells = _cell_texts(step)
        text_columns = [columns[0], columns[1], *columns[-4:]]
        wrapped = [
            regular.wrap(text, column.width - 2 * PAD_X, FONT_SIZE) if text else ()
            for text, column in zip(cells, text_columns, strict=True)
        ]
        kind = _kind(step)
        shape_width, shape_height = SHAPE_SIZES[kind]
        zone = SYMBOL_MARGIN * 2 + shape_height + (END_GAP + END_SIZE[1] if step.number in ends_below else 0)
        text_height = max(len(lines) for lines in wrapped) * LINE_HEIGHT + 2 * PAD_Y
        height = max(zone, text_height)
        cx = actor_centers[column_of[step.pelaksana]]
        shape_top = y + (height - zone) / 2 + SYMBOL_MARGIN
        shape = Shape(kind, cx - shape_width / 2, shape_top, shape_width, shape_height, step.number)
        shapes = [shape]
        for route in routes:
            if route.source == step.number and route.kind == "end":
                dx, dy = _end_offset(kind, route.port)
                ex, ey = cx + dx, shape.center[1] + dy
                shapes.append(Shape("kapsul", ex - END_SIZE[0] / 2, ey - END_SIZE[1] / 2, *END_SIZE, END, "Selesai"))
        texts = tuple(
            TextBlock(column.x + column.width / 2, y + PAD_Y + ASCENT, lines, "middle")
            if column.title == "No"
            else TextBlock(column.x + PAD_X, y + PAD_Y + ASCENT, lines)
            for lines, column in zip(wrapped, text_columns, strict=True)
            if lines
        )
        rows.append(Row(step.number, y, height, texts, tuple(shapes)))
        centers[step.number] = shape.center
        shapes_of[step.number] = shape
        y += height

    row_top = {row.number: row.y for row in rows}
    arrows: list[Arrow] = []
    for route in routes:
        source = shapes_of[route.source]
        sy = source.center[1]
        start = _port(source, route.port)
        if route.kind == "end":
            end_shape = next(s for s in rows[row_index[route.source]].shapes if s.step == END)
            points: tuple[Point, ...] = (start, _port(end_shape, _opposite(route.port)))
        else:
            target = shapes_of[route.target]
            tx, _ = target.center
            top = (tx, target.y)
            if route.kind == "next" and route.port == "bottom":
                points = (start, top)
            elif route.kind == "next":
                points = (start, (tx, sy), top)
            else:
                lane = row_top[route.target] + ENTRY_LANE
                cx = track_x(route.port, tracks[(route.source, route.label)])
                points = (start, (cx, sy), (cx, lane), (tx, lane), top)
        arrows.append(Arrow(route.source, route.target, points, route.label))
    return Chart(total_width, header_height, tuple(columns), tuple(header_texts), tuple(rows), tuple(arrows))


def _cell_texts(step: Step) -> tuple[str, ...]:
    kegiatan = step.uraian
    if step.keputusan is not None:
        kegiatan += "\n" + step.keputusan.pertanyaan
    return (
        str(step.number),
        kegiatan,
        "\n".join(step.kelengkapan) or "-",
        str(step.waktu) if step.waktu else "-",
        step.output or "-",
        step.keterangan or "",
    )


def _opposite(port: str) -> str:
    return {"bottom": "top", "right": "left", "left": "right"}[port]


def _port(shape: Shape, port: str) -> Point:
    cx, cy = shape.center
    return {
        "top": (cx, shape.y),
        "bottom": (cx, shape.y + shape.height),
        "left": (shape.x, cy),
        "right": (shape.x + shape.width, cy),
    }[port]


def whole(chart: Chart) -> Sheet:
    """The chart as one drawing, for the screen."""
    return Sheet(
        1, 1, chart.width, chart.height, chart.header_height, chart.height, chart, chart.rows, chart.arrows, ()
    )


def sheets(chart: Chart, max_height: float) -> tuple[Sheet, ...]:
    """The chart cut between rows into drawings at most ``max_height`` high (a row taller
    than a page gets a page of its own), with off-page connectors where arrows cross a cut."""
    room = max_height - chart.header_height - 2 * STRIP
    groups: list[list[Row]] = [[]]
    used = 0.0
    for row in chart.rows:
        if groups[-1] and used + row.height > room:
            groups.append([])
            used = 0.0
        groups[-1].append(row)
        used += row.height
    cuts = [group[0].y for group in groups[1:]]  # chart y of each cut between pages
    numbers: dict[tuple[int, float, float], int] = {}  # (arrow, cut, x) -> connector number
    for arrow_index, arrow in enumerate(chart.arrows):
        for cut in cuts:
            for x in _crossings(arrow, cut):
                numbers[(arrow_index, cut, x)] = 0
    for number, key in enumerate(sorted(numbers, key=lambda k: (k[1], k[2], k[0])), start=1):
        numbers[key] = number

    result: list[Sheet] = []
    for page, group in enumerate(groups, start=1):
        top, bottom = group[0].y, group[-1].y + group[-1].height
        pieces = [(i, piece) for i, arrow in enumerate(chart.arrows) for piece in _clip(arrow.points, top, bottom)]
        # A connector band only where an arrow arrives from, or leaves for, another sheet.
        top_band = STRIP if any("top" in (p[1], p[2]) for _, p in pieces) else 0
        bottom_band = STRIP if any("bottom" in (p[1], p[2]) for _, p in pieces) else 0
        dy = chart.header_height + top_band - top
        arrows: list[Arrow] = []
        connectors: list[Shape] = []
        for arrow_index, (points_in, starts_at, ends_at) in pieces:
            arrow = chart.arrows[arrow_index]
            points = list(points_in)
            for at, where in ((0, starts_at), (len(points) - 1, ends_at)):
                if where is None:
                    continue
                cut = top if where == "top" else bottom
                x = points[at][0]
                shape_top = top - 10 - CONNECTOR if where == "top" else bottom + 10
                number = str(numbers[(arrow_index, cut, x)])
                connectors.append(Shape("konektor", x - CONNECTOR / 2, shape_top, CONNECTOR, CONNECTOR, 0, number))
                edge = (x, top - 10) if where == "top" else (x, bottom + 10)
                if at == 0:
                    points.insert(0, edge)
                else:
                    points.append(edge)
            label = arrow.label if starts_at is None else ""
            arrows.append(Arrow(arrow.source, arrow.target, tuple(points), label, arrow.head).moved(dy))
        table_bottom = bottom + dy
        result.append(
            Sheet(
                page,
                len(groups),
                chart.width,
                table_bottom + bottom_band,
                chart.header_height + top_band,
                table_bottom,
                chart,
                tuple(row.moved(dy) for row in group),
                tuple(arrows),
                tuple(sorted((c.moved(dy) for c in connectors), key=lambda c: (c.y, c.x))),
            )
        )
    return tuple(result)


def _crossings(arrow: Arrow, cut: float) -> list[float]:
    """x of each vertical segment of the arrow that passes the line y = cut."""
    return [x1 for (x1, y1), (x2, y2) in pairwise(arrow.points) if x1 == x2 and min(y1, y2) < cut < max(y1, y2)]


def _clip(points: tuple[Point, ...], top: float, bottom: float) -> list[tuple[list[Point], str | None, str | None]]:
    """The parts of a polyline between y = top and y = bottom, each with the cut it starts
    or ends at (``"top"``, ``"bottom"``, or None where it starts or ends on a symbol)."""
    pieces: list[tuple[list[Point], str | None, str | None]] = []
    current: list[Point] = []
    starts_at: str | None = None
    inside = top <= points[0][1] <= bottom
    if inside:
        current = [points[0]]
    for (x1, y1), (x2, y2) in pairwise(points):
        # Horizontal segments lie inside a row; only vertical ones cross a cut.
        crossings = sorted(
            ((cut, name) for cut, name in ((top, "top"), (bottom, "bottom")) if min(y1, y2) < cut < max(y1, y2)),
            key=lambda c: c[0] if y2 > y1 else -c[0],
        )
        for cut, name in crossings:
            if inside:
                current.append((x1, cut))
                pieces.append((current, starts_at, name))
                current = []
                inside = False
            else:
                current = [(x1, cut)]
                starts_at = name
                inside = True
        if inside:
            current.append((x2, y2))
    if inside and len(current) > 1:
        pieces.append((current, starts_at, None))
    return pieces
