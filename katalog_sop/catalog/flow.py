"""The step graph of one SOP: symbols, reachability and the main path.

Pure functions over step numbers, shared by validation (which reports what is
wrong) and rendering (which draws and totals what is right).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from katalog_sop.catalog.model import END, Step, Symbol

Edges = Mapping[int, Sequence[int]]
"""Step number -> target step numbers (``END`` for selesai)."""


def symbol_for(number: int, is_decision: bool, next_steps: Sequence[int]) -> Symbol:
    """Symbol of a step as in the format guide (katalog_sop/site/panduan/format-sumber.md).

    A decision keeps its diamond even as first step, since it needs its
    labelled exits; otherwise step 1 is the start and a step that leads only to
    ``selesai`` is an end (a fork that also goes on elsewhere stays a process).
    """
    if is_decision:
        return Symbol.DECISION
    if number == 1:
        return Symbol.START
    if tuple(next_steps) == (END,):
        return Symbol.END
    return Symbol.PROCESS


def reachable_from_start(edges: Edges) -> set[int]:
    """Step numbers reachable from step 1 (step 1 included)."""
    seen = {1}
    stack = [1]
    while stack:
        for target in edges.get(stack.pop(), ()):
            if target != END and target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def reaching_end(edges: Edges) -> set[int]:
    """Step numbers from which ``selesai`` can be reached."""
    predecessors: dict[int, list[int]] = {}
    for source, targets in edges.items():
        for target in targets:
            predecessors.setdefault(target, []).append(source)
    seen: set[int] = set()
    stack = [END]
    while stack:
        for source in predecessors.get(stack.pop(), ()):
            if source not in seen:
                seen.add(source)
                stack.append(source)
    return seen


def main_path(steps: Sequence[Step]) -> list[Step]:
    """The usual way through the procedure, from step 1 to selesai.

    At a decision it takes the branch that moves forward to the nearest later
    step (a rejection to ``selesai`` or a loop back is the exception, not the
    rule); ``selesai`` comes next, a step already visited last.
    """
    by_number = {s.number: s for s in steps}
    path: list[Step] = []
    visited: set[int] = set()
    current = 1
    while current != END and current not in visited:
        step = by_number[current]
        visited.add(current)
        path.append(step)
        current = _preferred(step.number, [target for _, target in step.targets], visited)
    return path


def _preferred(number: int, targets: Iterable[int], visited: set[int]) -> int:
    def rank(target: int) -> tuple[int, int]:
        if target == END:
            return (1, 0)
        if target in visited:
            return (2, target)
        return (0, target) if target > number else (1, target)

    return min(targets, key=rank)
