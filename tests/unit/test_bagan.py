"""The Bagian Flowchart drawing: geometry of every sample SOP and of generated flows.

Each chart is checked for what a reader of the paper form relies on: one symbol
of the right kind per step in each of its pelaksana's columns (the copies of a
joint step on one row, joined by a plain line), one arrow per edge of the flow
from a copy of its step to a copy of its target, every decision branch labelled
with its outcome (Ya/Tidak or its own `cabang` label), nothing overlapping,
arrows and labels that never run through a symbol, text that fits its cell, and
pages cut with numbered connectors that pair up across each cut.
"""

from __future__ import annotations

import dataclasses
import itertools
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from katalog_sop import build_catalog
from katalog_sop.catalog import flow
from katalog_sop.catalog.model import END, Catalog, Decision, Outcome, Sop, Step
from katalog_sop.site import bagan, textfit
from katalog_sop.site.document import PRINT_SHEET_RATIO
from katalog_sop.site.render import render_pages
from tests.conftest import OPD_YAML, REPO, site_settings, write_catalog

BUILT = build_catalog(REPO / "sops")
PUBLISHED = BUILT.published()
SAMPLE = BUILT.catalog
SVG = "{http://www.w3.org/2000/svg}"
EPSILON = 0.01


def _drawn_exits(step: Step) -> list[tuple[str | None, int]]:
    """The exits the drawing shows: none for a step that only ends the flow (it is itself the end)."""
    return [] if step.keputusan is None and step.next == (END,) else list(step.targets)


def _edges(sop: Sop) -> Counter[tuple[int, int, str]]:
    """The flow's edges that the drawing must show, each once."""
    return Counter((step.number, target, label or "") for step in sop.kegiatan for label, target in _drawn_exits(step))


def _crowded(step: Step) -> bool:
    """More exits than ports (the bottom of each copy and the two outer sides): arrows share a port."""
    return len(_drawn_exits(step)) > len(step.pelaksana) + 2


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


def _label_box(arrow: bagan.Arrow) -> bagan.Shape:
    """The box a branch label's text takes (bold, one line), as a shape for the overlap test."""
    x, y, anchor = arrow.label_at
    width = textfit.bold().width(arrow.label, bagan.FONT_SIZE)
    left = x if anchor == "start" else x - width
    return bagan.Shape("label", left, y - 9, width, 11, arrow.source)


def check_drawing(
    shapes: tuple[bagan.Shape, ...],
    arrows: tuple[bagan.Arrow, ...],
    chart: bagan.Chart,
    what: str,
    rows: tuple[bagan.Row, ...] = (),
) -> None:
    """What holds on every drawing, whole or printed sheet."""
    for i, first in enumerate(shapes):
        for second in shapes[i + 1 :]:
            assert not _overlap(first, second), f"{what}: {first} overlaps {second}"
    actors = [c for c in chart.columns if c.group == "Pelaksana"]
    left, right = actors[0].x, actors[-1].x + actors[-1].width
    for row in rows:
        for a, b in row.links:
            assert a[1] == b[1] and a[0] < b[0], f"{what}: the line joining step {row.number} is not horizontal"
            for shape in shapes:
                assert not _segment_hits(a, b, shape), (
                    f"{what}: the line joining step {row.number} runs through {shape}"
                )
    for arrow in arrows:
        if arrow.label:
            box = _label_box(arrow)
            for shape in shapes:
                assert not _overlap(box, shape), f"{what}: label {arrow.label!r} of step {arrow.source} covers {shape}"
            assert left <= box.x and box.x + box.width <= right, f"{what}: label {arrow.label!r} leaves the columns"
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


def _ports(shape: bagan.Shape) -> set[bagan.Point]:
    """Where an arrow may leave a symbol or end on a branch terminator: the middle of its bottom or sides."""
    cx, cy = shape.center
    return {(cx, shape.y + shape.height), (shape.x, cy), (shape.x + shape.width, cy)}


def check_chart(sop: Sop, chart: bagan.Chart) -> None:
    what = sop.nama
    shapes = tuple(shape for row in chart.rows for shape in row.shapes)
    assert [row.number for row in chart.rows] == [step.number for step in sop.kegiatan], "one row per step"
    assert Counter((a.source, a.target, a.label) for a in chart.arrows) == _edges(sop)
    check_drawing(shapes, chart.arrows, chart, what, chart.rows)

    columns = {c.title: c for c in chart.columns if c.group == "Pelaksana"}
    rows = {row.number: row for row in chart.rows}
    copies_of = {n: [s for s in row.shapes if s.step == n] for n, row in rows.items()}
    previous_bottom = chart.header_height
    for step in sop.kegiatan:
        row = rows[step.number]
        assert row.y == pytest.approx(previous_bottom)
        previous_bottom = row.y + row.height
        for shape in row.shapes:
            assert row.y < shape.y and shape.y + shape.height < row.y + row.height
        # The symbol once in each of its pelaksana's columns, on one line, joined copy to copy.
        copies = copies_of[step.number]
        actors = sorted(step.pelaksana, key=sop.pelaksana.index)
        assert len(copies) == len(actors), f"{what}: step {step.number} has {len(copies)} symbols"
        for copy, actor in zip(copies, actors, strict=True):
            assert copy.kind == bagan.KINDS[step.symbol]
            column = columns[actor]
            assert column.x <= copy.x and copy.x + copy.width <= column.x + column.width
            assert copy.y == copies[0].y
        joins = tuple(((a.x + a.width, a.center[1]), (b.x, b.center[1])) for a, b in itertools.pairwise(copies))
        assert row.links == joins
        # Every arrow leaves a copy and ends on a copy of its target, or on a terminator of this row.
        terminals = [s for s in row.shapes if s.step == END]
        assert len(terminals) + len(copies) == len(row.shapes)
        assert all(t.kind == "kapsul" and t.label == "Selesai" for t in terminals)
        out = [a for a in chart.arrows if a.source == step.number]
        for arrow in out:
            assert any(arrow.points[0] in _ports(c) for c in copies), f"{what}: {arrow} does not leave step"
            if arrow.target == END:
                assert any(arrow.points[-1] in _ports(t) | {(t.center[0], t.y)} for t in terminals)
            else:
                tops = {(c.center[0], c.y) for c in copies_of[arrow.target]}
                assert arrow.points[-1] in tops, f"{what}: {arrow} does not end on step {arrow.target}"
        ending = [a for a in out if a.target == END]
        for terminal in terminals:
            assert any(a.points[-1] in _ports(terminal) | {(terminal.center[0], terminal.y)} for a in ending)
        if _crowded(step):
            assert (1 if ending else 0) <= len(terminals) <= len(ending)
        else:  # a port, a label place and a terminator of its own for every exit
            assert len(terminals) == len(ending), f"{what}: step {step.number} shares a terminator"
            assert len({a.points[0] for a in out}) == len(out), f"{what}: arrows of step {step.number} share a port"
            assert len({a.label_at for a in out if a.label}) == len([a for a in out if a.label])
        labels = sorted(a.label for a in out)
        if step.keputusan is None:
            assert set(labels) <= {""}
        else:
            assert labels == sorted(o.label for o in step.keputusan.cabang), f"{what}: step {step.number}: {labels}"
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
        what = f"{sop.nama} page {sheet.number}"
        check_drawing(sheet.shapes + sheet.connectors, sheet.arrows, chart, what, sheet.rows)
    crossings = 0
    for before, after in itertools.pairwise(sheets):
        cut = after.rows[0].number
        # Where arrows cross the cut: one connector for arrows on one line (two branches to one step).
        crossing = {
            x1
            for a in chart.arrows
            for (x1, y1), (x2, y2) in itertools.pairwise(a.points)
            if x1 == x2 and min(y1, y2) < chart.rows[cut - 1].y < max(y1, y2)
        }
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


LABELS = ("Ya", "Tidak", "Lengkap", "Perlu perbaikan", "Ditolak", "Dalam kota", "Luar negeri", "Disetujui kepala dinas")


@st.composite
def flows(draw: st.DrawFn) -> Sop:
    """Any flow the format allows: jumps forward and back, loops, decisions to selesai, one
    step alone, joint steps, forks, decisions with two to five labelled outcomes (some to the
    same target, several to selesai), one to six pelaksana (a teknis SOP has one), long texts."""
    count = draw(st.integers(1, 20))
    actors = tuple(f"Pelaksana {chr(65 + i)}" for i in range(draw(st.integers(1, 6))))
    targets = st.one_of(st.just(END), st.integers(1, count))
    steps = []
    for number in range(1, count + 1):
        together = draw(st.integers(1, min(3, len(actors)))) if draw(st.integers(0, 3)) == 0 else 1
        pelaksana = tuple(draw(st.lists(st.sampled_from(actors), min_size=together, max_size=together, unique=True)))
        text = draw(st.sampled_from(["Memeriksa berkas", "Menerima " + "berkas permohonan lengkap " * 6, "X" * 60]))
        if number < count and draw(st.booleans()):
            if draw(st.booleans()):
                ya = draw(st.one_of(st.just(number + 1), targets))
                tidak = draw(targets.filter(lambda t, ya=ya: t != ya))
                cabang = (Outcome("Ya", ya), Outcome("Tidak", tidak))
            else:
                labels = draw(st.lists(st.sampled_from(LABELS), min_size=2, max_size=5, unique=True))
                ke = [draw(st.one_of(st.just(number + 1), targets)) for _ in labels]
                if len(set(ke)) == 1:
                    ke[-1] = draw(targets.filter(lambda t, first=ke[0]: t != first))
                cabang = tuple(Outcome(label, t) for label, t in zip(labels, ke, strict=True))
            symbol = flow.symbol_for(number, True, ())
            steps.append(Step(number, text, pelaksana, symbol, (), keputusan=Decision("Lengkap?", cabang)))
        else:
            usual = (END,) if number == count else (number + 1,)
            onward = st.one_of(st.just(usual[0]), targets)
            fork = st.lists(onward, min_size=1, max_size=3, unique=True).map(tuple)
            following = draw(st.one_of(st.just(usual), fork))
            steps.append(Step(number, text, pelaksana, flow.symbol_for(number, False, following), following))
    return dataclasses.replace(SAMPLE.sops[0], pelaksana=actors, kegiatan=tuple(steps))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
    """The Bagian Flowchart drawings of a page body (screen and print sheets; not the small symbol icons)."""
    result = []
    start = content.find('<svg class="bagan"')
    while start != -1:
        end = content.index("</svg>", start) + len("</svg>")
        result.append(ET.fromstring(content[start:end]))
        start = content.find('<svg class="bagan"', end)
    return result


def test_pages_carry_the_drawing_and_its_sheets() -> None:
    """In the page: an accessible drawing with one symbol per step and one arrow per edge,
    then the printed sheets; the same YAML renders byte for byte the same."""
    pages = {p.src_uri: p for p in render_pages(PUBLISHED, site_settings(base_url="https://sop.contoh.go.id/"))}
    again = {p.src_uri: p for p in render_pages(PUBLISHED, site_settings(base_url="https://sop.contoh.go.id/"))}
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
        assert len(symbols) == sum(
            len(s.pelaksana) + sum(1 for _, t in _drawn_exits(s) if t == END) for s in sop.kegiatan
        )
        joins = [e for e in screen.iter(f"{SVG}path") if "bagan-garis-sambung" in (e.get("class") or "")]
        assert len(joins) == sum(1 for s in sop.kegiatan if s.is_joint)
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
    content = render_pages(catalog, site_settings())[-1].content
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


# Version 2 of the format, read from YAML as an author writes it: a joint step in the middle of
# the flow, a decision with three own outcomes (one to selesai), a fork, times as written, lists
# of output.
V2_YAML = """\
nomor: "002/SOP/CONTOH/2026"
nama: Pelayanan Contoh Versi Dua
tanggal_pembuatan: 2026-01-10
tanggal_efektif: 2026-02-01
disahkan_oleh:
  jabatan: Kepala Dinas Contoh
  nama: Drs. Contoh Saja, M.Si.
dasar_hukum:
  - Peraturan Bupati Contoh Nomor 1 Tahun 2026
pelaksana:
  - Pemohon
  - Petugas Loket
  - Kepala Seksi
  - Kepala Dinas
kegiatan:
  - uraian: Mengajukan permohonan dengan berkas persyaratan
    pelaksana: Pemohon
    kelengkapan: [Formulir permohonan, KTP-el]
    waktu: 5 menit
    output: [Formulir terisi, Berkas persyaratan]
  - uraian: Memeriksa kelengkapan berkas
    pelaksana: Petugas Loket
    waktu: 15 menit/berkas
    keputusan:
      pertanyaan: Hasil pemeriksaan?
      cabang:
        - label: Lengkap
          ke: 3
        - label: Perlu perbaikan
          ke: 1
        - label: Ditolak
          ke: selesai
  - uraian: Memverifikasi berkas bersama dan memaraf konsep
    pelaksana: [Kepala Seksi, Petugas Loket]
    waktu: 1-2 hari kerja
    output: Konsep surat
    lanjut: [4, 6]
  - uraian: Menandatangani surat
    pelaksana: Kepala Dinas
    waktu: 1 x 24 jam
  - uraian: Menyerahkan surat kepada pemohon
    pelaksana: Petugas Loket
    waktu: Sesuai jadwal
    lanjut: 7
  - uraian: Mengarsipkan salinan berkas
    pelaksana: Kepala Seksi
    waktu: 10 menit
  - uraian: Menerima surat dan menandatangani tanda terima
    pelaksana: [Pemohon, Petugas Loket]
    output: [Surat, Tanda terima bertanda tangan]
"""

# An "induk" SOP: one step, whose work other SOPs do.
ONE_STEP_YAML = """\
nomor: "003/SOP/CONTOH/2026"
nama: Pelayanan Contoh Induk
tanggal_pembuatan: 2026-01-10
tanggal_efektif: 2026-02-01
disahkan_oleh:
  jabatan: Kepala Dinas Contoh
  nama: Drs. Contoh Saja, M.Si.
dasar_hukum:
  - Peraturan Bupati Contoh Nomor 1 Tahun 2026
pelaksana:
  - Kepala Dinas
kegiatan:
  - uraian: Mengoordinasikan pelayanan sesuai SOP terkait
    pelaksana: Kepala Dinas
    waktu: Sepanjang tahun
"""


@pytest.fixture(scope="module")
def v2_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root = tmp_path_factory.mktemp("v2")
    sources = write_catalog(
        root, {"contoh/_opd.yml": OPD_YAML, "contoh/versi-dua.yml": V2_YAML, "contoh/induk.yml": ONE_STEP_YAML}
    )
    return build_catalog(sources).catalog


@pytest.fixture(scope="module")
def v2_sop(v2_catalog: Catalog) -> Sop:
    return next(s for s in v2_catalog.sops if s.slug == "versi-dua")


def _row(chart: bagan.Chart, number: int) -> bagan.Row:
    return next(row for row in chart.rows if row.number == number)


def _column(chart: bagan.Chart, title: str) -> bagan.Column:
    return next(c for c in chart.columns if c.group == "Pelaksana" and c.title == title)


def test_v2_sop_keeps_every_geometry_rule(v2_sop: Sop) -> None:
    chart = bagan.layout(v2_sop)
    check_chart(v2_sop, chart)
    check_sheets(v2_sop, chart, chart.width * PRINT_SHEET_RATIO)
    check_sheets(v2_sop, chart, 300)  # a cut at every row: connectors for the fork and the joint steps
    assert bagan.layout(v2_sop) == chart


def test_joint_step_has_its_symbol_in_each_pelaksana_column_joined_by_a_line(v2_sop: Sop) -> None:
    chart = bagan.layout(v2_sop)
    row = _row(chart, 3)
    copies = [s for s in row.shapes if s.step == 3]
    assert [s.kind for s in copies] == ["kotak", "kotak"]
    # In the table's column order (Petugas Loket before Kepala Seksi), whatever the order written.
    for copy, title in zip(copies, ("Petugas Loket", "Kepala Seksi"), strict=True):
        column = _column(chart, title)
        assert column.x <= copy.x and copy.x + copy.width <= column.x + column.width
    assert copies[0].y == copies[1].y
    [(start, end)] = row.links
    assert start == (copies[0].x + copies[0].width, copies[0].center[1])
    assert end == (copies[1].x, copies[1].center[1])
    # Arrows into a joint step reach a copy; the last step is two terminators (Pemohon, Petugas Loket).
    [into] = [a for a in chart.arrows if a.target == 3]
    assert into.points[-1] == (copies[0].center[0], copies[0].y)  # straight down from Petugas Loket
    assert [s.kind for s in _row(chart, 7).shapes] == ["kapsul", "kapsul"]
    assert len(_row(chart, 7).links) == 1


def test_decision_with_own_outcomes_has_a_labelled_arrow_for_each(v2_sop: Sop) -> None:
    chart = bagan.layout(v2_sop)
    out = {a.label: a for a in chart.arrows if a.source == 2}
    assert sorted(out) == ["Ditolak", "Lengkap", "Perlu perbaikan"]
    assert (out["Lengkap"].target, out["Perlu perbaikan"].target, out["Ditolak"].target) == (3, 1, END)
    assert len({a.points[0] for a in out.values()}) == 3  # three ports of the ketupat
    [selesai] = [s for s in _row(chart, 2).shapes if s.step == END]
    assert out["Ditolak"].points[-1] in _ports(selesai)
    assert len({a.label_at for a in out.values()}) == 3


def test_fork_has_an_arrow_to_each_next_step_from_one_box(v2_sop: Sop) -> None:
    chart = bagan.layout(v2_sop)
    out = [a for a in chart.arrows if a.source == 3]
    assert sorted(a.target for a in out) == [4, 6]
    assert all(a.label == "" and a.head for a in out)
    copies = [s for s in _row(chart, 3).shapes if s.step == 3]
    assert all(any(a.points[0] in _ports(c) for c in copies) for a in out)
    assert len({a.points[0] for a in out}) == 2


def test_one_step_sop_is_a_single_terminator(v2_catalog: Catalog) -> None:
    sop = next(s for s in v2_catalog.sops if s.slug == "induk")
    chart = bagan.layout(sop)
    check_chart(sop, chart)
    [row] = chart.rows
    assert [s.kind for s in row.shapes] == ["kapsul"]
    assert chart.arrows == ()
    [sheet] = bagan.sheets(chart, chart.width * PRINT_SHEET_RATIO)
    assert sheet.connectors == ()


def test_mutu_baku_shows_time_as_written_and_each_output_on_its_line(v2_sop: Sop) -> None:
    chart = bagan.layout(v2_sop)

    def cell(number: int, title: str) -> tuple[str, ...]:
        column = next(c for c in chart.columns if c.title == title)
        blocks = [b for b in _row(chart, number).texts if column.x <= b.x < column.x + column.width]
        return blocks[0].lines if blocks else ()

    def lines(title: str, *items: str) -> tuple[str, ...]:
        width = next(c for c in chart.columns if c.title == title).width - 2 * bagan.PAD_X
        return tuple(line for item in items for line in textfit.regular().wrap(item, width, bagan.FONT_SIZE))

    # Several items numbered, one a line, as signed documents write them (the importer reads them back).
    assert cell(1, "Output") == ("1. Formulir terisi", "2. Berkas persyaratan")
    assert cell(7, "Output") == lines("Output", "1. Surat", "2. Tanda terima bertanda tangan")
    assert cell(1, "Kelengkapan") == ("1. Formulir permohonan", "2. KTP-el")
    for number, written in ((2, "15 menit/berkas"), (3, "1-2 hari kerja"), (4, "1 x 24 jam"), (5, "Sesuai jadwal")):
        assert cell(number, "Waktu") == lines("Waktu", written)
    assert cell(7, "Waktu") == ("-",)


def test_v2_drawing_in_the_page(v2_catalog: Catalog) -> None:
    """The page draws each copy of a joint step, the joining line without an arrowhead and every label."""
    pages = {p.src_uri: p for p in render_pages(v2_catalog, site_settings())}
    [screen] = [svg for svg in _svgs(pages["contoh/versi-dua.md"].content) if svg.get("role") == "img"]
    symbols = [e for e in screen.iter() if "bagan-simbol" in (e.get("class") or "")]
    assert Counter(e.get("data-langkah") for e in symbols)["3"] == 2
    joins = [e for e in screen.iter(f"{SVG}path") if "bagan-garis-sambung" in (e.get("class") or "")]
    assert len(joins) == 2  # steps 3 and 7
    arrows = [g for g in screen.iter(f"{SVG}g") if g.get("class") == "bagan-panah"]
    labels = {"".join(t.itertext()) for g in arrows for t in g.iter(f"{SVG}text")}
    assert {"Lengkap", "Perlu perbaikan", "Ditolak"} <= labels
    assert sum(1 for g in arrows if g.get("data-dari") == "3") == 2
