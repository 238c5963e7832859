"""The Bagian Flowchart drawing: geometry of every sample SOP and of generated flows.

Each chart is checked for what a reader of the paper form relies on: one symbol
of the right kind per step in its pelaksana's column, one arrow per edge of the
flow, Ya/Tidak on decision branches, nothing overlapping, arrows that never run
through a symbol, text that fits its cell, and pages cut with numbered
connectors that pair up across each cut.
"""

from __future__ import annotations

import dataclasses
import itertools
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from katalog_sop import bagan, build_catalog, flow, textfit
from katalog_sop.model import END, Decision, Sop, Step, Symbol
from katalog_sop.render import PRINT_SHEET_RATIO, render_pages
from katalog_sop.render import SiteInfo as Site

BUILT = build_catalog(REPO / "sops")
PUBLISHED = BUILT.published()
SAMPLE = BUILT.catalog
SVG = "{http://www.w3.org/2000/svg}"
EPSILON = 0.01


def _edges(sop: Sop) -> Counter[tuple[int, int, str]]:
    """The flow's edges that the drawing must show: a step that ends the flow is itself the end."""
    return Counter(
        (step.number, target, label or "")
        for step in sop.kegiatan
        for label, target in step.targets
        if not (step.keputusan is None and target == END)
    )


def _inside(point: bagan.Point, shape: bagan.Shape) -> bool:
    x, y = point
    return shape.x + 1 < x < shape.x + shape.width - 1 and shape.y + 1 < y < shape.y + shape.height - 1


def _segment_hits(a: bagan.Point, b: bagan.Point, shape: bagan.Shape) -> bool:
    """Whether an axis-parallel segment passes through the inside of a shape's box."""
    left, right = shape.x + 1, shape.x + shape.width - 1
    top, bottom = shape.y + 1, shape.y + shape.height - 1
    if a[1] == b[1]:
        return top < a[1] < bottom and min(a[0], b[0]) < right and max(a[0], b[0]) > left
    return left < a[0] < right and min(a[1], b[1]) < bottom and max(a[1], b[1]) > top


def _overlap(a: bagan.Shape, b: bagan.Shape) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


def check_drawing(
    shapes: tuple[bagan.Shape, ...], arrows: tuple[bagan.Arrow, ...], chart: bagan.Chart, what: str
) -> None:
    """What holds on every drawing, whole or printed sheet."""
    for i, first in enumerate(shapes):
        for second in shapes[i + 1 :]:
            assert not _overlap(first, second), f"{what}: {first} overlaps {second}"
    actors = [c for c in chart.columns if c.group == "Pelaksana"]
    left, right = actors[0].x, actors[-1].x + actors[-1].width
    for arrow in arrows:
        assert len(arrow.points) >= 2
        for a, b in zip(arrow.points, arrow.points[1:], strict=False):
            assert a[0] == b[0] or a[1] == b[1], f"{what}: arrow {arrow.source}->{arrow.target} is not orthogonal"
            for shape in shapes:
                assert not _segment_hits(a, b, shape), (
                    f"{what}: arrow {arrow.source}->{arrow.target} runs through the symbol of step {shape.step}"
                )
        for x, _ in arrow.points:
            assert left <= x <= right, f"{what}: arrow {arrow.source}->{arrow.target} leaves the pelaksana columns"
        if arrow.head:
            (x1, y1), (x2, y2) = arrow.points[-2], arrow.points[-1]
            assert abs(x2 - x1) + abs(y2 - y1) >= bagan.ARROW_HEAD[0], f"{what}: arrowhead longer than its segment"


def check_chart(sop: Sop, chart: bagan.Chart) -> None:
    what = sop.nama
    shapes = tuple(shape for row in chart.rows for shape in row.shapes)
    kinds = Counter(shape.kind for shape in shapes)
    branch_ends = sum(1 for s in sop.kegiatan if s.keputusan for _, t in s.targets if t == END)
    expected = Counter(bagan.KINDS[step.symbol] for step in sop.kegiatan)
    expected["kapsul"] += branch_ends
    assert kinds == expected
    assert Counter((a.source, a.target, a.label) for a in chart.arrows) == _edges(sop)
    for step in sop.kegiatan:
        if step.symbol is Symbol.DECISION:
            labels = sorted(a.label for a in chart.arrows if a.source == step.number)
            assert labels == ["Tidak", "Ya"], f"{what}: step {step.number} branches are {labels}"
    check_drawing(shapes, chart.arrows, chart, what)

    columns = {c.title: c for c in chart.columns if c.group == "Pelaksana"}
    rows = {row.number: row for row in chart.rows}
    previous_bottom = chart.header_height
    for step in sop.kegiatan:
        row = rows[step.number]
        assert row.y == pytest.approx(previous_bottom)
        previous_bottom = row.y + row.height
        symbol = next(s for s in row.shapes if s.step == step.number)
        column = columns[step.pelaksana]
        assert column.x <= symbol.x and symbol.x + symbol.width <= column.x + column.width
        for shape in row.shapes:
            assert row.y < shape.y and shape.y + shape.height < row.y + row.height
    regular = textfit.regular()
    by_x = {c.x: c for c in chart.columns}
    for row in chart.rows:
        for block in row.texts:
            column = next(c for x, c in by_x.items() if x <= block.x < x + c.width)
            for line in block.lines:
                assert regular.width(line, bagan.FONT_SIZE) <= column.width - 2 * bagan.PAD_X + EPSILON
            bottom = block.y - bagan.ASCENT + len(block.lines) * bagan.LINE_HEIGHT
            assert bottom <= row.y + row.height + EPSILON, f"{what}: text leaves row {row.number}"


def check_sheets(sop: Sop, chart: bagan.Chart, max_height: float) -> tuple[bagan.Sheet, ...]:
    sheets = bagan.sheets(chart, max_height)
    assert [r.number for sheet in sheets for r in sheet.rows] == [s.number for s in sop.kegiatan]
    for sheet in sheets:
        if len(sheet.rows) > 1:
            assert sheet.height <= max_height + EPSILON
        check_drawing(sheet.shapes + sheet.connectors, sheet.arrows, chart, f"{sop.nama} page {sheet.number}")
    crossings = 0
    for before, after in itertools.pairwise(sheets):
        cut = after.rows[0].number
        crossing = [
            a
            for a in chart.arrows
            if any(
                x1 == x2 and min(y1, y2) < chart.rows[cut - 1].y < max(y1, y2)
                for (x1, y1), (x2, y2) in zip(a.points, a.points[1:], strict=False)
            )
        ]
        below = sorted(c.label for c in before.connectors if c.y > before.table_bottom)
        above = sorted(c.label for c in after.connectors if c.y < after.table_top)
        assert below == above, f"{sop.nama}: connectors differ across the cut before step {cut}"
        assert len(below) == len(crossing)
        crossings += len(crossing)
    labels = [c.label for sheet in sheets for c in sheet.connectors]
    assert sorted(set(labels), key=int) == [str(n) for n in range(1, crossings + 1)]
    return sheets


@pytest.mark.parametrize("sop", SAMPLE.sops, ids=lambda s: s.key)
def test_every_sample_sop(sop: Sop) -> None:
    chart = bagan.layout(sop)
    check_chart(sop, chart)
    check_sheets(sop, chart, chart.width * PRINT_SHEET_RATIO)
    check_sheets(sop, chart, 420)  # small pages: more cuts, more connectors
    assert bagan.layout(sop) == chart


@st.composite
def flows(draw: st.DrawFn) -> Sop:
    """Any flow the format allows: jumps forward and back, loops, decisions to selesai,
    one to six pelaksana (a teknis SOP has one), long texts."""
    count = draw(st.integers(2, 24))
    actors = tuple(f"Pelaksana {chr(65 + i)}" for i in range(draw(st.integers(1, 6))))
    targets = st.one_of(st.just(END), st.integers(1, count))
    steps = []
    for number in range(1, count + 1):
        actor = draw(st.sampled_from(actors))
        text = draw(st.sampled_from(["Memeriksa berkas", "Menerima " + "berkas permohonan lengkap " * 6, "X" * 60]))
        if number < count and draw(st.booleans()):
            ya = draw(st.one_of(st.just(number + 1), targets))
            tidak = draw(targets.filter(lambda t, ya=ya: t != ya))
            decision = Decision("Lengkap?", ya, tidak)
            steps.append(Step(number, text, actor, flow.symbol_for(number, True, None), None, keputusan=decision))
        else:
            following = END if number == count else draw(st.one_of(st.just(number + 1), targets))
            steps.append(Step(number, text, actor, flow.symbol_for(number, False, following), following))
    return dataclasses.replace(SAMPLE.sops[0], pelaksana=actors, kegiatan=tuple(steps))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flows())
def test_any_flow(sop: Sop) -> None:
    chart = bagan.layout(sop)
    check_chart(sop, chart)
    check_sheets(sop, chart, 360)


def test_long_uraian_grows_its_row() -> None:
    sop = SAMPLE.sops[0]
    long_text = "Memeriksa kelengkapan dan keabsahan berkas permohonan " * 8
    steps = (dataclasses.replace(sop.kegiatan[0], uraian=long_text), *sop.kegiatan[1:])
    short_row = bagan.layout(sop).rows[0]
    long_row = bagan.layout(dataclasses.replace(sop, kegiatan=steps)).rows[0]
    assert long_row.height > short_row.height + 3 * bagan.LINE_HEIGHT


def _svgs(content: str) -> list[ET.Element]:
    """The <svg> elements of a page body (the only XML islands the SOP template writes)."""
    result = []
    start = content.find("<svg ")
    while start != -1:
        end = content.index("</svg>", start) + len("</svg>")
        result.append(ET.fromstring(content[start:end]))
        start = content.find("<svg ", end)
    return result


def test_pages_carry_the_drawing_and_its_sheets() -> None:
    """In the page: an accessible drawing with one symbol per step and one arrow per edge,
    then the printed sheets; the same YAML renders byte for byte the same."""
    pages = {p.src_uri: p for p in render_pages(PUBLISHED, Site(base_url="https://sop.contoh.go.id/"))}
    again = {p.src_uri: p for p in render_pages(PUBLISHED, Site(base_url="https://sop.contoh.go.id/"))}
    for sop in PUBLISHED.sops:
        page = pages[f"{sop.opd_slug}/{sop.slug}.md"]
        assert page.content == again[page.src_uri].content
        drawings = _svgs(page.content)
        [screen] = [svg for svg in drawings if svg.get("role") == "img"]
        printed = [svg for svg in drawings if svg is not screen]
        title, desc = screen.find(f"{SVG}title"), screen.find(f"{SVG}desc")
        assert title is not None and sop.nama in (title.text or "")
        assert desc is not None and "tabel" in (desc.text or "")
        symbols = [e for e in screen.iter() if "bagan-simbol" in (e.get("class") or "")]
        assert len(symbols) == len(sop.kegiatan) + sum(
            1 for s in sop.kegiatan if s.keputusan for _, t in s.targets if t == END
        )
        arrows = [e for e in screen.iter(f"{SVG}g") if e.get("class") == "bagan-panah"]
        assert len(arrows) == sum(_edges(sop).values())
        assert all(a.find(f"{SVG}path[@class='bagan-ujung']") is not None for a in arrows)
        chart = bagan.layout(sop)
        assert len(printed) == len(bagan.sheets(chart, chart.width * PRINT_SHEET_RATIO))
        assert all(svg.get("aria-hidden") == "true" for svg in printed)


def test_text_is_escaped_in_the_drawing() -> None:
    sop = SAMPLE.sops[0]
    hostile = '<script>alert(1)</script> & "q" </svg>'
    steps = (dataclasses.replace(sop.kegiatan[0], uraian=hostile), *sop.kegiatan[1:])
    catalog = dataclasses.replace(SAMPLE, sops=(dataclasses.replace(sop, kegiatan=steps),))
    content = render_pages(catalog, Site())[-1].content
    [screen] = [svg for svg in _svgs(content) if svg.get("role") == "img"]
    texts = " ".join("".join(t.itertext()) for t in screen.iter(f"{SVG}text"))
    assert "<script>alert(1)</script>" in texts
    assert "<script>alert" not in content


def test_font_metrics_come_from_the_served_font() -> None:
    metrics = textfit.regular()
    assert metrics.width("Memeriksa", 12) == pytest.approx(
        sum(metrics.advances[ord(c)] for c in "Memeriksa") * 12 / metrics.units_per_em
    )
    assert metrics.wrap("satu dua tiga empat lima", metrics.width("satu dua", 12), 12) == (
        "satu dua",
        "tiga",
        "empat",
        "lima",
    )
    assert all(metrics.width(line, 12) <= 30 for line in metrics.wrap("X" * 40, 30, 12))
    assert Path(textfit.vendor.ensure(textfit.vendor.ARIMO_REGULAR)).suffix == ".woff"
