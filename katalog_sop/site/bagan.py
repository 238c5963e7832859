"""The Bagian Flowchart of Permenpan-RB 35/2012, laid out at build time.

A table drawn top to bottom: No | Kegiatan | one column per pelaksana | Mutu
Baku (Kelengkapan, Waktu, Output) | Keterangan. Each step's symbol sits in its
pelaksana's column; a joint step (several pelaksana) has a copy of its symbol
in each of their columns, joined by a plain line, as on the signed paper.
Arrows are orthogonal. Every row holds exactly one step, so a horizontal
segment inside a row never meets another step's symbol. Arrows that skip rows
or go back (loops) run in channels along the outer edges of the pelaksana
columns, where no symbol is ever placed, one track per overlapping arrow.

Each exit of a step (a decision's outcomes, labelled Ya/Tidak or with their own
`cabang` labels; the several next steps of a fork) leaves from a port of its
own: the bottom of each copy, or the outer side of the outermost copies; one
that has none left leaves at the bottom and turns along an exit lane low in
its row. A branch to ``selesai`` ends in a small terminator below or beside the
symbol. Only with more exits than ports do arrows share a port: arrows to steps
share a side (and part on the way), arrows to selesai one terminator.

``layout`` gives the whole chart; ``sheets`` cuts it into printed pages between
rows, with a numbered off-page connector (segilima) wherever an arrow crosses
a cut. The screen shows the chart as one sheet. Everything is plain numbers,
so the same YAML always gives the same drawing.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise

from katalog_sop.catalog.model import END, Sop, Step, Symbol
from katalog_sop.site import textfit

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
    label: str = ""  # Ya / Tidak, or the label of a `cabang` outcome, on a decision branch
    head: bool = True  # an arrowhead at the last point
    stack: int = 0  # earlier arrows leaving from the same point, whose labels this one's must clear
    label_left: bool = False  # the label of an arrow that starts downwards goes left of it (else right)

    @property
    def head_points(self) -> tuple[Point, ...]:
        (x1, y1), (x2, y2) = self.points[-2], self.points[-1]
        length, half = ARROW_HEAD
        dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
        back = (x2 - dx * length, y2 - dy * length)
        return ((x2, y2), (back[0] - dy * half, back[1] + dx * half), (back[0] + dy * half, back[1] - dx * half))

    @property
    def label_at(self) -> tuple[float, float, str]:
        """Where the branch label goes: beside the first segment, out of its way, clear of the
        labels of arrows sharing its start (beside them, then above or below them)."""
        (x1, y1), (x2, _) = self.points[0], self.points[1]
        if x1 == x2:
            dy = 14 + LINE_HEIGHT * (self.stack // 2)
            if self.label_left:
                return (x1 - 5, y1 + dy, "end")
            return (x1 + 5, y1 + dy, "start")
        dy = 5 + LINE_HEIGHT * self.stack
        if x2 > x1:
            return (x1 + 4, y1 - dy, "start")
        return (x1 - 4, y1 - dy, "end")

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
    shapes: tuple[Shape, ...]  # the step's symbol (a copy per actor of a joint step), then branch terminators
    links: tuple[tuple[Point, Point], ...] = ()  # plain lines joining the copies of a joint step's symbol

    def moved(self, dy: float) -> Row:
        return replace(
            self,
            y=self.y + dy,
            texts=tuple(replace(t, y=t.y + dy) for t in self.texts),
            shapes=tuple(s.moved(dy) for s in self.shapes),
            links=tuple(((x1, y1 + dy), (x2, y2 + dy)) for (x1, y1), (x2, y2) in self.links),
        )

    @property
    def link_path(self) -> str:
        return "".join(path_data(link) for link in self.links)


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


def _columns(step: Step, column_of: dict[str, int]) -> list[int]:
    """The columns that hold the step's symbol: one, or one per actor of a joint step, left to right."""
    return sorted(column_of[actor] for actor in step.pelaksana)


@dataclass(frozen=True)
class _Route:
    """An outgoing edge before coordinates: its label, target, and the ports it leaves and reaches."""

    source: int
    target: int
    label: str
    kind: str = ""  # next (to the following row), long (through a channel), end (to a small terminator)
    port: str = ""  # bottom, left or right
    column: int = 0  # the column of the copy of the source symbol it leaves from
    into: int = 0  # the column of the copy of the target symbol it reaches (next, long)
    lane: bool = False  # leaves at the bottom and turns along the exit lane low in its row
    side: str = ""  # the channel of a long route: left or right
    order: int = 0  # its place among the step's exits as written
    stack: int = 0  # exits of the same step that leave from the same port before it

    @property
    def key(self) -> tuple[int, str]:
        return (self.column, self.port)


def _routes(sop: Sop, column_of: dict[str, int]) -> list[_Route]:
    """Every drawn edge with its ports: each exit of a step takes a port of its own (the bottom of
    each copy of the symbol, the outer sides of the outermost copies) while there are enough."""
    columns = {s.number: _columns(s, column_of) for s in sop.kegiatan}
    count = len(column_of)
    routes: list[_Route] = []
    for step in sop.kegiatan:
        if step.keputusan is None and step.next == (END,):
            continue  # the step is itself the end terminator (or, alone, the whole chart)
        copies = columns[step.number]
        exits = [
            _candidates(_Route(step.number, target, label or "", order=order), copies, columns.get(target), count)
            for order, (label, target) in enumerate(step.targets)
        ]
        chosen = _assign(exits) or _crowded(exits)
        seen: Counter[tuple[int, str]] = Counter()
        for route in sorted(chosen, key=lambda r: r.order):
            routes.append(replace(route, stack=seen[route.key]))
            seen[route.key] += 1
    routes.sort(key=lambda r: (r.source, r.order))
    return routes


def _candidates(route: _Route, copies: list[int], targets: list[int] | None, count: int) -> list[_Route]:
    """The ways an exit can leave its step, best first."""
    first, last = copies[0], copies[-1]
    if targets is None:  # to selesai: a small terminator below or beside the symbol
        sides = sorted((("right", last), ("left", first)), key=lambda s: not _has_neighbour(s[1], s[0], count))
        return [replace(route, kind="end", port="bottom", column=c) for c in copies] + [
            replace(route, kind="end", port=side, column=c) for side, c in sides
        ]
    through: list[_Route] = [
        replace(route, kind="long", port="right", column=last, into=targets[-1], side="right"),
        replace(route, kind="long", port="left", column=first, into=targets[0], side="left"),
    ]
    through += [  # to the nearer channel along the exit lane, the label on the side away from the turn
        replace(
            route,
            kind="long",
            port="bottom",
            column=c,
            into=targets[-1 if side == "right" else 0],
            lane=True,
            side=side,
        )
        for c in copies
        for side in (("left", "right") if c < count - 1 - c else ("right", "left"))
    ]
    if route.target != route.source + 1:
        return through
    # To the following row: straight down where both steps share a column, else across to the nearest copy.
    following = [replace(route, kind="next", port="bottom", column=c, into=c) for c in copies if c in targets]
    pairs = sorted(((s, t) for s in copies for t in targets if s != t), key=lambda p: (abs(p[0] - p[1]), p))
    following += [
        replace(route, kind="next", port="right" if t > s else "left", column=s, into=t)
        for s, t in pairs
        if (t > s and s == last) or (t < s and s == first)
    ]
    following += [replace(route, kind="next", port="bottom", column=s, into=t, lane=True) for s, t in pairs]
    return following + through


def _rank(candidates: list[_Route]) -> int:
    return {"next": 0, "long": 1, "end": 2}[candidates[0].kind]


def _assign(exits: list[list[_Route]]) -> list[_Route] | None:
    """A port of its own for every exit, arrows to the following row first, or None if there are too few."""
    taken: set[tuple[int, str]] = set()
    chosen: list[_Route] = []
    for candidates in sorted(exits, key=_rank):
        pick = next((c for c in candidates if c.key not in taken), None)
        if pick is None:
            return None
        taken.add(pick.key)
        chosen.append(pick)
    return chosen


def _crowded(exits: list[list[_Route]]) -> list[_Route]:
    """More exits than ports: arrows share ports, as few to a port as can be. Exits to steps share
    the side ports (their arrows part on the way), exits to selesai the others (and a terminator)."""
    to_steps = [c for c in sorted(exits, key=_rank) if c[0].kind != "end"]
    to_end = [c for c in exits if c[0].kind == "end"]
    ports = len(to_end[0]) if to_end else 0  # every port of the step: each is a candidate to selesai
    sides = ("right", "left")
    if to_steps and to_end:
        sides = min(
            (("right",), ("right", "left")), key=lambda s: _most(len(to_steps), len(s), len(to_end), ports - len(s))
        )
    chosen: list[_Route] = []
    load = dict.fromkeys(sides, 0)
    for candidates in to_steps:  # the less used side; of two, the one an arrow to the next row leaves by
        across = [c.port for c in candidates if c.kind == "next" and c.port != "bottom"]
        side = min(sides, key=lambda s: (load[s], s not in across[:1]))
        load[side] += 1
        chosen.append(next(c for c in candidates if not c.lane and c.port == side))
    taken = {c.key for c in chosen}
    free = [c.key for c in to_end[0] if c.key not in taken] if to_end else []
    for index, candidates in enumerate(to_end):
        key = free[index % len(free)]
        chosen.append(next(c for c in candidates if c.key == key))
    return chosen


def _most(first: int, first_ports: int, second: int, second_ports: int) -> tuple[int, int]:
    """The most arrows on one port when two groups of exits share their ports evenly (fewer is better)."""
    return (max(-(-first // first_ports), -(-second // second_ports)), -first_ports)


def _label_left(route: _Route, copies: list[int]) -> bool:
    """Whether the label of an exit at the bottom of a symbol goes left of its line: away from
    where the line turns along the exit lane, else away from the other copies of a joint step,
    else right as always; the other way for every other arrow sharing the port."""
    if route.lane:
        left = route.side == "right" if route.kind == "long" else route.into > route.column
    else:
        left = route.column == copies[0] and len(copies) > 1
    return left != (route.stack % 2 == 1)


def _has_neighbour(column: int, side: str, count: int) -> bool:
    return column + 1 < count if side == "right" else column > 0


def _tracks(routes: list[_Route], row_index: dict[int, int]) -> dict[int, int]:
    """A track per long arrow (by its index) in its channel, so that arrows overlapping in height never share one."""
    assigned: dict[int, int] = {}
    for side in ("left", "right"):
        ends: list[float] = []  # per track, where its last arrow ends
        spans = []
        for index, route in enumerate(routes):
            if route.kind == "long" and route.side == side:
                # It leaves at the symbol's middle, or low in its row along the exit lane.
                source = row_index[route.source] + (0.9 if route.lane else 0.5)
                target = row_index[route.target] + 0.1  # arrives along the entry lane
                spans.append((min(source, target), max(source, target), index, route))
        for low, high, index, _ in sorted(spans, key=lambda s: (s[0], s[1], s[3].source, s[3].label, s[3].order)):
            track = next((t for t, end in enumerate(ends) if end < low), len(ends))
            if track == len(ends):
                ends.append(high)
            else:
                ends[track] = high
            assigned[index] = track
    return assigned


def _side_gap(label: str, bold: textfit.FontMetrics) -> float:
    """Room between a symbol and a terminator beside it: the usual gap, or more for a long label."""
    width = bold.width(label, FONT_SIZE) + 4
    return END_GAP if width <= END_GAP else math.ceil(width) + 6


def _end_offset(
    kind: str, port: str, bold: textfit.FontMetrics, label: str = "", below: float = 0
) -> tuple[float, float]:
    """Centre of a branch's terminator relative to the centre of the symbol it leaves (``below``:
    room for more labels beside the way down to it, when several branches share it)."""
    width, height = SHAPE_SIZES[kind]
    if port == "bottom":
        return (0, height / 2 + END_GAP - 10 + below + END_SIZE[1] / 2)
    dx = width / 2 + _side_gap(label, bold) + END_SIZE[0] / 2
    return (dx if port == "right" else -dx, 0)


def layout(sop: Sop, fonts: textfit.Fonts | None = None) -> Chart:
    """The whole Bagian Flowchart of one SOP.

    Pure given ``fonts`` (``textfit.fonts()``, fetched once before laying out many SOPs); without them
    the fonts are fetched here, on first use, for callers that lay out a single chart.
    """
    plan = _plan(sop, fonts or textfit.fonts())
    grid = _grid(plan, _side_widths(plan))
    header_height, header_texts = _header(grid.columns, plan.fonts.bold)
    rows, copies_of, terminals = _rows(plan, grid, header_height)
    arrows = _arrows(plan, grid, rows, copies_of, terminals)
    return Chart(grid.total_width, header_height, grid.columns, header_texts, rows, arrows)


@dataclass(frozen=True)
class _Plan:
    """What the drawing is made of, before any coordinate: the fonts, the columns of actors, the routes."""

    sop: Sop
    fonts: textfit.Fonts
    column_of: dict[str, int]  # actor -> its column among the pelaksana
    actor_width: float
    routes: list[_Route]
    tracks: dict[int, int]  # index of a long route -> its track in its channel
    steps: dict[int, Step]
    columns_of: dict[int, list[int]]  # step -> the columns holding its symbol

    @property
    def actor_count(self) -> int:
        return len(self.sop.pelaksana)


def _plan(sop: Sop, fonts: textfit.Fonts) -> _Plan:
    column_of = {actor: index for index, actor in enumerate(sop.pelaksana)}
    routes = _routes(sop, column_of)
    row_index = {step.number: index for index, step in enumerate(sop.kegiatan)}
    return _Plan(
        sop=sop,
        fonts=fonts,
        column_of=column_of,
        actor_width=ACTOR_WIDTH if len(sop.pelaksana) > 1 else SINGLE_ACTOR_WIDTH,
        routes=routes,
        tracks=_tracks(routes, row_index),
        steps={s.number: s for s in sop.kegiatan},
        columns_of={s.number: _columns(s, column_of) for s in sop.kegiatan},
    )


def _side_widths(plan: _Plan) -> dict[str, float]:
    """Room on the outer edges of the pelaksana columns, left and right: the widest need of three."""
    channel = _channel_room(plan)
    overflow = _terminator_room(plan)
    label_room = _label_room(plan)
    return {side: max(CHANNEL_MIN, channel[side] + overflow[side], label_room[side]) for side in channel}


def _channel_room(plan: _Plan) -> dict[str, float]:
    """Channels: room for their tracks."""
    channel = {"left": 0.0, "right": 0.0}
    for index, route in enumerate(plan.routes):
        if route.kind == "long":
            channel[route.side] = max(channel[route.side], (plan.tracks[index] + 1) * TRACK)
    return channel


def _terminator_room(plan: _Plan) -> dict[str, float]:
    """Room for a branch terminator beside a symbol that sticks out of an edge column."""
    overflow = {"left": 0.0, "right": 0.0}
    for route in plan.routes:
        if route.kind == "end" and route.port != "bottom" and route.stack == 0:
            kind = _kind(plan.steps[route.source])
            reach = abs(_end_offset(kind, route.port, plan.fonts.bold, route.label)[0]) + END_SIZE[0] / 2 + 8
            beyond = plan.actor_count - 1 - route.column if route.port == "right" else route.column
            overflow[route.port] = max(overflow[route.port], reach - plan.actor_width / 2 - beyond * plan.actor_width)
    return overflow


def _label_room(plan: _Plan) -> dict[str, float]:
    """A branch label beside a port on an outer edge must not run into the next column of the table."""
    label_room = {"left": 0.0, "right": 0.0}
    for route in plan.routes:
        if not route.label:
            continue
        label_width = plan.fonts.bold.width(route.label, FONT_SIZE)
        if route.port == "bottom":  # beside the way down (see Arrow.label_at)
            side = "left" if _label_left(route, plan.columns_of[route.source]) else "right"
            reach = 5 + label_width + 4
        else:
            side = route.port
            reach = SHAPE_SIZES[_kind(plan.steps[route.source])][0] / 2 + 4 + label_width + 4
        beyond = plan.actor_count - 1 - route.column if side == "right" else route.column
        label_room[side] = max(label_room[side], reach - plan.actor_width / 2 - beyond * plan.actor_width)
    return label_room


@dataclass(frozen=True)
class _Grid:
    """The table's columns across, and where the symbols and channels sit in them."""

    columns: tuple[Column, ...]
    actor_centers: tuple[float, ...]
    group_left: float  # the left edge of the pelaksana columns
    group_right: float
    total_width: float

    def track_x(self, side: str, track: int) -> float:
        if side == "left":
            return self.group_left + TRACK / 2 + track * TRACK
        return self.group_right - TRACK / 2 - track * TRACK


def _grid(plan: _Plan, widths: dict[str, float]) -> _Grid:
    """No, Kegiatan, a column per pelaksana (the outer ones widened by ``widths``), Mutu Baku, Keterangan."""
    actors = plan.sop.pelaksana
    columns: list[Column] = [Column("No", 0, NO_WIDTH), Column("Kegiatan", NO_WIDTH, KEGIATAN_WIDTH)]
    x = NO_WIDTH + KEGIATAN_WIDTH
    group_left = x
    actor_centers: list[float] = []
    for index, actor in enumerate(actors):
        left = widths["left"] if index == 0 else 0
        width = plan.actor_width + left + (widths["right"] if index == len(actors) - 1 else 0)
        columns.append(Column(actor, x, width, "Pelaksana"))
        actor_centers.append(x + left + plan.actor_width / 2)
        x += width
    group_right = x
    for title, width in MUTU_WIDTHS:
        columns.append(Column(title, x, width, "Mutu Baku"))
        x += width
    columns.append(Column("Keterangan", x, KETERANGAN_WIDTH))
    return _Grid(tuple(columns), tuple(actor_centers), group_left, group_right, x + KETERANGAN_WIDTH)


def _header(columns: tuple[Column, ...], bold: textfit.FontMetrics) -> tuple[float, tuple[TextBlock, ...]]:
    """Header: two rows; titles wrap in their cells. Its height, and its texts."""
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
    return header_height, tuple(header_texts)


_Copies = dict[int, dict[int, Shape]]  # step -> column -> the copy of its symbol there
_Terminals = dict[tuple[int, int, str], Shape]  # (step, column, port) -> a branch's terminator


def _rows(plan: _Plan, grid: _Grid, top: float) -> tuple[tuple[Row, ...], _Copies, _Terminals]:
    """Rows: tall enough for the longest cell and for the symbol with its margins. A joint step has
    a copy of its symbol in each of its actors' columns, joined by a plain line."""
    rows: list[Row] = []
    copies_of: _Copies = {}
    terminals: _Terminals = {}
    ends_below = {r.source for r in plan.routes if r.kind == "end" and r.port == "bottom"}
    above, below = _shared_port_room(plan.routes)
    y = top
    for step in plan.sop.kegiatan:
        room = (step.number in ends_below, above[step.number], below[step.number])
        row, copies_of[step.number], step_terminals = _row(plan, grid, step, y, *room)
        terminals.update(step_terminals)
        rows.append(row)
        y += row.height
    return tuple(rows), copies_of, terminals


def _shared_port_room(routes: list[_Route]) -> tuple[Counter[int], Counter[int]]:
    """Room above and below a step's symbol for the labels of arrows that share a port (only when a
    step has more exits than ports)."""
    sharing = Counter((r.source, r.column, r.port) for r in routes)
    above = Counter[int]()
    below = Counter[int]()
    for (number, _, port), arrows_there in sharing.items():
        if port == "bottom":
            below[number] = max(below[number], LINE_HEIGHT * ((arrows_there - 1) // 2))
        else:
            above[number] = max(above[number], LINE_HEIGHT * (arrows_there - 1))
    return above, below


def _row(
    plan: _Plan, grid: _Grid, step: Step, y: float, end_below: bool, extra_above: float, extra_below: float
) -> tuple[Row, dict[int, Shape], _Terminals]:
    """One step's row at ``y``: its cells, the copies of its symbol, and the terminators of its branches."""
    regular = plan.fonts.regular
    columns = grid.columns
    text_columns = [columns[0], columns[1], *columns[-4:]]
    wrapped = [
        _wrap_blocks(regular, text, column.width - 2 * PAD_X) if text else ()
        for text, column in zip(_cell_texts(step), text_columns, strict=True)
    ]
    kind = _kind(step)
    shape_width, shape_height = SHAPE_SIZES[kind]
    zone = SYMBOL_MARGIN * 2 + shape_height + (END_GAP + END_SIZE[1] if end_below else 0)
    zone += extra_above + extra_below
    text_height = max(len(lines) for lines in wrapped) * LINE_HEIGHT + 2 * PAD_Y
    height = max(zone, text_height)
    shape_top = y + (height - zone) / 2 + SYMBOL_MARGIN + extra_above
    copies = {
        column: Shape(
            kind, grid.actor_centers[column] - shape_width / 2, shape_top, shape_width, shape_height, step.number
        )
        for column in _columns(step, plan.column_of)
    }
    shapes = list(copies.values())
    terminals: _Terminals = {}
    for route in plan.routes:
        if route.source == step.number and route.kind == "end" and route.stack == 0:
            cx, cy = copies[route.column].center
            dx, dy = _end_offset(kind, route.port, plan.fonts.bold, route.label, extra_below)
            ex, ey = cx + dx, cy + dy
            terminal = Shape("kapsul", ex - END_SIZE[0] / 2, ey - END_SIZE[1] / 2, *END_SIZE, END, "Selesai")
            terminals[(step.number, route.column, route.port)] = terminal
            shapes.append(terminal)
    links = tuple((_port(a, "right"), _port(b, "left")) for a, b in pairwise(copies.values()))
    texts = tuple(
        TextBlock(column.x + column.width / 2, y + PAD_Y + ASCENT, lines, "middle")
        if column.title == "No"
        else TextBlock(column.x + PAD_X, y + PAD_Y + ASCENT, lines)
        for lines, column in zip(wrapped, text_columns, strict=True)
        if lines
    )
    return Row(step.number, y, height, texts, tuple(shapes), links), copies, terminals


def _arrows(
    plan: _Plan, grid: _Grid, rows: tuple[Row, ...], copies_of: _Copies, terminals: _Terminals
) -> tuple[Arrow, ...]:
    """Every route drawn between the symbols placed in their rows."""
    row_top = {row.number: row.y for row in rows}
    row_bottom = {row.number: row.y + row.height for row in rows}
    lanes_used: Counter[int] = Counter()
    arrows: list[Arrow] = []
    for index, route in enumerate(plan.routes):
        source = copies_of[route.source][route.column]
        start = _port(source, route.port)
        if route.kind == "end":
            end_shape = terminals[(route.source, route.column, route.port)]
            points: tuple[Point, ...] = (start, _port(end_shape, _opposite(route.port)))
        else:
            exit_lane: tuple[Point, ...] = ()
            if route.lane:  # down from the symbol, then across low in the row, clear of everything in it
                ly = row_bottom[route.source] - ENTRY_LANE - 4 * min(lanes_used[route.source], 2)
                lanes_used[route.source] += 1
                exit_lane = (start, (source.center[0], ly))
            target = copies_of[route.target][route.into]
            channel_x = grid.track_x(route.side, plan.tracks[index]) if route.kind == "long" else 0.0
            points = _points_to_step(route, start, source, target, exit_lane, row_top[route.target], channel_x)
        label_left = route.port == "bottom" and _label_left(route, plan.columns_of[route.source])
        arrows.append(Arrow(route.source, route.target, points, route.label, stack=route.stack, label_left=label_left))
    return tuple(arrows)


def _points_to_step(
    route: _Route,
    start: Point,
    source: Shape,
    target: Shape,
    exit_lane: tuple[Point, ...],
    target_row_top: float,
    channel_x: float,
) -> tuple[Point, ...]:
    """The bends of an arrow to another step: straight down, across then down, or round by a channel."""
    sy = source.center[1]
    tx, _ = target.center
    top = (tx, target.y)
    if route.kind == "next" and route.lane:
        return (*exit_lane, (tx, exit_lane[-1][1]), top)
    if route.kind == "next" and route.port == "bottom":
        return (start, top)
    if route.kind == "next":
        return (start, (tx, sy), top)
    lane = target_row_top + ENTRY_LANE
    across = (*exit_lane, (channel_x, exit_lane[-1][1])) if route.lane else (start, (channel_x, sy))
    return (*across, (channel_x, lane), (tx, lane), top)


def _cell_texts(step: Step) -> tuple[str, ...]:
    kegiatan = step.uraian
    if step.keputusan is not None and step.keputusan.pertanyaan != step.uraian:
        # After a blank line: a reader tells the question from a wrapped uraian (scripts/import_dokumen.py).
        # A question left to its default (the uraian) is not written twice.
        kegiatan += "\n\n" + step.keputusan.pertanyaan
    return (
        str(step.number),
        kegiatan,
        _items(step.kelengkapan),
        str(step.waktu) if step.waktu else "-",
        _items(step.output),
        step.keterangan or "",
    )


BLANK_LINE = "\u00a0"  # a line with a glyph, so the line after it keeps its place in the SVG text


def _wrap_blocks(metrics: textfit.FontMetrics, text: str, width: float) -> tuple[str, ...]:
    """A cell's lines; blocks separated by a blank line in ``text`` keep a blank line between them."""
    lines: list[str] = []
    for number, block in enumerate(text.split("\n\n")):
        if number:
            lines.append(BLANK_LINE)
        lines.extend(metrics.wrap(block, width, FONT_SIZE))
    return tuple(lines)


def _items(items: tuple[str, ...]) -> str:
    """A cell's list as signed documents write it: numbered when there are several, so that a reader
    (a person, or scripts/import_dokumen.py) tells two items from one item wrapped over two lines."""
    if len(items) < 2:
        return items[0] if items else "-"
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))


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
    groups = _pages(chart.rows, max_height - chart.header_height - 2 * STRIP)
    numbers = _connector_numbers(chart.arrows, [group[0].y for group in groups[1:]])
    return tuple(_sheet(chart, page, len(groups), group, numbers) for page, group in enumerate(groups, start=1))


def _pages(rows: tuple[Row, ...], room: float) -> list[list[Row]]:
    """The rows, cut into pages of at most ``room`` in height (a taller row alone on its page)."""
    groups: list[list[Row]] = [[]]
    used = 0.0
    for row in rows:
        if groups[-1] and used + row.height > room:
            groups.append([])
            used = 0.0
        groups[-1].append(row)
        used += row.height
    return groups


def _connector_numbers(arrows: tuple[Arrow, ...], cuts: list[float]) -> dict[tuple[float, float], int]:
    """(cut, x) -> connector number, in order down the chart and across; arrows that cross a cut on one
    line (two branches of a step to the same step) share their connector."""
    numbers: dict[tuple[float, float], int] = {}
    for arrow in arrows:
        for cut in cuts:
            for x in _crossings(arrow, cut):
                numbers[(cut, x)] = 0
    for number, key in enumerate(sorted(numbers), start=1):
        numbers[key] = number
    return numbers


def _sheet(chart: Chart, page: int, count: int, group: list[Row], numbers: dict[tuple[float, float], int]) -> Sheet:
    """One printed page: its rows moved up under the header, the parts of arrows within it, its connectors."""
    top, bottom = group[0].y, group[-1].y + group[-1].height
    pieces = [(i, piece) for i, arrow in enumerate(chart.arrows) for piece in _clip(arrow.points, top, bottom)]
    # A connector band only where an arrow arrives from, or leaves for, another sheet.
    top_band = STRIP if any("top" in (p[1], p[2]) for _, p in pieces) else 0
    bottom_band = STRIP if any("bottom" in (p[1], p[2]) for _, p in pieces) else 0
    dy = chart.header_height + top_band - top
    arrows: list[Arrow] = []
    connectors: dict[tuple[str, float], Shape] = {}
    for arrow_index, (points_in, starts_at, ends_at) in pieces:
        arrow = chart.arrows[arrow_index]
        points = list(points_in)
        for at, where in ((0, starts_at), (len(points) - 1, ends_at)):
            if where is None:
                continue
            cut = top if where == "top" else bottom
            x = points[at][0]
            shape_top = top - 10 - CONNECTOR if where == "top" else bottom + 10
            number = str(numbers[(cut, x)])
            connectors[(where, x)] = Shape("konektor", x - CONNECTOR / 2, shape_top, CONNECTOR, CONNECTOR, 0, number)
            edge = (x, top - 10) if where == "top" else (x, bottom + 10)
            if at == 0:
                points.insert(0, edge)
            else:
                points.append(edge)
        label = arrow.label if starts_at is None else ""
        arrows.append(replace(arrow, points=tuple(points), label=label).moved(dy))
    table_bottom = bottom + dy
    return Sheet(
        page,
        count,
        chart.width,
        table_bottom + bottom_band,
        chart.header_height + top_band,
        table_bottom,
        chart,
        tuple(row.moved(dy) for row in group),
        tuple(arrows),
        tuple(sorted((c.moved(dy) for c in connectors.values()), key=lambda c: (c.y, c.x))),
    )


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
