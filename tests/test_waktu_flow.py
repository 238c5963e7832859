"""Time totals and the step graph."""

from __future__ import annotations

from decimal import Decimal

import pytest

from katalog_sop import flow, waktu
from katalog_sop.model import END, Decision, Step, Symbol


def test_parse_accepts_decimal_comma_and_point() -> None:
    assert waktu.parse("1,5 jam") == waktu.Duration(Decimal("1.5"), "jam")
    assert waktu.parse("2.5  Hari Kerja") == waktu.Duration(Decimal("2.5"), "hari kerja")
    assert str(waktu.parse("10 menit")) == "10 menit"


@pytest.mark.parametrize("text", ["", "menit", "5", "5 detik", "0 menit", "-1 jam", "lima menit", "5menit"])
def test_parse_rejects_with_indonesian_hint(text: str) -> None:
    with pytest.raises(ValueError, match=r"waktu|angka"):
        waktu.parse(text)


def test_total_keeps_days_apart_and_carries_minutes() -> None:
    parts = [waktu.parse(t) for t in ("1 hari kerja", "45 menit", "30 menit", "1,5 jam", "2 hari")]
    assert waktu.format_total(parts) == "1 hari kerja 2 hari 2 jam 45 menit"
    assert waktu.format_total([waktu.parse("0,5 jam")]) == "30 menit"
    assert waktu.format_total([]) == "-"
    assert waktu.format_total([waktu.parse("1 hari kerja"), waktu.parse("1 jam"), waktu.parse("15 menit")]) == (
        "1 hari kerja 1 jam 15 menit"
    )


def _step(number: int, next_: int | None = None, decision: tuple[int, int] | None = None) -> Step:
    keputusan = Decision("?", *decision) if decision else None
    return Step(
        number,
        f"Langkah {number}",
        "A",
        flow.symbol_for(number, decision is not None, next_),
        next_,
        keputusan=keputusan,
    )


def test_symbols_follow_the_format() -> None:
    assert flow.symbol_for(1, False, 2) is Symbol.START
    assert flow.symbol_for(1, True, None) is Symbol.DECISION
    assert flow.symbol_for(3, False, END) is Symbol.END
    assert flow.symbol_for(3, False, 4) is Symbol.PROCESS
    assert flow.symbol_for(3, False, 1) is Symbol.PROCESS  # a loop back is no end


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
