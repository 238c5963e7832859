"""The pieces of a drawn Bagian Flowchart: its measures and the frozen shapes, arrows, rows and chart.

Plain numbers only, so that the same SOP always gives the same drawing; routing.py, grid.py and
sheets.py build these, the SVG templates (bagan.svg.j2, bagan_baris.svg.j2) draw them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from katalog_sop.catalog.model import Step, Symbol

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


def symbol_kind(step: Step) -> str:
    return KINDS[step.symbol]


def port_point(shape: Shape, port: str) -> Point:
    cx, cy = shape.center
    return {
        "top": (cx, shape.y),
        "bottom": (cx, shape.y + shape.height),
        "left": (shape.x, cy),
        "right": (shape.x + shape.width, cy),
    }[port]


Copies = dict[int, dict[int, Shape]]  # step -> column -> the copy of its symbol there
Terminals = dict[tuple[int, int, str], Shape]  # (step, column, port) -> a branch's terminator
