"""Mermaid flowchart source for one SOP: one lane per pelaksana, in order.

A joint step is drawn in its first actor's lane and, as on paper, again in
each other actor's lane, the copies joined by a plain line; arrows come into
and leave from the first one.

Node ids are generated (``n1``, ``n2``...), never taken from text, and every
label is reduced to letters, digits and spaces plus Mermaid entity codes
(``#60;``), so no text can close a label, start a directive or inject markup.
"""

from __future__ import annotations

import re

from katalog_sop.catalog.model import END, Sop, Step, Symbol

END_NODE = "nSelesai"

# What the site's Mermaid draws (its defaults, which katalog-diagram.js keeps): a longer source is
# replaced by "Maximum text size in diagram exceeded", and one edge more throws "Edge limit exceeded".
MAX_TEXT_SIZE = 50_000
MAX_EDGES = 500
_EDGE = re.compile(r"^  \S+ (?:-->|---)", re.MULTILINE)

_SHAPES = {
    Symbol.START: ('(["', '"])'),  # stadium: terminator (kapsul)
    Symbol.END: ('(["', '"])'),
    Symbol.PROCESS: ('["', '"]'),  # rectangle: process (kotak)
    Symbol.DECISION: ('{"', '"}'),  # rhombus: decision (belah ketupat)
}


def escape_label(text: str) -> str:
    """Text safe inside a quoted Mermaid label, shown literally once rendered.

    Whitespace runs (newlines included) become one space; every character that
    is not a letter, digit or space becomes a ``#<code>;`` entity, which Mermaid
    turns back into that character as text.
    """
    collapsed = " ".join(text.split())
    return "".join(ch if ch == " " or ch.isalnum() else f"#{ord(ch)};" for ch in collapsed)


def node_id(number: int) -> str:
    return END_NODE if number == END else f"n{number}"


def copy_id(number: int, lane_number: int) -> str:
    """The node of a joint step in another actor's lane."""
    return f"n{number}l{lane_number}"


def _label(step: Step) -> str:
    text = step.keputusan.pertanyaan if step.keputusan is not None else step.uraian
    return escape_label(f"{step.number}. {text}")


def _ends_itself(step: Step) -> bool:
    """A step drawn as the end terminator (or the only step): no arrow to a separate Selesai."""
    return step.keputusan is None and step.next == (END,)


def flowchart(sop: Sop) -> str:
    """The diagram source, top to bottom, as in the official Bagian Flowchart."""
    lines = ["flowchart TD"]
    joins: list[str] = []
    for lane_number, actor in enumerate(sop.pelaksana, start=1):
        lines.append(f'  subgraph lane{lane_number}["{escape_label(actor)}"]')
        lines.append("    direction TB")
        for step in sop.kegiatan:
            if actor not in step.pelaksana:
                continue
            opening, closing = _SHAPES[step.symbol]
            if step.pelaksana[0] == actor:
                lines.append(f"    {node_id(step.number)}{opening}{_label(step)}{closing}")
            else:
                copy = copy_id(step.number, lane_number)
                lines.append(f"    {copy}{opening}{_label(step)}{closing}")
                joins.append(f"  {node_id(step.number)} --- {copy}")
        lines.append("  end")
    needs_end_node = any(target == END for step in sop.kegiatan if not _ends_itself(step) for _, target in step.targets)
    if needs_end_node:
        lines.append(f'  {END_NODE}(["Selesai"])')
    lines.extend(joins)
    for step in sop.kegiatan:
        for label, target in step.targets:
            if target == END and _ends_itself(step):
                continue  # the step itself is drawn as the end terminator
            arrow = f'-->|"{escape_label(label)}"|' if label else "-->"
            lines.append(f"  {node_id(step.number)} {arrow} {node_id(target)}")
    return "\n".join(lines) + "\n"


def drawable(source: str) -> bool:
    """Whether the site's Mermaid accepts this source: within its text size and its number of edges."""
    return len(source) <= MAX_TEXT_SIZE and len(_EDGE.findall(source)) <= MAX_EDGES


def page_flowchart(sop: Sop) -> str:
    """The source an SOP page embeds, or "" when Mermaid would refuse it (the page then says so)."""
    source = flowchart(sop)
    return source if drawable(source) else ""
