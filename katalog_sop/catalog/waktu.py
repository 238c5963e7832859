"""`waktu` of a step, as the signed document writes it, and totals that keep days as days.

A working day is not 24 hours and a month is not 30 days, so only minutes are
folded into hours (exactly 60); every other unit is summed on its own.

Forms (the format guide (katalog_sop/site/panduan/format-sumber.md), "Time as written"), units in any letter case:

- ``10 menit``: an amount (``tetap``);
- ``1-2 hari``, ``1 - 5 hari kerja``, ``30 menit - 3 jam``: a range (``rentang``);
- ``1 x 24 jam``: a multiple (``kelipatan``), counted as 24 jam;
- ``2 menit/berkas``, ``15 menit per berkas``: a rate per item (``laju``), not added up;
- ``Sesuai jadwal``: text without a leading digit (``teks``), not added up.

A value that starts with a digit and fits no numeric form is an error: it is
almost always a typo (``10 mnit``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# Largest first: the order in which a total is written.
UNITS: tuple[str, ...] = ("bulan", "minggu", "hari kerja", "hari", "jam", "menit")
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True)).replace(" ", r"\s+")
_NUMBER = r"\d+(?:[.,]\d+)?"
_DASH = "\\s*[-\u2013]\\s*"  # hyphen or en dash between the ends of a range
_TIMES = "(?:x|\u00d7)"  # 1 x 24 jam, 1 \u00d7 24 jam
# The numeric forms, unanchored: compiled below, and joined for the JSON Schema pattern.
_AMOUNT_FORM = rf"({_NUMBER})\s*({_UNIT})"
_RANGE_FORM = rf"({_NUMBER})(?:\s*({_UNIT}))?{_DASH}({_NUMBER})\s*({_UNIT})"
_MULTIPLE_FORM = rf"({_NUMBER})\s*{_TIMES}\s*({_NUMBER})\s*({_UNIT})"
_PER = r"(?:/|\s(?:per|tiap|setiap)\s)"
_AMOUNT = re.compile(rf"^{_AMOUNT_FORM}$")
_RANGE = re.compile(rf"^{_RANGE_FORM}$")
_MULTIPLE = re.compile(rf"^{_MULTIPLE_FORM}$")
# "<time>/berkas", "<time> / berkas", "<time> per berkas": what comes after is the item counted.
_RATE = re.compile(rf"^(.*?\S)\s*{_PER}\s*(\S.*)$")
RANGE_SEPARATOR = " \u2013 "


class Form(StrEnum):
    """How a `waktu` is written, which decides whether it is added to the total."""

    AMOUNT = "tetap"
    RANGE = "rentang"
    MULTIPLE = "kelipatan"
    RATE = "laju"
    TEXT = "teks"


@dataclass(frozen=True)
class Duration:
    """An amount of one unit, e.g. 1,5 jam."""

    amount: Decimal
    unit: str

    def __str__(self) -> str:
        return f"{format_number(self.amount)} {self.unit}"


@dataclass(frozen=True)
class Waktu:
    """A step's time: the text as written, its form, and the lowest and highest amount it means.

    ``low`` and ``high`` are the same for an amount or a multiple, differ for a
    range, and are None for text. A rate keeps the time per item in them and the
    item in ``per``; it is not added to a total, since the count is not known.
    """

    teks: str
    bentuk: Form
    low: Duration | None = None
    high: Duration | None = None
    per: str | None = None

    @property
    def counted(self) -> bool:
        """Whether this time is added to an SOP's total."""
        return self.bentuk in (Form.AMOUNT, Form.RANGE, Form.MULTIPLE)

    def __str__(self) -> str:
        return self.teks


NUMERIC_HINT = (
    "waktu yang diawali angka harus ditulis `<angka> <satuan>` (mis. `10 menit`, `1,5 jam`, `3 hari kerja`), "
    "rentang (`1-2 hari`, `30 menit - 3 jam`), kelipatan (`1 x 24 jam`) atau per butir (`2 menit/berkas`); "
    f"satuan yang boleh: {', '.join(UNITS)}. Waktu berupa teks (mis. `Sesuai jadwal`) tidak diawali angka"
)


def parse(text: str) -> Waktu:
    """Read a `waktu` as written; raise ValueError with an Indonesian hint when it is not a time."""
    written = " ".join(text.split())
    if not written:
        raise ValueError("waktu kosong; tulis mis. `10 menit`, atau hapus kuncinya")
    if not written[0].isdigit():
        return Waktu(written, Form.TEXT)
    lowered = written.lower()
    numeric = _numeric(lowered)
    if numeric is not None:
        form, low, high = numeric
        # Shown as written (`30 Menit`, `1.5 jam`): the signed document is the authority; only totals are normalised.
        return Waktu(written, form, low, high)
    rate = _RATE.match(lowered)
    if rate is not None:
        numeric = _numeric(rate[1])
        if numeric is not None:
            _form, low, high = numeric
            return Waktu(written, Form.RATE, low, high, per=written[len(written) - len(rate[2]) :])
    raise ValueError(NUMERIC_HINT)


def _numeric(text: str) -> tuple[Form, Duration, Duration] | None:
    """An amount, a range or a multiple, with its lowest and highest value."""
    if match := _AMOUNT.match(text):
        amount = _duration(match[1], match[2])
        return Form.AMOUNT, amount, amount
    if match := _MULTIPLE.match(text):
        factor = _number(match[1])
        amount = _duration(match[2], match[3])
        product = Duration(factor * amount.amount, amount.unit)
        _check_positive(product)
        return Form.MULTIPLE, product, product
    if match := _RANGE.match(text):
        high = _duration(match[3], match[4])
        low = _duration(match[1], match[2] or match[4])
        if _comparable(low, high) and _minutes(low) >= _minutes(high):
            raise ValueError(
                f"rentang waktu `{text}` harus dari yang lebih singkat ke yang lebih lama, mis. `1-2 hari`"
            )
        return Form.RANGE, low, high
    return None


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _duration(amount: str, unit: str) -> Duration:
    duration = Duration(_number(amount), " ".join(unit.split()))
    _check_positive(duration)
    return duration


def _check_positive(duration: Duration) -> None:
    if duration.amount <= 0:
        raise ValueError("angka waktu harus lebih besar dari nol")


def _comparable(a: Duration, b: Duration) -> bool:
    return a.unit == b.unit or {a.unit, b.unit} <= {"jam", "menit"}


def _minutes(duration: Duration) -> Decimal:
    return duration.amount * 60 if duration.unit == "jam" else duration.amount


def case_insensitive_pattern(pattern: str) -> str:
    """A regular expression that matches its letters in any case, for JSON Schema (which has no flags)."""
    return re.sub(r"\\.|[a-z]", lambda m: m[0] if m[0].startswith("\\") else f"[{m[0]}{m[0].upper()}]", pattern)


# What JSON Schema accepts: text that does not start with a digit, or one of the numeric forms.
_JSON_NUMERIC = f"({_AMOUNT_FORM}|{_RANGE_FORM}|{_MULTIPLE_FORM})"
JSON_PATTERN = case_insensitive_pattern(rf"^(\s*[^\s0-9].*|\s*{_JSON_NUMERIC}(\s*{_PER}\s*\S.*)?\s*)$")


def total(durations: Iterable[Duration]) -> dict[str, Decimal]:
    """Sum per unit; minutes of 60 or more carry into hours."""
    sums = {unit: Decimal(0) for unit in UNITS}
    for duration in durations:
        sums[duration.unit] += duration.amount
    minutes = sums["jam"] * 60 + sums["menit"]
    hours = minutes // 60
    sums["jam"] = hours
    sums["menit"] = minutes - hours * 60
    return {unit: amount for unit, amount in sums.items() if amount}


def _format_sums(sums: dict[str, Decimal]) -> str:
    return " ".join(f"{format_number(amount)} {unit}" for unit, amount in sums.items())


def format_total(times: Iterable[Waktu]) -> str:
    """E.g. ``"1 hari kerja 1 jam 15 menit"`` or, with ranges, ``"2 - 6 hari kerja"`` (an en dash).

    Only counted times are added (see ``Waktu.counted``); ``"-"`` when none is.
    """
    counted = [t for t in times if t.counted]
    low = total(t.low for t in counted if t.low is not None)
    high = total(t.high for t in counted if t.high is not None)
    if not low:
        return "-"
    if low == high:
        return _format_sums(low)
    if len(low) == len(high) == 1 and low.keys() == high.keys():
        unit = next(iter(low))
        return f"{format_number(low[unit])}{RANGE_SEPARATOR}{format_number(high[unit])} {unit}"
    return f"{_format_sums(low)}{RANGE_SEPARATOR}{_format_sums(high)}"


def format_number(amount: Decimal) -> str:
    """Indonesian notation: decimal comma, no trailing zeros."""
    text = format(amount.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
