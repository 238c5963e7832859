"""The drawings of a laid-out chart: one for the screen, or printed sheets cut between rows.

Wherever an arrow crosses a cut, a numbered off-page connector (segilima) ends it on one sheet
and starts it again on the next.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from katalog_sop.site.bagan.drawing import (
    CONNECTOR,
    HEADER_ROW,
    STRIP,
    Arrow,
    Chart,
    Point,
    Row,
    Shape,
    path_data,
)


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
