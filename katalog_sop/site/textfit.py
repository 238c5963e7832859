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

    def units(self, text: str) -> int:
        advances, fallback = self.advances, self.fallback
        return sum(advances.get(ord(ch), fallback) for ch in text)

    def width(self, text: str, size: float) -> float:
        return self.units(text) * size / self.units_per_em

    def wrap(self, text: str, width: float, size: float) -> tuple[str, ...]:
        """Lines of at most ``width``: greedy by words, a word longer than a line is cut.

        Widths add up word by word (each word measured once), so a cell costs
        linear time in its text, which matters at thousands of SOPs.
        """
        limit = width * self.units_per_em / size
        space = self.advances.get(32, self.fallback)
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line: list[str] = []
            used = 0
            for word in paragraph.split():
                word_units = self.units(word)
                if line and used + space + word_units <= limit:
                    line.append(word)
                    used += space + word_units
                    continue
                if line:
                    lines.append(" ".join(line))
                if word_units <= limit:
                    line, used = [word], word_units
                    continue
                piece, piece_units = "", 0  # a word wider than the cell: cut between characters
                for ch in word:
                    ch_units = self.advances.get(ord(ch), self.fallback)
                    if piece and piece_units + ch_units > limit:
                        lines.append(piece)
                        piece, piece_units = "", 0
                    piece += ch
                    piece_units += ch_units
                line, used = [piece], piece_units
            if line:
                lines.append(" ".join(line))
        return tuple(lines)


@dataclass(frozen=True)
class Fonts:
    """The two faces the Bagian Flowchart is drawn in."""

    regular: FontMetrics
    bold: FontMetrics


@cache
def fonts() -> Fonts:
    """The fonts, read once per process: the one step that may download them (npm, when the cache is cold).

    Layouts take the result, so that laying out a chart never reaches the network; a failed download raises
    ``vendor.AssetError`` here, with its own message, before any page is made.
    """
    return Fonts(
        FontMetrics.from_file(vendor.ensure(vendor.ARIMO_REGULAR)),
        FontMetrics.from_file(vendor.ensure(vendor.ARIMO_BOLD)),
    )


def regular() -> FontMetrics:
    return fonts().regular


def bold() -> FontMetrics:
    return fonts().bold
