"""The table of a Bagian Flowchart: its columns, header and one row per step, and ``layout`` of the whole.

The outer pelaksana columns are widened for the channels, terminators and labels that routing.py
asks for; each row is as tall as its longest cell or its symbol with margins.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from katalog_sop.catalog.model import END, Sop, Step
from katalog_sop.site import textfit
from katalog_sop.site.bagan.drawing import (
    ASCENT,
    CHANNEL_MIN,
    END_GAP,
    END_SIZE,
    FONT_SIZE,
    HEADER_ROW,
    KEGIATAN_WIDTH,
    KETERANGAN_WIDTH,
    LINE_HEIGHT,
    MUTU_WIDTHS,
    NO_WIDTH,
    PAD_X,
    PAD_Y,
    SHAPE_SIZES,
    SYMBOL_MARGIN,
    TRACK,
    Chart,
    Column,
    Copies,
    Row,
    Shape,
    Terminals,
    TextBlock,
    port_point,
    symbol_kind,
)
from katalog_sop.site.bagan.routing import (
    Plan,
    Route,
    draw_arrows,
    label_goes_left,
    plan_of,
    step_columns,
)


def layout(sop: Sop, fonts: textfit.Fonts | None = None) -> Chart:
    """The whole Bagian Flowchart of one SOP.

    Pure given ``fonts`` (``textfit.fonts()``, fetched once before laying out many SOPs); without them
    the fonts are fetched here, on first use, for callers that lay out a single chart.
    """
    plan = plan_of(sop, fonts or textfit.fonts())
    grid = _grid(plan, _side_widths(plan))
    header_height, header_texts = _header(grid.columns, plan.fonts.bold)
    rows, copies_of, terminals = _rows(plan, grid, header_height)
    arrows = draw_arrows(plan, grid.track_x, rows, copies_of, terminals)
    return Chart(grid.total_width, header_height, grid.columns, header_texts, rows, arrows)


def _side_widths(plan: Plan) -> dict[str, float]:
    """Room on the outer edges of the pelaksana columns, left and right: the widest need of three."""
    channel = _channel_room(plan)
    overflow = _terminator_room(plan)
    label_room = _label_room(plan)
    return {side: max(CHANNEL_MIN, channel[side] + overflow[side], label_room[side]) for side in channel}


def _channel_room(plan: Plan) -> dict[str, float]:
    """Channels: room for their tracks."""
    channel = {"left": 0.0, "right": 0.0}
    for index, route in enumerate(plan.routes):
        if route.kind == "long":
            channel[route.side] = max(channel[route.side], (plan.tracks[index] + 1) * TRACK)
    return channel


def _terminator_room(plan: Plan) -> dict[str, float]:
    """Room for a branch terminator beside a symbol that sticks out of an edge column."""
    overflow = {"left": 0.0, "right": 0.0}
    for route in plan.routes:
        if route.kind == "end" and route.port != "bottom" and route.stack == 0:
            kind = symbol_kind(plan.steps[route.source])
            reach = abs(_end_offset(kind, route.port, plan.fonts.bold, route.label)[0]) + END_SIZE[0] / 2 + 8
            beyond = plan.actor_count - 1 - route.column if route.port == "right" else route.column
            overflow[route.port] = max(overflow[route.port], reach - plan.actor_width / 2 - beyond * plan.actor_width)
    return overflow


def _label_room(plan: Plan) -> dict[str, float]:
    """A branch label beside a port on an outer edge must not run into the next column of the table."""
    label_room = {"left": 0.0, "right": 0.0}
    for route in plan.routes:
        if not route.label:
            continue
        label_width = plan.fonts.bold.width(route.label, FONT_SIZE)
        if route.port == "bottom":  # beside the way down (see Arrow.label_at)
            side = "left" if label_goes_left(route, plan.columns_of[route.source]) else "right"
            reach = 5 + label_width + 4
        else:
            side = route.port
            reach = SHAPE_SIZES[symbol_kind(plan.steps[route.source])][0] / 2 + 4 + label_width + 4
        beyond = plan.actor_count - 1 - route.column if side == "right" else route.column
        label_room[side] = max(label_room[side], reach - plan.actor_width / 2 - beyond * plan.actor_width)
    return label_room


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


def _grid(plan: Plan, widths: dict[str, float]) -> _Grid:
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


def _rows(plan: Plan, grid: _Grid, top: float) -> tuple[tuple[Row, ...], Copies, Terminals]:
    """Rows: tall enough for the longest cell and for the symbol with its margins. A joint step has
    a copy of its symbol in each of its actors' columns, joined by a plain line."""
    rows: list[Row] = []
    copies_of: Copies = {}
    terminals: Terminals = {}
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


def _shared_port_room(routes: list[Route]) -> tuple[Counter[int], Counter[int]]:
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
    plan: Plan, grid: _Grid, step: Step, y: float, end_below: bool, extra_above: float, extra_below: float
) -> tuple[Row, dict[int, Shape], Terminals]:
    """One step's row at ``y``: its cells, the copies of its symbol, and the terminators of its branches."""
    regular = plan.fonts.regular
    columns = grid.columns
    text_columns = [columns[0], columns[1], *columns[-4:]]
    wrapped = [
        _wrap_blocks(regular, text, column.width - 2 * PAD_X) if text else ()
        for text, column in zip(_cell_texts(step), text_columns, strict=True)
    ]
    kind = symbol_kind(step)
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
        for column in step_columns(step, plan.column_of)
    }
    shapes = list(copies.values())
    terminals: Terminals = {}
    for route in plan.routes:
        if route.source == step.number and route.kind == "end" and route.stack == 0:
            cx, cy = copies[route.column].center
            dx, dy = _end_offset(kind, route.port, plan.fonts.bold, route.label, extra_below)
            ex, ey = cx + dx, cy + dy
            terminal = Shape("kapsul", ex - END_SIZE[0] / 2, ey - END_SIZE[1] / 2, *END_SIZE, END, "Selesai")
            terminals[(step.number, route.column, route.port)] = terminal
            shapes.append(terminal)
    links = tuple((port_point(a, "right"), port_point(b, "left")) for a, b in pairwise(copies.values()))
    texts = tuple(
        TextBlock(column.x + column.width / 2, y + PAD_Y + ASCENT, lines, "middle")
        if column.title == "No"
        else TextBlock(column.x + PAD_X, y + PAD_Y + ASCENT, lines)
        for lines, column in zip(wrapped, text_columns, strict=True)
        if lines
    )
    return Row(step.number, y, height, texts, tuple(shapes), links), copies, terminals


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
