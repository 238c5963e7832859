"""What a signed SOP document says, as read from any producer, before it becomes an SOP file.

Both readers (PDF by position, Word by table structure) give this one shape, so the
mapping to the source format, the doubts and the report are written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

END = "selesai"


class UnreadableDocument(Exception):
    """The document cannot be read at all (scanned, encrypted, broken, not the official layout).

    The message is in Indonesian and says what the maintainer can do."""


@dataclass(frozen=True)
class Doubt:
    """A value read without confidence: ``key`` is its dotted path with 1-based step numbers."""

    key: str
    message: str
    page: int | None = None


@dataclass
class Text:
    """The text of one cell as paragraphs (items or wrapped lines already joined).

    ``guessed`` is set when a paragraph break was guessed from line widths (no list marker,
    no paragraph mark), so a maintainer should look at how the items were split."""

    paragraphs: list[str] = field(default_factory=list)
    guessed: bool = False
    marked: bool = False  # the paragraphs carried list markers (1., a., -), now removed
    lines: list[str] = field(default_factory=list)  # the visual lines, as drawn

    def joined(self) -> str:
        return " ".join(p for p in self.paragraphs if p).strip()

    def __bool__(self) -> bool:
        return any(p.strip() for p in self.paragraphs)


@dataclass
class Exit:
    """An arrow leaving a step: to a step number, to ``END``, or unknown (``None``)."""

    target: int | str | None
    label: str | None = None


@dataclass
class StepRow:
    """One row of the Bagian Flowchart."""

    number: int
    page: int
    kegiatan: Text = field(default_factory=Text)
    kelengkapan: Text = field(default_factory=Text)
    waktu: Text = field(default_factory=Text)
    output: Text = field(default_factory=Text)
    keterangan: Text = field(default_factory=Text)
    actors: list[int] = field(default_factory=list)  # indexes into ReadDocument.actors
    symbol: str | None = None  # kapsul | kotak | ketupat
    question: str | None = None  # text written inside the diamond
    exits: list[Exit] = field(default_factory=list)
    exits_known: bool = True  # False when the reader cannot see arrows at all (then the default flow)


@dataclass
class ReadDocument:
    """Everything read from one document; ``doubts`` already carry their keys."""

    identity: dict[str, Text] = field(default_factory=dict)  # nomor, nama, tanggal_*, disahkan_oleh
    lists: dict[str, Text] = field(default_factory=dict)  # dasar_hukum, ... pencatatan_pendataan
    actors: list[str] = field(default_factory=list)
    steps: list[StepRow] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)
    pages: int = 0
