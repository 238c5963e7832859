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

By job: drawing.py holds the measures and the drawn pieces, routing.py the arrows
(ports, channel tracks, bends), grid.py the table and ``layout``, sheets.py the
screen drawing and the printed pages. Callers import from here.
"""

from __future__ import annotations

from katalog_sop.site.bagan.drawing import (
    ARROW_HEAD,
    ASCENT,
    FONT_SIZE,
    KINDS,
    LINE_HEIGHT,
    PAD_X,
    Arrow,
    Chart,
    Column,
    Point,
    Row,
    Shape,
    TextBlock,
    number,
    path_data,
)
from katalog_sop.site.bagan.grid import layout
from katalog_sop.site.bagan.sheets import Sheet, sheets, whole

__all__ = [
    "ARROW_HEAD",
    "ASCENT",
    "FONT_SIZE",
    "KINDS",
    "LINE_HEIGHT",
    "PAD_X",
    "Arrow",
    "Chart",
    "Column",
    "Point",
    "Row",
    "Shape",
    "Sheet",
    "TextBlock",
    "layout",
    "number",
    "path_data",
    "sheets",
    "whole",
]
