"""Text measured with the font the site serves, so that wrapping is decided at build time.

The Bagian Flowchart drawing is static SVG: its rows must be tall enough for
their text before any browser sees it. Widths come from the advance widths of
the very font file the page uses (kerning is switched off in the drawing, so
the sum of advances is exact); characters the font lacks count as wide.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from katalog_sop import vendor


@dataclass(frozen=True)
class FontMetrics:
    advances: dict[int, int]  # code point -> advance width in font units
    units_per_em: int
    fallback: int  # advance for characters the font does not have

    @classmethod
    def from_file(cls, path: Path) -> FontMetrics:
        font = TTFont(path, lazy=True)
        metrics = font["hmtx"].metrics
        advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        units = font["head"].unitsPerEm
        return cls(advances, units, advances.get(ord("M"), units))

    def width(self, text: str, size: float) -> float:
        units = sum(self.advances.get(ord(ch), self.fallback) for ch in text)
        return units * size / self.units_per_em

    def wrap(self, text: str, width: float, size: float) -> tuple[str, ...]:
        """Lines of at most ``width``: greedy by words, a word longer than a line is cut."""
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}" if line else word
                if self.width(candidate, size) <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = ""
                for ch in word:
                    if line and self.width(line + ch, size) > width:
                        lines.append(line)
                        line = ""
                    line += ch
            if line:
                lines.append(line)
        return tuple(lines)


@cache
def regular() -> FontMetrics:
    return FontMetrics.from_file(vendor.ensure(vendor.ARIMO_REGULAR))


@cache
def bold() -> FontMetrics:
    return FontMetrics.from_file(vendor.ensure(vendor.ARIMO_BOLD))
