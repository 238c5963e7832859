"""The cheap nesting bound (load._depth_bound) is never below the depth the parser finds.

It decides whether a file is walked event by event before the recursive composer sees it: a bound below the
real depth would let a deep file through to the composer, which crashes far down. So it is checked against
PyYAML's own events on many texts: YAML written by PyYAML in every style and indentation, and texts put
together from the pieces that open collections (indicators, brackets, properties, every line break).
"""

from __future__ import annotations

import random

import pytest
import yaml

from katalog_sop.source import load
from katalog_sop.source.load import MAX_DEPTH, _depth_bound

BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85"]
COMPACT = ["- ", "-\t", "? ", ": ", "--- "]
CONTENT = [
    "a:",
    "b: x",
    "x",
    "[x, [y]]",
    "{a: {b: c}}",
    "!!map",
    "!!seq",
    "&x",
    "&x a:",
    "!!map a:",
    "- ",
    "",
    '"q": 1',
]


def real_depth(text: str) -> int | None:
    """The deepest nesting of collections in PyYAML's events, or None when the text is not YAML."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return deepest


def nested(rng: random.Random, depth: int) -> object:
    if depth == 0:
        return rng.choice(["x", 1, "a b", ""])
    width = rng.randint(1, 2) if depth <= 4 else 1  # a deep chain with a few small branches at its end
    if rng.random() < 0.5:
        return [*(nested(rng, depth - 1) for _ in range(width)), "y"]
    return {**{f"k{i}": nested(rng, depth - 1) for i in range(width)}, "z": 0}


@pytest.mark.parametrize("seed", range(8))
def test_the_bound_holds_for_yaml_in_every_style(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        levels = rng.randint(1, 40)
        value = nested(rng, levels)
        text = yaml.safe_dump(
            value,
            default_flow_style=rng.choice([False, None, True]),
            indent=rng.randint(2, 9),
            width=rng.randint(20, 200),
        )
        depth = real_depth(text)
        assert depth == levels  # the text is as deep as the value written, whatever the style
        assert _depth_bound(text) >= depth, text


@pytest.mark.parametrize("seed", range(8))
def test_the_bound_holds_for_texts_made_of_indicators(seed: int) -> None:
    rng = random.Random(1000 + seed)
    parsed = deep = 0
    for _ in range(3000):
        lines, indent = [], 0
        for _line in range(rng.randint(1, 14)):
            indent = max(0, indent + rng.randint(-3, 4))
            prefix = "".join(rng.choice(COMPACT) for _ in range(rng.choice([0, 0, 1, 2, 3])))
            lines.append(" " * indent + prefix + rng.choice(CONTENT))
        text = "".join(line + rng.choice(BREAKS) for line in lines)
        depth = real_depth(text)
        if depth is None:
            continue
        parsed += 1
        deep += depth >= 3
        assert _depth_bound(text) >= depth, repr(text)
    assert parsed > 40 and deep > 5  # enough of them are YAML, and nested, for the check to mean something


@pytest.mark.parametrize("text", ["a:\r" + "".join(" " * i + "b:\r" for i in range(1, 150)) + " " * 150 + "x\r"])
def test_a_deep_file_with_other_line_breaks_is_walked(text: str) -> None:
    assert real_depth(text) == 150 > MAX_DEPTH
    assert _depth_bound(text) > MAX_DEPTH
    with pytest.raises(load._TooDeep):
        load._check_depth(text)


def test_ordinary_files_are_not_walked() -> None:
    text = "nama: Uji\nlangkah:\n" + "  - uraian: a\n    pelaksana:\n      - A\n      - B\n" * 400
    assert _depth_bound(text) <= MAX_DEPTH  # 1,600 list items: their count no longer matters
