"""Time totals and the step graph."""

from __future__ import annotations

from decimal import Decimal

import pytest

from katalog_sop.catalog import flow, waktu
from katalog_sop.catalog.model import END, Decision, Outcome, Step, Symbol


def test_parse_accepts_decimal_comma_and_point() -> None:
    assert waktu.parse("1,5 jam").low == waktu.Duration(Decimal("1.5"), "jam")
    assert waktu.parse("2.5  Hari Kerja").high == waktu.Duration(Decimal("2.5"), "hari kerja")
    assert str(waktu.parse("10 menit")) == "10 menit"
    # Shown as written: the signed document is the authority (42 times in 26 real SOPs were re-cased before).
    assert str(waktu.parse("1.5 Jam")) == "1.5 Jam"
    assert str(waktu.parse("30 Menit")) == "30 Menit"
    assert str(waktu.parse("1 Hari Kerja")) == "1 Hari Kerja"
    # Only what is computed from it is normalised: its amount, and the totals.
    assert str(waktu.parse("1.5 Jam").low) == "1,5 jam"


@pytest.mark.parametrize(
    ("text", "form", "low", "high", "per"),
    [
        ("1 x 24 Jam", waktu.Form.MULTIPLE, "24 jam", "24 jam", None),
        ("2 menit/berkas", waktu.Form.RATE, "2 menit", "2 menit", "berkas"),
        ("15 menit/ berkas", waktu.Form.RATE, "15 menit", "15 menit", "berkas"),
        ("15 menit per berkas", waktu.Form.RATE, "15 menit", "15 menit", "berkas"),
        ("1 - 5 hari Kerja", waktu.Form.RANGE, "1 hari kerja", "5 hari kerja", None),
        ("1-2 hari", waktu.Form.RANGE, "1 hari", "2 hari", None),
        ("30 menit - 3 Jam", waktu.Form.RANGE, "30 menit", "3 jam", None),
        ("1\u20133 hari", waktu.Form.RANGE, "1 hari", "3 hari", None),
        ("Sesuai jadwal", waktu.Form.TEXT, None, None, None),
        ("Sepanjang tahun", waktu.Form.TEXT, None, None, None),
        ("Sesuai masa kontrak", waktu.Form.TEXT, None, None, None),
    ],
)
def test_parse_reads_time_as_written(text: str, form: waktu.Form, low: str | None, high: str | None, per) -> None:
    read = waktu.parse(text)
    assert read.teks == text and read.bentuk is form
    assert (str(read.low) if read.low else None, str(read.high) if read.high else None) == (low, high)
    assert read.per == per
    assert read.counted is (form not in (waktu.Form.RATE, waktu.Form.TEXT))


@pytest.mark.parametrize("text", ["", "5", "5 detik", "0 menit", "10 mnit", "3 - 1 hari", "2 x 0 jam", "1-2"])
def test_parse_rejects_with_indonesian_hint(text: str) -> None:
    with pytest.raises(ValueError, match=r"waktu|angka|rentang"):
        waktu.parse(text)


def test_total_adds_ranges_as_ranges_and_leaves_rates_and_text_out() -> None:
    parts = [waktu.parse(t) for t in ("1-5 hari kerja", "1 hari kerja", "2 menit/berkas", "Sesuai jadwal")]
    assert waktu.format_total(parts) == f"2{waktu.RANGE_SEPARATOR}6 hari kerja"
    mixed = [waktu.parse(t) for t in ("30 menit - 3 jam", "1 x 24 jam", "10 menit")]
    assert waktu.format_total(mixed) == f"24 jam 40 menit{waktu.RANGE_SEPARATOR}27 jam 10 menit"
    assert waktu.format_total([waktu.parse("Sesuai jadwal")]) == "-"


def test_total_keeps_days_apart_and_carries_minutes() -> None:
    parts = [waktu.parse(t) for t in ("1 hari kerja", "45 menit", "30 menit", "1,5 jam", "2 hari")]
    assert waktu.format_total(parts) == "1 hari kerja 2 hari 2 jam 45 menit"
    assert waktu.format_total([waktu.parse("0,5 jam")]) == "30 menit"
    assert waktu.format_total([]) == "-"
    assert waktu.format_total([waktu.parse("1 hari kerja"), waktu.parse("1 jam"), waktu.parse("15 menit")]) == (
        "1 hari kerja 1 jam 15 menit"
    )


def _step(number: int, next_: int | None = None, decision: tuple[int, int] | None = None) -> Step:
    keputusan = Decision("?", (Outcome("Ya", decision[0]), Outcome("Tidak", decision[1]))) if decision else None
    following = () if next_ is None else (next_,)
    return Step(
        number,
        f"Langkah {number}",
        ("A",),
        flow.symbol_for(number, decision is not None, following),
        following,
        keputusan=keputusan,
    )


def test_symbols_follow_the_format() -> None:
    assert flow.symbol_for(1, False, (2,)) is Symbol.START
    assert flow.symbol_for(1, True, ()) is Symbol.DECISION
    assert flow.symbol_for(3, False, (END,)) is Symbol.END
    assert flow.symbol_for(3, False, (4,)) is Symbol.PROCESS
    assert flow.symbol_for(3, False, (1,)) is Symbol.PROCESS  # a loop back is no end
    assert flow.symbol_for(3, False, (4, END)) is Symbol.PROCESS  # a fork that also goes on is no end
    assert flow.symbol_for(1, False, (END,)) is Symbol.START  # a one-step SOP: its one terminator


def test_main_path_prefers_forward_branch_and_survives_loops() -> None:
    steps = [_step(1, 2), _step(2, decision=(1, 3)), _step(3, decision=(END, 4)), _step(4, 2), _step(5, END)]
    # step 4 loops back to 2 (already visited), so the walk ends there
    assert [s.number for s in flow.main_path(steps)] == [1, 2, 3, 4]
    straight = [_step(1, 2), _step(2, decision=(4, 3)), _step(3, 4), _step(4, END)]
    assert [s.number for s in flow.main_path(straight)] == [1, 2, 3, 4]


def test_reachability() -> None:
    edges = {1: [2], 2: [1, 3], 3: [END], 4: [4]}
    assert flow.reachable_from_start(edges) == {1, 2, 3}
    assert flow.reaching_end(edges) == {1, 2, 3}
