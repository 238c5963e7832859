"""`waktu` of a step: ``<angka> <satuan>``, and totals that keep days as days.

A working day is not 24 hours and a month is not 30 days, so only minutes are
folded into hours (exactly 60); every other unit is summed on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# Largest first: the order in which a total is written.
UNITS: tuple[str, ...] = ("bulan", "minggu", "hari kerja", "hari", "jam", "menit")
_UNIT_ALTERNATIVES = "|".join(sorted(UNITS, key=len, reverse=True))
_PATTERN = re.compile(rf"^(\d+(?:[.,]\d+)?)\s+({_UNIT_ALTERNATIVES})$")
JSON_PATTERN = rf"^\d+([.,]\d+)?\s+({_UNIT_ALTERNATIVES})$"


@dataclass(frozen=True)
class Duration:
    amount: Decimal
    unit: str

    def __str__(self) -> str:
        return f"{format_number(self.amount)} {self.unit}"


def parse(text: str) -> Duration:
    """Parse ``"1,5 jam"``; raise ValueError with an Indonesian hint otherwise."""
    normalized = " ".join(text.strip().lower().split())
    match = _PATTERN.match(normalized)
    if not match:
        raise ValueError(
            "waktu harus ditulis `<angka> <satuan>`, mis. `10 menit`, `1,5 jam` atau `3 hari kerja`; "
            f"satuan yang boleh: {', '.join(UNITS)}"
        )
    amount = Decimal(match.group(1).replace(",", "."))
    if amount <= 0:
        raise ValueError("angka waktu harus lebih besar dari nol")
    return Duration(amount, match.group(2))


def total(durations: list[Duration]) -> dict[str, Decimal]:
    """Sum per unit; minutes of 60 or more carry into hours."""
    sums = {unit: Decimal(0) for unit in UNITS}
    for duration in durations:
        sums[duration.unit] += duration.amount
    minutes = sums["jam"] * 60 + sums["menit"]
    hours = minutes // 60
    sums["jam"] = hours
    sums["menit"] = minutes - hours * 60
    return {unit: amount for unit, amount in sums.items() if amount}


def format_total(durations: list[Duration]) -> str:
    """E.g. ``"1 hari kerja 1 jam 15 menit"``; ``"-"`` when no step has a time."""
    sums = total(durations)
    if not sums:
        return "-"
    return " ".join(f"{format_number(amount)} {unit}" for unit, amount in sums.items())


def format_number(amount: Decimal) -> str:
    """Indonesian notation: decimal comma, no trailing zeros."""
    text = format(amount.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
