"""A signed SOP in a Word file (.docx), read from its tables and drawing shapes (python-docx: MIT licence).

Text comes from the table cells as paragraphs, exactly as typed. The Bagian Flowchart's symbols are
shapes anchored in cells (DrawingML ``wps:wsp`` or legacy VML): the cell gives the column. Arrows
are connector shapes; their ends are placed from the anchor offsets, the grid's column widths and
the rows' heights, then followed by the same arrow reader as a PDF's lines (``pdf_flowchart``).
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from katalog_sop.importer import labels
from katalog_sop.importer.document import Doubt, ReadDocument, StepRow, Text, UnreadableDocument
from katalog_sop.importer.geometry import LIST_MARKER, Box, Point, Shape, Word
from katalog_sop.importer.pdf_flowchart import Column, PageFlow, Table, join_pages, read_page
from katalog_sop.importer.pdf_page import PageView

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
EMU = 12700.0  # per point
TWIP = 20.0  # per point

PRESET_KINDS = {
    "flowChartTerminator": "kapsul",
    "roundRect": "kapsul",
    "flowChartAlternateProcess": "kapsul",
    "flowChartProcess": "kotak",
    "rect": "kotak",
    "flowChartDecision": "ketupat",
    "diamond": "ketupat",
    "flowChartOffpageConnector": "segilima",
    "homePlate": "segilima",
    "pentagon": "segilima",
    "flowChartConnector": "lingkaran",
    "ellipse": "lingkaran",
}
CONNECTORS = ("line", "straightConnector1", "bentConnector2", "bentConnector3", "bentConnector4", "bentConnector5")
VML_TYPES = {
    "110": "ketupat",
    "116": "kapsul",
    "176": "kapsul",
    "109": "kotak",
    "177": "segilima",
    "120": "lingkaran",
    "4": "ketupat",
}


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


@dataclass
class Cell:
    element: Any
    start: int  # first grid column
    span: int
    merge: str | None  # restart | continue | None (w:vMerge)
    paragraphs: list[str]
    numbered: list[bool]

    @property
    def text(self) -> str:
        return " ".join(p for p in self.paragraphs if p).strip()


@dataclass
class Grid:
    widths: list[float]
    rows: list[list[Cell]]
    heights: list[float] = field(default_factory=list)

    def x(self, column: int) -> float:
        return sum(self.widths[:column])

    def y(self, row: int) -> float:
        return sum(self.heights[:row])


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's text without the text of shapes anchored in it (w:br as a line break)."""
    parts: list[str] = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == _q(W, "t") and not _inside_shape(node, paragraph):
            parts.append(node.text or "")
        elif tag == _q(W, "tab") and not _inside_shape(node, paragraph):
            parts.append(" ")
        elif tag in (_q(W, "br"), _q(W, "cr")) and not _inside_shape(node, paragraph):
            parts.append("\n")
    return "".join(parts)


def _inside_shape(node: Any, stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in (_q(W, "txbxContent"), _q(W, "drawing"), _q(W, "pict"), _q(MC, "Fallback")):
            return True
        parent = parent.getparent()
    return False


def _grid(table: Any) -> Grid:
    widths = [float(col.get(_q(W, "w")) or 0) / TWIP for col in table.findall(f"{{{W}}}tblGrid/{{{W}}}gridCol")]
    grid = Grid(widths, [])
    for tr in table.findall(_q(W, "tr")):
        cells: list[Cell] = []
        column = 0
        skipped = tr.find(f"{{{W}}}trPr/{{{W}}}gridBefore")
        if skipped is not None:
            column += int(skipped.get(_q(W, "val")) or 0)
        for tc in tr.findall(_q(W, "tc")):
            props = tc.find(_q(W, "tcPr"))
            span = 1
            merge = None
            if props is not None:
                span_node = props.find(_q(W, "gridSpan"))
                span = int(span_node.get(_q(W, "val")) or 1) if span_node is not None else 1
                merge_node = props.find(_q(W, "vMerge"))
                if merge_node is not None:
                    merge = merge_node.get(_q(W, "val")) or "continue"
            lines: list[str] = []
            numbered: list[bool] = []
            for paragraph in tc.findall(_q(W, "p")):
                has_number = paragraph.find(f"{{{W}}}pPr/{{{W}}}numPr") is not None
                for number, line in enumerate(_paragraph_text(paragraph).split("\n")):
                    lines.append(re.sub(r"\s+", " ", line).strip())
                    numbered.append(has_number and number == 0)
            cells.append(Cell(tc, column, span, merge, lines, numbered))
            column += span
        grid.rows.append(cells)
        grid.heights.append(_row_height(tr, cells, widths))
    while len(grid.widths) < max((c.start + c.span for row in grid.rows for c in row), default=0):
        grid.widths.append(grid.widths[-1] if grid.widths else 72.0)
    return grid


def _row_height(tr: Any, cells: list[Cell], widths: list[float]) -> float:
    node = tr.find(f"{{{W}}}trPr/{{{W}}}trHeight")
    given = float(node.get(_q(W, "val")) or 0) / TWIP if node is not None else 0.0
    if node is not None and node.get(_q(W, "hRule")) == "exact":
        return given
    # Without an exact height: as many lines as the fullest cell needs, at about 12 pt a line.
    needed = 0.0
    for cell in cells:
        width = max(sum(widths[cell.start : cell.start + cell.span]), 20.0)
        lines = sum(max(1, math.ceil(len(text) * 4.6 / width)) for text in cell.paragraphs)
        needed = max(needed, lines * 12.0 + 4)
    return max(given, needed)


def _cell_list(cell: Cell, skip: int = 0) -> Text:
    """A cell's paragraphs as list items: markers (typed or Word numbering) removed; a paragraph
    without a marker among marked ones continues the item before it."""
    items: list[str] = []
    texts = list(zip(cell.paragraphs, cell.numbered, strict=True))[skip:]
    marked_any = any(n or LIST_MARKER.match(t) for t, n in texts if t)
    for text, numbered in texts:
        if not text:
            continue
        marker = LIST_MARKER.match(text)
        if marker:
            text = text[marker.end() :].strip()
        if marked_any and not (marker or numbered) and items:
            items[-1] = f"{items[-1]} {text}"
        else:
            items.append(text)
    return Text(items, marked=marked_any, lines=[t for t, _ in texts if t])


def read_docx(path: Path) -> ReadDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDocument(
            "berkas Word terenkripsi (berkata sandi) atau format .doc lama; simpan ulang sebagai .docx tanpa sandi"
        )
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument(
            "berkas Word rusak atau bukan .docx; simpan ulang dari Word atau LibreOffice"
        ) from error
    body = document.element.body
    grids = [
        _grid(table)
        for table in body.iter(_q(W, "tbl"))
        if table.getparent() is body or table.getparent().tag == _q(W, "body")
    ]
    if not grids:
        grids = [_grid(table) for table in body.iter(_q(W, "tbl"))]
    result = ReadDocument(pages=len(grids))
    flow_tables = [i for i, g in enumerate(grids) if _flow_header(g) is not None]
    first_flow = flow_tables[0] if flow_tables else len(grids)
    for grid in grids[:first_flow] or grids[:1]:
        _read_identity(grid, result)
    if first_flow < len(grids):  # an identity drawn in the flowchart's own table, above its header
        _read_identity_rows(grids[first_flow], result, stop=_flow_header(grids[first_flow])[0])
    if not flow_tables:
        if not ("nomor" in result.identity and "nama" in result.identity):
            raise UnreadableDocument(labels.NOT_AN_SOP)
        raise UnreadableDocument(labels.NO_FLOWCHART)
    flows = [_read_flow_table(grids[i], page, result.doubts) for page, i in enumerate(flow_tables, start=1)]
    result.actors, result.steps = join_pages([f for f in flows if f is not None], result.doubts)
    return result


def _read_identity(grid: Grid, result: ReadDocument) -> None:
    _read_identity_rows(grid, result, stop=len(grid.rows))


def _read_identity_rows(grid: Grid, result: ReadDocument, stop: int) -> None:
    for r, row in enumerate(grid.rows[:stop]):
        for c, cell in enumerate(row):
            if cell.merge == "continue":
                continue
            label_rows = [(j, labels.identity_key(_label_part(p))) for j, p in enumerate(cell.paragraphs)]
            found = [(j, key) for j, key in label_rows if key]
            for n, (j, key) in enumerate(found):
                if key in result.identity:
                    continue
                inline = _after_label(cell.paragraphs[j])
                value_cell = _value_cell(row, c)
                if inline:
                    values = [inline]
                elif value_cell is None:
                    continue
                elif len(found) == 1:
                    values = value_cell.paragraphs
                else:  # one cell of labels beside one cell of values: aligned line by line
                    end = found[n + 1][0] if n + 1 < len(found) else len(value_cell.paragraphs)
                    values = value_cell.paragraphs[j:end]
                values = [v.lstrip(":").strip() if i == 0 else v for i, v in enumerate(values)]
                _put_identity(result, key, values)
            if cell.paragraphs:
                head = next((p for p in cell.paragraphs if p), "")
                key = labels.list_key(_label_part(head))
                if key and key not in result.lists:
                    skip = cell.paragraphs.index(head) + 1
                    text = _cell_list(cell, skip)
                    if not text and r + 1 < len(grid.rows):
                        below = next((b for b in grid.rows[r + 1] if b.start == cell.start), None)
                        text = _cell_list(below) if below is not None else text
                    result.lists[key] = text


def _label_part(text: str) -> str:
    return text.split(":", 1)[0] if ":" in text else text


def _after_label(text: str) -> str:
    return text.split(":", 1)[1].strip() if ":" in text else ""


def _value_cell(row: list[Cell], index: int) -> Cell | None:
    for cell in row[index + 1 :]:
        if cell.text.strip(": ") or any(cell.paragraphs):
            if cell.text.strip() == ":":
                continue
            return cell
    return None


def _put_identity(result: ReadDocument, key: str, values: list[str]) -> None:
    if key == "disahkan_oleh":
        lines, gaps, blank = [], [], 0
        for value in values:
            if not value:
                blank += 1
                continue
            if lines:
                gaps.append(str(12.0 * blank + 1))
            lines.append(value)
            blank = 0
        result.identity[key] = Text(lines)
        result.identity["_disahkan_gaps"] = Text(gaps)
    else:
        result.identity[key] = Text([" ".join(v for v in values if v).strip()])


def _flow_header(grid: Grid) -> tuple[int, int] | None:
    """(first body row, header row with the Mutu Baku names) of a flowchart table."""
    for r, row in enumerate(grid.rows[:4]):
        if any(labels.matches(c.text, labels.KEGIATAN_HEADERS) for c in row):
            for s in range(r, min(r + 3, len(grid.rows))):
                if any(labels.mutu_key(c.text) in ("waktu", "output") for c in grid.rows[s]):
                    return s + 1, s
    return None


def _columns(grid: Grid, body: int) -> list[Column]:
    count = len(grid.widths)
    columns = [Column(grid.x(g), grid.x(g + 1)) for g in range(count)]
    whole: list[list[str]] = [[] for _ in range(count)]
    lower: list[list[str]] = [[] for _ in range(count)]
    for row in grid.rows[:body]:
        for cell in row:
            for g in range(cell.start, min(cell.start + cell.span, count)):
                whole[g].append(cell.text)
                if cell.span == 1:
                    lower[g].append(cell.text)
    for g, column in enumerate(columns):
        text = " ".join(t for t in whole[g] if t)
        low = " ".join(t for t in lower[g] if t)
        if labels.matches(text, labels.NO_HEADERS) or labels.matches(low, labels.NO_HEADERS):
            column.role = "no"
        elif labels.matches(low, labels.KEGIATAN_HEADERS) or labels.matches(text, labels.KEGIATAN_HEADERS):
            column.role = "kegiatan"
        elif labels.matches(low, labels.KETERANGAN_HEADERS) or labels.matches(text, labels.KETERANGAN_HEADERS):
            column.role = "keterangan"
        elif labels.mutu_key(low):
            column.role = labels.mutu_key(low)
        column.name = lower[g][-1] if lower[g] else ""
    roles = [c.role for c in columns]
    if "kegiatan" in roles:
        start = roles.index("kegiatan") + 1
        mutu = [i for i, role in enumerate(roles) if role in ("kelengkapan", "waktu", "output")]
        end = min(mutu) if mutu else len(roles)
        for column in columns[start:end]:
            column.role = column.role or "actor"
    return columns


def _read_flow_table(grid: Grid, page_number: int, doubts: list[Doubt]) -> PageFlow | None:
    header = _flow_header(grid)
    assert header is not None
    body, _ = header
    columns = _columns(grid, body)
    if not any(c.role == "actor" for c in columns):
        return None
    width = grid.x(len(grid.widths))
    page = PageView(page_number, width, grid.y(len(grid.rows)) + 50)
    _place_shapes(grid, page)
    rows = [(grid.y(r), grid.y(r + 1)) for r in range(body, len(grid.rows))]
    table = Table(page, columns, 0.0, grid.y(body), rows)
    by_top = {round(grid.y(r), 2): r for r in range(body, len(grid.rows))}

    def row_reader(top: float, bottom: float) -> StepRow | None:
        row = grid.rows[by_top[round(top, 2)]]
        cell_of = {c.start: c for c in row}
        no = next((c for c in columns if c.role == "no"), None)
        number_cell = cell_of.get(columns.index(no)) if no else None
        digits = number_cell.text.rstrip(".").strip() if number_cell else ""
        if not digits.isdigit():
            return None
        step = StepRow(int(digits), page_number)
        for role in ("kegiatan", "kelengkapan", "waktu", "output", "keterangan"):
            column = next((c for c in columns if c.role == role), None)
            cell = cell_of.get(columns.index(column)) if column else None
            if cell is None:
                continue
            text = (
                _cell_list(cell)
                if role in ("kelengkapan", "output")
                else Text([p for p in cell.paragraphs if p], lines=[p for p in cell.paragraphs if p])
            )
            if text.joined() in labels.DASHES:
                text = Text()
            setattr(step, role, text)
        return step

    return read_page(table, doubts, row_reader)


def _place_shapes(grid: Grid, page: PageView) -> None:
    """Every shape of the table at its place on the table's plane (points from its top-left corner)."""
    for r, row in enumerate(grid.rows):
        for cell in row:
            origin = (grid.x(cell.start), grid.y(r))
            for anchor in cell.element.iter(_q(WP, "anchor"), _q(WP, "inline")):
                if _in_fallback(anchor):
                    continue
                _drawing(anchor, origin, page)
            for shape in cell.element.iter():
                if (
                    isinstance(shape.tag, str)
                    and shape.tag.startswith(f"{{{V}}}")
                    and shape.getparent().tag == _q(W, "pict")
                ) and not _in_fallback(shape):
                    _vml(shape, origin, page)


def _in_fallback(node: Any) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag == _q(MC, "Fallback"):
            return True
        parent = parent.getparent()
    return False


def _offset(anchor: Any, axis: str) -> float | None:
    position = anchor.find(_q(WP, f"position{axis}"))
    if position is None:
        return 0.0 if anchor.tag == _q(WP, "inline") else None
    if position.get("relativeFrom") not in ("column", "paragraph", "character", "line", "text"):
        return None
    offset = position.find(_q(WP, "posOffset"))
    return float(offset.text or 0) / EMU if offset is not None else 0.0


def _drawing(anchor: Any, origin: Point, page: PageView) -> None:
    shape = anchor.find(f".//{{{WPS}}}wsp")
    extent = anchor.find(_q(WP, "extent"))
    dx, dy = _offset(anchor, "H"), _offset(anchor, "V")
    if shape is None or extent is None or dx is None or dy is None:
        return
    x, y = origin[0] + dx, origin[1] + dy
    width = float(extent.get("cx") or 0) / EMU
    height = float(extent.get("cy") or 0) / EMU
    geometry = shape.find(f".//{{{A}}}prstGeom")
    preset = geometry.get("prst") if geometry is not None else ""
    text = " ".join(t.text or "" for t in shape.iter(_q(W, "t"))).strip()
    if preset in CONNECTORS:
        xfrm = shape.find(f".//{{{A}}}xfrm")
        flip_h = xfrm is not None and xfrm.get("flipH") == "1"
        flip_v = xfrm is not None and xfrm.get("flipV") == "1"
        start = (x + width if flip_h else x, y + height if flip_v else y)
        end = (x if flip_h else x + width, y if flip_v else y + height)
        line = shape.find(f".//{{{A}}}ln")
        tail = line.find(_q(A, "tailEnd")) if line is not None else None
        head = line.find(_q(A, "headEnd")) if line is not None else None
        points = [start, end] if not preset.startswith("bent") else [start, (end[0], start[1]), end]
        page.paths.append(points)
        if tail is not None and tail.get("type", "none") != "none":
            page.tips.append(end)
        if head is not None and head.get("type", "none") != "none":
            page.tips.append(start)
        return
    box = Box(x, y, x + width, y + height)
    no_line = shape.find(f".//{{{A}}}ln/{{{A}}}noFill") is not None
    text_box = shape.find(_q(WPS, "cNvSpPr")) is not None and shape.find(_q(WPS, "cNvSpPr")).get("txBox") == "1"
    if (text_box or (preset == "rect" and no_line)) and text:
        page.words.append(Word(text, box, 7.0))
        return
    kind = PRESET_KINDS.get(preset)
    if kind:
        page.shapes.append(Shape(kind, box))
        if text:
            inner = Box(
                box.x0 + box.width * 0.3,
                box.top + box.height * 0.3,
                box.x1 - box.width * 0.3,
                box.bottom - box.height * 0.3,
            )
            page.words.append(Word(text, inner, 7.0))


_STYLE = re.compile(r"([a-z-]+)\s*:\s*([-\d.]+)(pt|in|cm|mm|px)?")


def _length(value: str, unit: str | None) -> float:
    factor = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, None: 1 / EMU * 1.0}
    return float(value) * factor.get(unit, 1.0)


def _vml(shape: Any, origin: Point, page: PageView) -> None:
    tag = shape.tag.split("}")[1]
    style = {k: _length(v, u) for k, v, u in _STYLE.findall(shape.get("style") or "")}
    text = " ".join(t.text or "" for t in shape.iter(_q(W, "t"))).strip()
    if tag == "line":

        def point(value: str) -> Point:
            parts = [p.strip() for p in (value or "0,0").split(",")]
            numbers = [re.match(r"([-\d.]+)(pt|in|cm|mm|px)?", p) for p in parts]
            x, y = (_length(m.group(1), m.group(2) or "pt") if m else 0.0 for m in numbers[:2])
            return (origin[0] + x, origin[1] + y)

        start, end = point(shape.get("from")), point(shape.get("to"))
        page.paths.append([start, end])
        stroke = shape.find(_q(V, "stroke"))
        if stroke is not None and stroke.get("endarrow", "none") != "none":
            page.tips.append(end)
        if stroke is not None and stroke.get("startarrow", "none") != "none":
            page.tips.append(start)
        return
    if "width" not in style or "height" not in style:
        return
    x = origin[0] + style.get("margin-left", 0.0)
    y = origin[1] + style.get("margin-top", 0.0)
    box = Box(x, y, x + style["width"], y + style["height"])
    kind = {"roundrect": "kapsul", "rect": "kotak", "oval": "lingkaran"}.get(tag)
    if tag == "shape":
        kind = VML_TYPES.get((shape.get("type") or "").rsplit("t", 1)[-1])
    if tag == "rect" and shape.get("stroked") == "f" and text:
        page.words.append(Word(text, box, 7.0))
        return
    if kind:
        page.shapes.append(Shape(kind, box))
        if text:
            page.words.append(Word(text, Box(box.x0 + 2, box.top + 2, box.x1 - 2, box.bottom - 2), 7.0))
    elif tag == "textbox" or (tag == "shape" and text):
        page.words.append(Word(text, box, 7.0))
