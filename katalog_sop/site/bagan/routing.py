"""The arrows of a Bagian Flowchart: which port each exit of a step leaves by, its channel track, its bends.

Routes are chosen before any coordinate (``plan_of``); ``draw_arrows`` bends them between the
symbols once grid.py has placed them in their rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from katalog_sop.catalog.model import END, Sop, Step
from katalog_sop.site import textfit
from katalog_sop.site.bagan.drawing import (
    ACTOR_WIDTH,
    ENTRY_LANE,
    SINGLE_ACTOR_WIDTH,
    Arrow,
    Copies,
    Point,
    Row,
    Shape,
    Terminals,
    port_point,
)


def step_columns(step: Step, column_of: dict[str, int]) -> list[int]:
    """The columns that hold the step's symbol: one, or one per actor of a joint step, left to right."""
    return sorted(column_of[actor] for actor in step.pelaksana)


@dataclass(frozen=True)
class Route:
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


@dataclass(frozen=True)
class Plan:
    """What the drawing is made of, before any coordinate: the fonts, the columns of actors, the routes."""

    sop: Sop
    fonts: textfit.Fonts
    column_of: dict[str, int]  # actor -> its column among the pelaksana
    actor_width: float
    routes: list[Route]
    tracks: dict[int, int]  # index of a long route -> its track in its channel
    steps: dict[int, Step]
    columns_of: dict[int, list[int]]  # step -> the columns holding its symbol

    @property
    def actor_count(self) -> int:
        return len(self.sop.pelaksana)


def plan_of(sop: Sop, fonts: textfit.Fonts) -> Plan:
    column_of = {actor: index for index, actor in enumerate(sop.pelaksana)}
    routes = _routes(sop, column_of)
    row_index = {step.number: index for index, step in enumerate(sop.kegiatan)}
    return Plan(
        sop=sop,
        fonts=fonts,
        column_of=column_of,
        actor_width=ACTOR_WIDTH if len(sop.pelaksana) > 1 else SINGLE_ACTOR_WIDTH,
        routes=routes,
        tracks=_tracks(routes, row_index),
        steps={s.number: s for s in sop.kegiatan},
        columns_of={s.number: step_columns(s, column_of) for s in sop.kegiatan},
    )


def _routes(sop: Sop, column_of: dict[str, int]) -> list[Route]:
    """Every drawn edge with its ports: each exit of a step takes a port of its own (the bottom of
    each copy of the symbol, the outer sides of the outermost copies) while there are enough."""
    columns = {s.number: step_columns(s, column_of) for s in sop.kegiatan}
    count = len(column_of)
    routes: list[Route] = []
    for step in sop.kegiatan:
        if step.keputusan is None and step.next == (END,):
            continue  # the step is itself the end terminator (or, alone, the whole chart)
        copies = columns[step.number]
        exits = [
            _candidates(Route(step.number, target, label or "", order=order), copies, columns.get(target), count)
            for order, (label, target) in enumerate(step.targets)
        ]
        chosen = _assign(exits) or _crowded(exits)
        seen: Counter[tuple[int, str]] = Counter()
        for route in sorted(chosen, key=lambda r: r.order):
            routes.append(replace(route, stack=seen[route.key]))
            seen[route.key] += 1
    routes.sort(key=lambda r: (r.source, r.order))
    return routes


def _candidates(route: Route, copies: list[int], targets: list[int] | None, count: int) -> list[Route]:
    """The ways an exit can leave its step, best first."""
    first, last = copies[0], copies[-1]
    if targets is None:  # to selesai: a small terminator below or beside the symbol
        sides = sorted((("right", last), ("left", first)), key=lambda s: not _has_neighbour(s[1], s[0], count))
        return [replace(route, kind="end", port="bottom", column=c) for c in copies] + [
            replace(route, kind="end", port=side, column=c) for side, c in sides
        ]
    through: list[Route] = [
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


def _rank(candidates: list[Route]) -> int:
    return {"next": 0, "long": 1, "end": 2}[candidates[0].kind]


def _assign(exits: list[list[Route]]) -> list[Route] | None:
    """A port of its own for every exit, arrows to the following row first, or None if there are too few."""
    taken: set[tuple[int, str]] = set()
    chosen: list[Route] = []
    for candidates in sorted(exits, key=_rank):
        pick = next((c for c in candidates if c.key not in taken), None)
        if pick is None:
            return None
        taken.add(pick.key)
        chosen.append(pick)
    return chosen


def _crowded(exits: list[list[Route]]) -> list[Route]:
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
    chosen: list[Route] = []
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


def label_goes_left(route: Route, copies: list[int]) -> bool:
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


def _tracks(routes: list[Route], row_index: dict[int, int]) -> dict[int, int]:
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


def draw_arrows(
    plan: Plan,
    track_x: Callable[[str, int], float],
    rows: tuple[Row, ...],
    copies_of: Copies,
    terminals: Terminals,
) -> tuple[Arrow, ...]:
    """Every route drawn between the symbols placed in their rows (``track_x``: the x of a channel's track)."""
    row_top = {row.number: row.y for row in rows}
    row_bottom = {row.number: row.y + row.height for row in rows}
    lanes_used: Counter[int] = Counter()
    arrows: list[Arrow] = []
    for index, route in enumerate(plan.routes):
        source = copies_of[route.source][route.column]
        start = port_point(source, route.port)
        if route.kind == "end":
            end_shape = terminals[(route.source, route.column, route.port)]
            points: tuple[Point, ...] = (start, port_point(end_shape, _opposite(route.port)))
        else:
            exit_lane: tuple[Point, ...] = ()
            if route.lane:  # down from the symbol, then across low in the row, clear of everything in it
                ly = row_bottom[route.source] - ENTRY_LANE - 4 * min(lanes_used[route.source], 2)
                lanes_used[route.source] += 1
                exit_lane = (start, (source.center[0], ly))
            target = copies_of[route.target][route.into]
            channel_x = track_x(route.side, plan.tracks[index]) if route.kind == "long" else 0.0
            points = _points_to_step(route, start, source, target, exit_lane, row_top[route.target], channel_x)
        label_left = route.port == "bottom" and label_goes_left(route, plan.columns_of[route.source])
        arrows.append(Arrow(route.source, route.target, points, route.label, stack=route.stack, label_left=label_left))
    return tuple(arrows)


def _points_to_step(
    route: Route,
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


def _opposite(port: str) -> str:
    return {"bottom": "top", "right": "left", "left": "right"}[port]
